/** Orders filtered by status, search and date, paged on the server; a row opens its detail. */
import { Alert, Card, DatePicker, Input, Select, Space, Table, Typography } from "antd";
import dayjs from "dayjs";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type OrderRow, type OrderStatus, orderStatuses } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { OrderStatusTag } from "../components/OrderStatusTag.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { serverPagination } from "../components/pagination.ts";
import { tableEmpty } from "../components/TableEmpty.tsx";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { formatDateTime, formatFen } from "../format.ts";
import { useShop } from "../session.tsx";

const OrderDrawer = lazy(() =>
  import("../components/OrderDrawer.tsx").then((m) => ({ default: m.OrderDrawer })),
);

const isStatus = (v: string | undefined): v is OrderStatus =>
  v !== undefined && (orderStatuses as readonly string[]).includes(v);

export function OrdersPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const [params, update] = useListParams();
  const [openId, setOpenId] = useState<number | undefined>(undefined);
  const q = params.get("q");
  const rawStatus = params.get("status");
  const status = isStatus(rawStatus) ? rawStatus : undefined;
  const from = params.get("from");
  const to = params.get("to");
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.orders(
        shop.code,
        {
          status,
          ...(q ? { q } : {}),
          from,
          to,
          page: params.page,
          pageSize: params.pageSize,
        },
        signal,
      ),
    [shop.code, status, q, from, to, params.page, params.pageSize],
  );
  const tz = shop.timeZone;

  return (
    <>
      <PageHeader
        title={t("orders.title")}
        extra={
          <Space wrap>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t("orders.allStatuses")}
              aria-label={t("orders.status")}
              data-testid="order-status-filter"
              value={status ?? null}
              onChange={(v: OrderStatus | null | undefined) => update({ status: v ?? undefined })}
              options={orderStatuses.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
            />
            <DatePicker.RangePicker
              style={{ width: 250 }}
              aria-label={t("orders.createdRange")}
              value={from && to ? [dayjs(from), dayjs(to)] : null}
              onChange={(v) => {
                const [a, b] = v ?? [];
                update({
                  from: a ? a.format("YYYY-MM-DD") : undefined,
                  to: b ? b.format("YYYY-MM-DD") : undefined,
                });
              }}
            />
            <Input.Search
              allowClear
              style={{ width: 300 }}
              placeholder={t("orders.searchPlaceholder")}
              defaultValue={q}
              onSearch={(v) => update({ q: v.trim() })}
            />
          </Space>
        }
      />
      {data?.piiMasked ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t("orders.piiMasked")} />
      ) : null}
      <ErrorAlert error={error} onRetry={reload} />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<OrderRow>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1120 }}
          locale={{ emptyText: tableEmpty(loading, t("orders.empty")) }}
          onRow={(r) => ({
            onClick: () => setOpenId(r.id),
            onKeyDown: (e) => {
              if (e.key === "Enter") setOpenId(r.id);
            },
            tabIndex: 0,
            style: { cursor: "pointer" },
          })}
          pagination={serverPagination(params, data?.total, t, (page, pageSize) =>
            update({ page, pageSize }),
          )}
          columns={[
            {
              title: t("orders.orderNo"),
              dataIndex: "orderNo",
              width: 180,
              fixed: "left",
              render: (v: string) => <Typography.Link>{v}</Typography.Link>,
            },
            {
              title: t("orders.status"),
              dataIndex: "status",
              width: 84,
              render: (v: OrderStatus) => <OrderStatusTag status={v} />,
            },
            { title: t("orders.buyer"), dataIndex: "buyer", width: 120, render: dash },
            money(t("orders.paidFen"), "paidFen", 100),
            {
              title: t("orders.discountFen"),
              dataIndex: "discountFen",
              align: "right",
              width: 84,
              render: (v: number) =>
                v ? <span style={{ color: "#cf1322" }}>-{formatFen(v)}</span> : "—",
            },
            {
              title: t("orders.refundFen"),
              dataIndex: "refundFen",
              align: "right",
              width: 90,
              render: (v: number) => (v ? formatFen(v) : "—"),
            },
            {
              title: t("orders.createdAt"),
              dataIndex: "createdAt",
              width: 136,
              render: (v: string) => formatDateTime(v, tz),
            },
            {
              title: t("orders.logistics"),
              key: "logistics",
              width: 150,
              render: (_: unknown, r) =>
                r.trackingNo ? (
                  <div style={{ lineHeight: 1.3 }}>
                    <div>{r.carrier ?? "—"}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.trackingNo}
                    </Typography.Text>
                  </div>
                ) : (
                  "—"
                ),
            },
            {
              title: t("orders.receiver"),
              key: "receiver",
              width: 170,
              render: (_: unknown, r) => (
                <div style={{ lineHeight: 1.3 }}>
                  <div>
                    {r.receiverName ?? "—"}{" "}
                    <Typography.Text type="secondary">{r.receiverPhone ?? ""}</Typography.Text>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.province, r.city !== r.province ? r.city : null].filter(Boolean).join(" ")}
                  </Typography.Text>
                </div>
              ),
            },
          ]}
        />
      </Card>
      {openId !== undefined ? (
        <Suspense fallback={null}>
          <OrderDrawer orderId={openId} onClose={() => setOpenId(undefined)} />
        </Suspense>
      ) : null}
    </>
  );
}

const dash = (v: string | null) => v || "—";

function money(title: string, dataIndex: keyof OrderRow, width: number) {
  return {
    title,
    dataIndex,
    align: "right" as const,
    width,
    render: (v: number) => (
      <span style={{ fontVariantNumeric: "tabular-nums" }}>{formatFen(v)}</span>
    ),
  };
}
