/** Customers with their purchase totals; contact details masked for roles without PII access. */
import { Alert, Card, Input, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Customer } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { serverPagination } from "../components/pagination.ts";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { formatDate, formatFen, formatInt } from "../format.ts";
import { useShop } from "../session.tsx";

export function CustomersPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const [params, update] = useListParams();
  const q = params.get("q");
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.customers(
        shop.code,
        { ...(q ? { q } : {}), page: params.page, pageSize: params.pageSize },
        signal,
      ),
    [shop.code, q, params.page, params.pageSize],
  );
  const tz = shop.timeZone;

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        extra={
          <Input.Search
            allowClear
            style={{ width: 280 }}
            placeholder={t("customers.searchPlaceholder")}
            defaultValue={q}
            onSearch={(v) => update({ q: v.trim() })}
          />
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
          scroll={{ x: 1340 }}
          locale={{ emptyText: loading ? " " : t("customers.empty") }}
          pagination={serverPagination(params, data?.total, t, (page, pageSize) =>
            update({ page, pageSize }),
          )}
          columns={[
            {
              title: t("customers.externalId"),
              dataIndex: "externalId",
              width: 130,
              fixed: "left",
            },
            { title: t("customers.name"), dataIndex: "name", width: 100, render: dash },
            { title: t("customers.phone"), dataIndex: "phone", width: 130, render: dash },
            {
              title: t("customers.email"),
              dataIndex: "email",
              width: 180,
              ellipsis: true,
              render: dash,
            },
            {
              title: t("customers.region"),
              key: "region",
              width: 150,
              render: (_: unknown, r) =>
                [r.province, r.city !== r.province ? r.city : null].filter(Boolean).join(" ") ||
                "—",
            },
            {
              title: t("customers.tags"),
              key: "tags",
              width: 150,
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
              width: 110,
              render: (v: string | null) => formatDate(v, tz),
            },
            {
              title: t("customers.lastPaid"),
              dataIndex: "lastPaidAt",
              width: 110,
              render: (v: string | null) => formatDate(v, tz),
            },
            {
              title: t("customers.paidOrders"),
              dataIndex: "paidOrders",
              align: "right",
              width: 80,
              render: (v: number) => formatInt(v),
            },
            {
              title: t("customers.paidFen"),
              dataIndex: "paidFen",
              align: "right",
              width: 120,
              render: (v: number) => formatFen(v),
            },
            {
              title: t("customers.refundFen"),
              dataIndex: "refundFen",
              align: "right",
              width: 110,
              render: (v: number) => (v ? formatFen(v) : "—"),
            },
          ]}
        />
      </Card>
    </>
  );
}

const dash = (v: string | null) => v || "—";
