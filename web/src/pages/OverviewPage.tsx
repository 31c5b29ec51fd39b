/** KPIs, GMV and orders by day, top SKUs over a period (default: the last 365 days). */
import { Alert, Card, Col, DatePicker, Row, Statistic, Table, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Overview } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { useApi } from "../components/useApi.ts";
import { addDays, formatFen, formatInt, formatPercent, todayIn } from "../format.ts";
import { useShop } from "../session.tsx";

const GmvChart = lazy(() =>
  import("../components/GmvChart.tsx").then((m) => ({ default: m.GmvChart })),
);

interface Range {
  from: string;
  to: string;
}

const lastDays = (today: string, days: number): Range => ({
  from: addDays(today, -(days - 1)),
  to: today,
});

export function OverviewPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const today = todayIn(shop.timeZone);
  const [range, setRange] = useState<Range>(() => lastDays(today, 365));
  const { data, error, loading, reload } = useApi(
    (signal) => api.overview(shop.code, range, signal),
    [shop.code, range.from, range.to],
  );

  const presets = [30, 90, 365].map((n) => {
    const r = lastDays(today, n);
    return {
      label: t(n === 30 ? "overview.last30" : n === 90 ? "overview.last90" : "overview.last365"),
      value: [dayjs(r.from), dayjs(r.to)] as [Dayjs, Dayjs],
    };
  });

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("overview.title")}
        </Typography.Title>
        <Typography.Text type="secondary">
          {shop.name} · {t("overview.timeZone", { tz: shop.timeZone })}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        <span>{t("overview.range")}</span>
        <DatePicker.RangePicker
          data-testid="overview-range"
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          presets={presets}
          disabledDate={(d) => d.format("YYYY-MM-DD") > today}
          onChange={(v) => {
            const [a, b] = v ?? [];
            if (a && b) setRange({ from: a.format("YYYY-MM-DD"), to: b.format("YYYY-MM-DD") });
          }}
        />
      </div>
      <ErrorAlert error={error} onRetry={reload} />
      {data ? <OverviewBody data={data} loading={loading} /> : loading ? <PageSpinner /> : null}
    </div>
  );
}

function OverviewBody({ data, loading }: { data: Overview; loading: boolean }) {
  const { t } = useTranslation();
  const shop = useShop();
  const k = data.kpis;
  const kpis = [
    { key: "gmv", title: t("overview.gmv"), value: formatFen(k.gmvFen) },
    { key: "orders", title: t("overview.orders"), value: formatInt(k.orders) },
    { key: "buyers", title: t("overview.buyers"), value: formatInt(k.buyers) },
    { key: "aov", title: t("overview.aov"), value: formatFen(k.aovFen) },
    {
      key: "refund",
      title: (
        <Tooltip title={t("overview.refundRateHint", { amount: formatFen(k.refundFen) })}>
          <span style={{ borderBottom: "1px dashed #bfbfbf" }}>{t("overview.refundRate")}</span>
        </Tooltip>
      ),
      value: formatPercent(k.refundedOrders, k.orders),
    },
  ];
  const topRows = useMemo(() => data.topSkus.map((s, i) => ({ ...s, rank: i + 1 })), [data]);

  return (
    <>
      <Row gutter={[12, 12]}>
        {kpis.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={24 / 5} style={{ flex: "1 1 0" }}>
            <Card size="small" loading={false} data-testid={`kpi-${c.key}`}>
              <Statistic
                title={c.title}
                value={c.value}
                styles={{ content: { fontSize: 22, fontVariantNumeric: "tabular-nums" } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {k.orders === 0 ? (
        <Alert
          type="info"
          showIcon
          title={t("overview.empty")}
          action={<Link to={`/shops/${shop.code}/import`}>{t("overview.goImport")}</Link>}
        />
      ) : null}
      <Card size="small" title={t("overview.chartTitle")} loading={false}>
        <Suspense fallback={<div style={{ height: 340 }} />}>
          <div style={{ opacity: loading ? 0.5 : 1, transition: "opacity .2s" }}>
            <GmvChart daily={data.daily} />
          </div>
        </Suspense>
      </Card>
      <Card size="small" title={t("overview.topSkus")}>
        <Table
          size="small"
          rowKey={(r) => `${r.rank}`}
          pagination={false}
          loading={loading}
          dataSource={topRows}
          locale={{ emptyText: t("common.noData") }}
          columns={[
            { title: "#", dataIndex: "rank", width: 48 },
            {
              title: t("overview.sku"),
              dataIndex: "skuCode",
              width: 160,
              render: (v: string | null) => v ?? "—",
            },
            { title: t("overview.title_"), dataIndex: "title", ellipsis: true },
            {
              title: t("overview.units"),
              dataIndex: "units",
              align: "right",
              width: 100,
              render: (v: number) => formatInt(v),
            },
            {
              title: "GMV",
              dataIndex: "gmvFen",
              align: "right",
              width: 140,
              render: (v: number) => formatFen(v),
            },
            {
              title: t("overview.share"),
              key: "share",
              align: "right",
              width: 90,
              render: (_: unknown, r) => formatPercent(r.gmvFen, k.gmvFen),
            },
          ]}
        />
      </Card>
    </>
  );
}
