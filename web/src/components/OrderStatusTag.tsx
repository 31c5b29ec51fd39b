/** An order status in the platform's words (待发货, 交易成功 …), coloured by stage. */
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { OrderStatus } from "../api.ts";

export const statusColor: Record<OrderStatus, string> = {
  created: "default",
  paid: "orange",
  shipped: "blue",
  signed: "cyan",
  completed: "green",
  refunding: "magenta",
  refunded: "red",
  closed: "default",
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.statuses.${status}`)}
    </Tag>
  );
}
