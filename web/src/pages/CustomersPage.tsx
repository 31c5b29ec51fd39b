/** Customers. */
import { Typography } from "antd";
import { useTranslation } from "react-i18next";

export function CustomersPage() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t("customers.title")}</Typography.Title>;
}
