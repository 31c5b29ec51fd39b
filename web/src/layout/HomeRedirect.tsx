/** `/`: to the last used shop's overview, or the first shop's. */
import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { errorMessage } from "../api.ts";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { defaultShopPage } from "../pages/registry.ts";
import { useEnsureSession } from "../session.tsx";

const lastShopKey = "dacu.shop";

export function rememberShop(code: string): void {
  try {
    localStorage.setItem(lastShopKey, code);
  } catch {
    // not remembered
  }
}

function lastShop(): string | null {
  try {
    return localStorage.getItem(lastShopKey);
  } catch {
    return null;
  }
}

export function HomeRedirect() {
  const { t } = useTranslation();
  const { me, error, reload } = useEnsureSession();
  if (error && error.status !== 401) {
    return (
      <Result
        status="error"
        title={errorMessage(error)}
        extra={<Button onClick={() => void reload()}>{t("common.retry")}</Button>}
      />
    );
  }
  if (!me) return <PageSpinner />;
  const remembered = lastShop();
  const shop = me.shops.find((s) => s.code === remembered) ?? me.shops[0];
  if (!shop) {
    return <Result status="info" title={t("noShop.title")} subTitle={t("noShop.description")} />;
  }
  return <Navigate to={`/shops/${shop.code}/${defaultShopPage}`} replace />;
}
