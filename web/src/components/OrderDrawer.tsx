/** One order: amounts, receiver, lines with discount shares, logistics, after-sales, reviews. */
import {
  Descriptions,
  Drawer,
  Empty,
  Rate,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, type OrderDetail } from "../api.ts";
import { formatDateTime, formatFen } from "../format.ts";
import { useShop } from "../session.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { OrderStatusTag } from "./OrderStatusTag.tsx";
import { useApi } from "./useApi.ts";

export function OrderDrawer({ orderId, onClose }: { orderId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { data, error, loading, reload } = useApi(
    (signal) => api.order(shop.code, orderId, signal),
    [shop.code, orderId],
  );
  const order = data?.order;
  return (
    <Drawer
      open
      size={780}
      onClose={onClose}
      data-testid="order-drawer"
      title={
        order ? (
          <Space>
            {t("order.title", { no: order.order_no })}
            <OrderStatusTag status={order.status} />
          </Space>
        ) : (
          t("common.loading")
        )
      }
    >
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !order ? <Skeleton active /> : null}
      {order ? <OrderBody order={order} /> : null}
    </Drawer>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginBottom: 20 }}>
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 8 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function OrderBody({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const tz = useShop().timeZone;
  const dt = (v: string | null) => formatDateTime(v, tz);
  const address = fullAddress(o);

  return (
    <>
      <Section title={t("order.summary")}>
        <Descriptions
          size="small"
          bordered
          column={2}
          styles={{ label: { width: 96, whiteSpace: "nowrap" } }}
        >
          <Descriptions.Item label={t("orders.createdAt")}>{dt(o.created_at)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.paidAt")}>{dt(o.paid_at)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.listFen")}>{formatFen(o.list_fen)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.discountFen")}>
            {o.discount_fen ? `-${formatFen(o.discount_fen)}` : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("order.shippingFen")}>
            {formatFen(o.shipping_fen)}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.paidFen")}>
            <Typography.Text strong>{formatFen(o.paid_fen)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.refundFen")}>
            {o.refund_fen ? formatFen(o.refund_fen) : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.shippedAt")}>{dt(o.shipped_at)}</Descriptions.Item>
          <Descriptions.Item label={t("order.carrier")}>{o.carrier ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("order.trackingNo")}>
            {o.tracking_no ? <Typography.Text copyable>{o.tracking_no}</Typography.Text> : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.receiver")}>
            {[o.receiver_name, o.receiver_phone].filter(Boolean).join(" ") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("order.address")}>{address || "—"}</Descriptions.Item>
          {o.buyer_message ? (
            <Descriptions.Item label={t("order.buyerMessage")} span={2}>
              {o.buyer_message}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Section>

      <Section title={t("order.lines")}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={o.lines}
          locale={{ emptyText: t("common.noData") }}
          columns={[
            { title: "#", dataIndex: "line_no", width: 36 },
            {
              title: t("overview.title_"),
              key: "title",
              render: (_: unknown, l) => (
                <div style={{ lineHeight: 1.35 }}>
                  <div>
                    {l.is_gift ? <Tag color="purple">{t("order.gift")}</Tag> : null}
                    {l.title}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.sku_code ?? ""}
                    {l.refunded_qty ? ` · ${t("order.refunded", { qty: l.refunded_qty })}` : ""}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t("order.unitPrice"),
              dataIndex: "unit_price_fen",
              align: "right",
              width: 96,
              render: (v: number) => formatFen(v),
            },
            { title: t("order.quantity"), dataIndex: "quantity", align: "right", width: 56 },
            {
              title: t("order.lineDiscount"),
              key: "discount",
              align: "right",
              width: 190,
              render: (_: unknown, l) => {
                const shares = Object.entries(l.shares ?? {}).filter(([, v]) => v);
                if (!l.discount_fen && shares.length === 0) return "—";
                return (
                  <div style={{ lineHeight: 1.35 }}>
                    <div style={{ color: "#cf1322" }}>-{formatFen(l.discount_fen)}</div>
                    {shares.map(([k, v]) => (
                      <div key={k} style={{ fontSize: 12, color: "#8c8c8c", whiteSpace: "nowrap" }}>
                        {k} -{formatFen(v)}
                      </div>
                    ))}
                  </div>
                );
              },
            },
            {
              title: t("order.payable"),
              dataIndex: "payable_fen",
              align: "right",
              width: 100,
              render: (v: number) => formatFen(v),
            },
          ]}
        />
      </Section>

      <Section title={t("order.logistics")}>
        {o.events.length ? (
          <Timeline
            items={[...o.events].reverse().map((e, i) => ({
              key: e.id,
              color: i === 0 ? "green" : e.kind === "exception" ? "red" : "gray",
              content: (
                <div>
                  <Space size={8}>
                    <Typography.Text strong>{t(`order.events.${e.kind}`)}</Typography.Text>
                    <Typography.Text type="secondary">{dt(e.at)}</Typography.Text>
                    {e.location ? (
                      <Typography.Text type="secondary">{e.location}</Typography.Text>
                    ) : null}
                  </Space>
                  {e.description ? <div>{e.description}</div> : null}
                </div>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("order.noLogistics")} />
        )}
      </Section>

      <Section title={t("order.afterSales")}>
        {o.afterSales.length ? (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={o.afterSales}
            columns={[
              {
                title: t("order.afterSaleType"),
                key: "kind",
                render: (_: unknown, a) => (
                  <Space size={4}>
                    <Tag>{t(`order.afterSaleKinds.${a.kind}`)}</Tag>
                    <Tag color={a.status === "rejected" ? "red" : "blue"}>
                      {t(`order.afterSaleStatuses.${a.status}`)}
                    </Tag>
                  </Space>
                ),
              },
              { title: t("order.reason"), dataIndex: "reason", render: (v: string) => v || "—" },
              {
                title: t("order.amount"),
                dataIndex: "amount_fen",
                align: "right",
                render: (v: number) => formatFen(v),
              },
              {
                title: t("order.requestedAt"),
                dataIndex: "requested_at",
                render: (v: string) => dt(v),
              },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t("order.noAfterSales")}</Typography.Text>
        )}
      </Section>

      <Section title={t("order.reviews")}>
        {o.reviews.length ? (
          o.reviews.map((r) => (
            <div key={r.id} style={{ marginBottom: 8 }}>
              <Space size={8}>
                <Rate disabled value={r.rating} style={{ fontSize: 14 }} />
                <Typography.Text type="secondary">{dt(r.at)}</Typography.Text>
                {r.has_images ? <Tag>{t("order.withImages")}</Tag> : null}
              </Space>
              <div>{r.text || "—"}</div>
            </div>
          ))
        ) : (
          <Typography.Text type="secondary">{t("order.noReviews")}</Typography.Text>
        )}
      </Section>
    </>
  );
}

/** Province, city and district before the street address, unless the address already has them. */
function fullAddress(o: OrderDetail): string {
  const street = o.address ?? "";
  const region = [o.province, o.city, o.district].filter(
    (part, i, all): part is string => !!part && !street.includes(part) && all.indexOf(part) === i,
  );
  return [...region, street].filter(Boolean).join(" ");
}
