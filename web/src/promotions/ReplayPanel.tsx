/**
 * Replay: the campaign's promotions applied to a past period's real orders (by default last
 * year's window of the campaign). Totals, the per-SKU table (discount cost, margin after
 * discounts and gifts), the share of orders reaching each threshold, a chart of the SKUs that
 * cost most, and the server's CSV / XLSX files.
 */
import { DownloadOutlined, HistoryOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  DatePicker,
  Progress,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { EChart, type EChartOption } from "../components/EChart.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { fenToYuan, formatFen, formatInt, formatPercent, formatYuanCompact } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import type { Campaign } from "../planning/api.ts";
import { useShop } from "../session.tsx";
import { promotionsApi, type ReplayFigures, type ReplayRequest, type ReplayResult } from "./api.ts";
import { lastYearWindow } from "./model.ts";

/** How many SKUs the chart shows (those with the largest discount cost). */
const chartSkus = 15;

type SkuRow = ReplayFigures & { sku: string };

export function ReplayPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const [period, setPeriod] = useState(() =>
    lastYearWindow(campaign.phases.warmupStart, campaign.phases.peakEnd),
  );
  const [couponsHeld, setCouponsHeld] = useState(true);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<ReplayResult | undefined>(undefined);
  const [exporting, setExporting] = useState<"csv" | "xlsx" | undefined>(undefined);

  const body: ReplayRequest = { campaignId: campaign.id, ...period, couponsHeld };

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await promotionsApi.replay(shop.code, body));
    } catch (err) {
      setError(err);
      setResult(undefined);
    } finally {
      setRunning(false);
    }
  };

  const download = async (format: "csv" | "xlsx") => {
    setExporting(format);
    try {
      const f = await promotionsApi.replayExport(shop.code, body, format);
      const url = URL.createObjectURL(f.blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = f.filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(undefined);
    }
  };

  const lang = currentLanguage();
  const chart = useMemo<EChartOption | undefined>(() => {
    if (!result || result.skus.length === 0) return undefined;
    const top = [...result.skus]
      .sort((a, b) => b.discountFen - a.discountFen || a.sku.localeCompare(b.sku))
      .slice(0, chartSkus);
    return {
      tooltip: { trigger: "axis" },
      legend: {
        top: 0,
        data: [t("promotions.replay.discount"), t("promotions.replay.margin")],
      },
      grid: { left: 64, right: 16, top: 36, bottom: 64 },
      xAxis: {
        type: "category",
        data: top.map((s) => s.sku),
        axisLabel: { rotate: 30, fontSize: 11 },
      },
      yAxis: {
        type: "value",
        axisLabel: { formatter: (v: number) => formatYuanCompact(v, lang) },
      },
      series: [
        {
          name: t("promotions.replay.discount"),
          type: "bar",
          data: top.map((s) => fenToYuan(s.discountFen)),
          itemStyle: { color: "#fa8c16" },
        },
        {
          name: t("promotions.replay.margin"),
          type: "bar",
          data: top.map((s) => fenToYuan(s.marginFen)),
          itemStyle: { color: "#52c41a" },
        },
      ],
    };
  }, [result, t, lang]);

  const money = (k: keyof ReplayFigures, title: string) => ({
    title,
    dataIndex: k,
    align: "right" as const,
    sorter: (a: SkuRow, b: SkuRow) => a[k] - b[k],
    render: (v: number) => (
      <span style={v < 0 ? { color: "#cf1322" } : undefined}>{formatFen(v)}</span>
    ),
  });

  const totals = result?.totals;
  return (
    <Card
      size="small"
      title={
        <Space>
          <HistoryOutlined />
          {t("promotions.replay.title")}
        </Space>
      }
      data-testid="replay"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("promotions.replay.hint")}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t("promotions.replay.period")}</span>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(v) => {
            if (v?.[0] && v[1])
              setPeriod({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") });
          }}
          data-testid="replay-period"
        />
        <Switch
          checked={couponsHeld}
          onChange={setCouponsHeld}
          checkedChildren={t("promotions.replay.couponsHeld")}
          unCheckedChildren={t("promotions.replay.couponsNotHeld")}
          data-testid="replay-coupons"
        />
        <Button type="primary" onClick={run} loading={running} data-testid="replay-run">
          {t("promotions.replay.run")}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => download("csv")}
          loading={exporting === "csv"}
          disabled={!result}
          data-testid="replay-csv"
        >
          CSV
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => download("xlsx")}
          loading={exporting === "xlsx"}
          disabled={!result}
          data-testid="replay-xlsx"
        >
          XLSX
        </Button>
      </Space>
      <ErrorAlert error={error} onRetry={run} />
      {result && totals ? (
        <>
          <Space size={32} wrap style={{ marginBottom: 12 }} data-testid="replay-totals">
            <div data-testid="replay-orders">
              <Statistic title={t("promotions.replay.orders")} value={formatInt(result.orders)} />
            </div>
            <div data-testid="replay-list">
              <Statistic title={t("promotions.replay.list")} value={formatFen(totals.listFen)} />
            </div>
            <div data-testid="replay-discount">
              <Statistic
                title={t("promotions.replay.discount")}
                value={formatFen(totals.discountFen)}
                suffix={<small>{formatPercent(totals.discountFen, totals.listFen)}</small>}
              />
            </div>
            <div data-testid="replay-gift">
              <Statistic
                title={t("promotions.replay.giftCost")}
                value={formatFen(totals.giftCostFen)}
              />
            </div>
            <div data-testid="replay-net">
              <Statistic
                title={t("promotions.replay.net")}
                value={formatFen(totals.merchantNetFen)}
              />
            </div>
            <div data-testid="replay-margin">
              <Statistic
                title={t("promotions.replay.margin")}
                value={formatFen(totals.marginFen)}
                suffix={<small>{formatPercent(totals.marginFen, totals.merchantNetFen)}</small>}
                styles={{ content: totals.marginFen < 0 ? { color: "#cf1322" } : {} }}
              />
            </div>
          </Space>
          {chart ? <EChart option={chart} height={280} testId="replay-chart" /> : null}
          <Typography.Title level={5}>{t("promotions.replay.thresholds")}</Typography.Title>
          <Table
            size="small"
            rowKey={(r) => `${r.promotionId}:${r.thresholdFen}`}
            dataSource={result.thresholds}
            pagination={false}
            data-testid="replay-thresholds"
            locale={{ emptyText: t("promotions.replay.noThresholds") }}
            columns={[
              { title: t("promotions.list.name"), dataIndex: "name" },
              {
                title: t("promotions.list.kind"),
                dataIndex: "kind",
                render: (k: string) => <Tag>{t(`promotions.kinds.${k}`, { defaultValue: k })}</Tag>,
              },
              {
                title: t("promotions.replay.threshold"),
                dataIndex: "thresholdFen",
                align: "right",
                render: (v: number) => formatFen(v),
              },
              {
                title: t("promotions.replay.orders"),
                dataIndex: "orders",
                align: "right",
                render: (v: number) => formatInt(v),
              },
              {
                title: t("promotions.replay.share"),
                dataIndex: "share",
                width: 220,
                render: (v: number) => (
                  <Progress
                    percent={Math.round(v * 1000) / 10}
                    size="small"
                    format={(p) => `${(p ?? 0).toFixed(1)}%`}
                  />
                ),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t("promotions.replay.skus", { count: result.skus.length })}
          </Typography.Title>
          <Table<SkuRow>
            size="small"
            rowKey="sku"
            dataSource={result.skus}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 1000 }}
            data-testid="replay-skus"
            columns={[
              { title: "SKU", dataIndex: "sku", fixed: "left" },
              {
                title: t("promotions.replay.units"),
                dataIndex: "units",
                align: "right",
                sorter: (a, b) => a.units - b.units,
                render: (v: number) => formatInt(v),
              },
              money("listFen", t("promotions.replay.list")),
              money("discountFen", t("promotions.replay.discount")),
              money("payableFen", t("promotions.replay.payable")),
              money("platformFundedFen", t("promotions.replay.platform")),
              money("giftCostFen", t("promotions.replay.giftCost")),
              money("merchantNetFen", t("promotions.replay.net")),
              money("costFen", t("promotions.replay.cost")),
              money("marginFen", t("promotions.replay.margin")),
            ]}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row data-testid="replay-total-row">
                  <Table.Summary.Cell index={0}>
                    <b>{t("promotions.replay.total")}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {formatInt(totals.units)}
                  </Table.Summary.Cell>
                  {(
                    [
                      "listFen",
                      "discountFen",
                      "payableFen",
                      "platformFundedFen",
                      "giftCostFen",
                      "merchantNetFen",
                      "costFen",
                      "marginFen",
                    ] as const
                  ).map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 2} align="right">
                      <b>{formatFen(totals[k])}</b>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}
