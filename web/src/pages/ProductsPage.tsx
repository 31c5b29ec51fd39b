/** Products. */
import { Typography } from "antd";
import { useTranslation } from "react-i18next";

export function ProductsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t("products.title")}</Typography.Title>;
}
