/** SKUs with price, cost, floor price and margin, stock and sales; filtered and paged on the server. */
import { FireFilled } from "@ant-design/icons";
import { Card, Checkbox, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Sku } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { serverPagination } from "../components/pagination.ts";
import { tableEmpty } from "../components/TableEmpty.tsx";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { formatFen, formatInt, formatPercent } from "../format.ts";
import { useShop } from "../session.tsx";

export function ProductsPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const [params, update] = useListParams();
  const q = params.get("q");
  const category = params.get("category");
  const hero = params.get("hero") === "1";
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.skus(
        shop.code,
        {
          ...(q ? { q } : {}),
          ...(category ? { category } : {}),
          hero,
          page: params.page,
          pageSize: params.pageSize,
        },
        signal,
      ),
    [shop.code, q, category, hero, params.page, params.pageSize],
  );

  return (
    <>
      <PageHeader
        title={t("products.title")}
        extra={
          <Space wrap>
            <Input.Search
              allowClear
              style={{ width: 260 }}
              placeholder={t("products.searchPlaceholder")}
              defaultValue={q}
              onSearch={(v) => update({ q: v.trim() })}
            />
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={t("products.allCategories")}
              value={category ?? null}
              onChange={(v: string | null | undefined) => update({ category: v ?? undefined })}
              options={(data?.categories ?? []).map((c) => ({ value: c, label: c }))}
            />
            <Checkbox
              checked={hero}
              onChange={(e) => update({ hero: e.target.checked ? "1" : undefined })}
            >
              {t("products.heroOnly")}
            </Checkbox>
          </Space>
        }
      />
      <ErrorAlert error={error} onRetry={reload} />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Sku>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1200 }}
          locale={{ emptyText: tableEmpty(loading, t("products.empty")) }}
          pagination={serverPagination(params, data?.total, t, (page, pageSize) =>
            update({ page, pageSize }),
          )}
          columns={[
            {
              title: t("products.code"),
              dataIndex: "code",
              width: 120,
              fixed: "left",
              render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
            },
            {
              title: t("products.name"),
              key: "name",
              width: 300,
              render: (_: unknown, r) => (
                <div style={{ lineHeight: 1.35 }}>
                  <div>
                    {r.isHero ? (
                      <Tag color="red" icon={<FireFilled />} style={{ marginInlineEnd: 6 }}>
                        {t("products.hero")}
                      </Tag>
                    ) : null}
                    {r.title}
                  </div>
                  {r.spec ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.spec}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            { title: t("products.category"), dataIndex: "category", width: 90 },
            money(t("products.price"), "priceFen"),
            money(t("products.cost"), "costFen"),
            {
              title: t("products.floor"),
              dataIndex: "floorPriceFen",
              align: "right",
              width: 110,
              render: (v: number | null) => (v === null ? "—" : formatFen(v)),
            },
            {
              title: t("products.margin"),
              key: "margin",
              align: "right",
              width: 90,
              render: (_: unknown, r) => {
                const m = r.priceFen ? (r.priceFen - r.costFen) / r.priceFen : 0;
                return (
                  <span style={{ color: m < 0.2 ? "#cf1322" : undefined }}>
                    {formatPercent(r.priceFen - r.costFen, r.priceFen)}
                  </span>
                );
              },
            },
            {
              title: t("products.stock"),
              dataIndex: "stock",
              align: "right",
              width: 90,
              render: (v: number) => (
                <span style={{ color: v <= 10 ? "#cf1322" : undefined }}>{formatInt(v)}</span>
              ),
            },
            {
              title: t("products.unitsSold"),
              dataIndex: "unitsSold",
              align: "right",
              width: 90,
              render: (v: number) => formatInt(v),
            },
            money(t("products.gmv"), "gmvFen", 130),
          ]}
        />
      </Card>
    </>
  );
}

function money(title: string, dataIndex: keyof Sku, width = 100) {
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
