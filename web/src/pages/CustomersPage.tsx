/** Customers with their purchase totals; contact details masked for roles without PII access. */
import { Alert, Card, Input, Select, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Customer } from "../api.ts";
import { CustomerTimeline } from "../components/CustomerTimeline.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { serverPagination } from "../components/pagination.ts";
import { tableEmpty } from "../components/TableEmpty.tsx";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { formatDate, formatFen, formatInt } from "../format.ts";
import { segmentMembersAsCustomers, segmentsApi } from "../segmentsApi.ts";
import { useShop } from "../session.tsx";

export function CustomersPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const [params, update] = useListParams();
  const q = params.get("q");
  // A saved segment (`?segment=id`) lists its members instead of searching all customers.
  const segment = Number(params.get("segment")) || undefined;
  const [timelineId, setTimelineId] = useState<number | null>(null);
  const segments = useApi((signal) => segmentsApi.list(shop.code, signal), [shop.code]);
  const { data, error, loading, reload } = useApi(
    (signal) =>
      segment
        ? segmentMembersAsCustomers(
            shop.code,
            segment,
            { page: params.page, pageSize: params.pageSize },
            signal,
          )
        : api.customers(
            shop.code,
            { ...(q ? { q } : {}), page: params.page, pageSize: params.pageSize },
            signal,
          ),
    [shop.code, q, segment, params.page, params.pageSize],
  );
  const tz = shop.timeZone;

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        extra={
          <>
            <Select<number>
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              style={{ width: 220 }}
              placeholder={t("segments.filter.placeholder")}
              value={segment ?? null}
              onChange={(v) => update({ segment: v })}
              options={(segments.data?.segments ?? []).map((s) => ({
                value: s.id,
                label: `${s.name} (${formatInt(s.size)})`,
              }))}
              data-testid="segment-filter"
            />
            <Input.Search
              disabled={segment !== undefined}
              allowClear
              style={{ width: 280 }}
              placeholder={t("customers.searchPlaceholder")}
              defaultValue={q}
              onSearch={(v) => update({ q: v.trim() })}
            />
          </>
        }
      />
      {data?.piiMasked ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="pii-masked"
          title={t("customers.piiMasked")}
        />
      ) : null}
      <ErrorAlert error={error} onRetry={reload} />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Customer>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1200 }}
          onRow={(r) => ({ onClick: () => setTimelineId(r.id), style: { cursor: "pointer" } })}
          locale={{ emptyText: tableEmpty(loading, t("customers.empty")) }}
          pagination={serverPagination(params, data?.total, t, (page, pageSize) =>
            update({ page, pageSize }),
          )}
          columns={[
            {
              title: t("customers.externalId"),
              dataIndex: "externalId",
              width: 110,
              fixed: "left",
            },
            { title: t("customers.name"), dataIndex: "name", width: 90, render: dash },
            { title: t("customers.phone"), dataIndex: "phone", width: 120, render: dash },
            {
              title: t("customers.email"),
              dataIndex: "email",
              width: 160,
              ellipsis: true,
              render: dash,
            },
            {
              title: t("customers.region"),
              key: "region",
              width: 120,
              render: (_: unknown, r) =>
                [r.province, r.city !== r.province ? r.city : null].filter(Boolean).join(" ") ||
                "—",
            },
            {
              title: t("customers.tags"),
              key: "tags",
              width: 130,
              render: (_: unknown, r) => (
                <>
                  {r.isMember ? <Tag color="gold">{t("customers.member")}</Tag> : null}
                  {r.tags.map((tag) => (
                    <Tag key={tag}>{tag}</Tag>
                  ))}
                </>
              ),
            },
            {
              title: t("customers.firstPaid"),
              dataIndex: "firstPaidAt",
              width: 100,
              render: (v: string | null) => formatDate(v, tz),
            },
            {
              title: t("customers.lastPaid"),
              dataIndex: "lastPaidAt",
              width: 100,
              render: (v: string | null) => formatDate(v, tz),
            },
            {
              title: t("customers.paidOrders"),
              dataIndex: "paidOrders",
              align: "right",
              width: 70,
              render: (v: number) => formatInt(v),
            },
            {
              title: t("customers.paidFen"),
              dataIndex: "paidFen",
              align: "right",
              width: 110,
              render: (v: number) => formatFen(v),
            },
            {
              title: t("customers.refundFen"),
              dataIndex: "refundFen",
              align: "right",
              width: 100,
              render: (v: number) => (v ? formatFen(v) : "—"),
            },
          ]}
        />
      </Card>
      {timelineId !== null ? (
        <CustomerTimeline customerId={timelineId} onClose={() => setTimelineId(null)} />
      ) : null}
    </>
  );
}

const dash = (v: string | null) => v || "—";
