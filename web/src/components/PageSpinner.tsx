/** Shown while a page's code or data loads. */
import { Spin } from "antd";
import { useTranslation } from "react-i18next";

export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <Spin description={t("common.loading")} />
    </div>
  );
}
