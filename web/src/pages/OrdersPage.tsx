/** Orders. */
import { Typography } from "antd";
import { useTranslation } from "react-i18next";

export function OrdersPage() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t("orders.title")}</Typography.Title>;
}
