/** One customer's orders, reviews and after-sales in time order, in a drawer. */
import {
  Descriptions,
  Drawer,
  Empty,
  Rate,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatFen, formatInt } from "../format.ts";
import { segmentsApi, type TimelineEvent } from "../segmentsApi.ts";
import { useShop } from "../session.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { OrderDrawer } from "./OrderDrawer.tsx";
import { useApi } from "./useApi.ts";

const colors: Record<TimelineEvent["type"], string> = {
  order: "blue",
  review: "green",
  after_sale: "orange",
};

export function CustomerTimeline({
  customerId,
  onClose,
}: {
  customerId: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const [orderId, setOrderId] = useState<number | null>(null);
  const { data, error, loading, reload } = useApi(
    (signal) => segmentsApi.timeline(shop.code, customerId, signal),
    [shop.code, customerId],
  );
  const c = data?.customer;
  const tz = shop.timeZone;

  const describe = (e: TimelineEvent) => {
    const orderLink = (
      <Typography.Link onClick={() => setOrderId(e.orderId)}>{e.orderNo}</Typography.Link>
    );
    if (e.type === "order")
      return (
        <Space wrap size={6}>
          {orderLink}
          {e.status ? <Tag>{t(`orders.statuses.${e.status}`, e.status)}</Tag> : null}
          <Typography.Text strong>{formatFen(e.amountFen)}</Typography.Text>
        </Space>
      );
    if (e.type === "review")
      return (
        <div>
          <Space size={6}>
            <Rate disabled value={e.rating ?? 0} style={{ fontSize: 12 }} />
            {orderLink}
          </Space>
          {e.text ? (
            <div>
              <Typography.Text type="secondary">{e.text}</Typography.Text>
            </div>
          ) : null}
        </div>
      );
    return (
      <div>
        <Space wrap size={6}>
          {e.kind ? <Tag color="orange">{t(`order.afterSaleKinds.${e.kind}`, e.kind)}</Tag> : null}
          {e.status ? t(`order.afterSaleStatuses.${e.status}`, e.status) : null}
          {e.amountFen ? <Typography.Text strong>{formatFen(e.amountFen)}</Typography.Text> : null}
          {orderLink}
        </Space>
        {e.text ? <Typography.Text type="secondary">{e.text}</Typography.Text> : null}
      </div>
    );
  };

  return (
    <Drawer
      open
      size={560}
      onClose={onClose}
      data-testid="customer-timeline"
      title={c ? `${t("segments.timeline.title")} · ${c.externalId}` : t("common.loading")}
    >
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data ? <Skeleton active /> : null}
      {c ? (
        <Descriptions
          size="small"
          column={2}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { label: t("customers.name"), children: c.name || "—" },
            { label: t("customers.phone"), children: c.phone || "—" },
            {
              label: t("customers.region"),
              children:
                [c.province, c.city !== c.province ? c.city : null].filter(Boolean).join(" ") ||
                "—",
            },
            {
              label: t("customers.tags"),
              children: (
                <>
                  {c.isMember ? <Tag color="gold">{t("customers.member")}</Tag> : null}
                  {c.tags.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                  {!c.isMember && c.tags.length === 0 ? "—" : null}
                </>
              ),
            },
            { label: t("customers.paidOrders"), children: formatInt(c.paidOrders) },
            { label: t("customers.paidFen"), children: formatFen(c.paidFen) },
          ]}
        />
      ) : null}
      {data && data.events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("segments.timeline.empty")} />
      ) : null}
      {data && data.events.length > 0 ? (
        <Timeline
          data-testid="timeline-events"
          items={data.events.map((e) => ({
            key: `${e.type}-${e.id}`,
            color: colors[e.type],
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Space size={8} style={{ marginBottom: 2 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at, tz)}
                  </Typography.Text>
                  <Tag color={colors[e.type]} style={{ marginInlineEnd: 0 }}>
                    {t(`segments.timeline.types.${e.type}`)}
                  </Tag>
                </Space>
                <div>{describe(e)}</div>
              </div>
            ),
          }))}
        />
      ) : null}
      {orderId !== null ? <OrderDrawer orderId={orderId} onClose={() => setOrderId(null)} /> : null}
    </Drawer>
  );
}
