/**
 * Attribution per step against its random holdout: conversion of treated and held-out
 * customers within a window after the send, incremental orders and GMV (from the server),
 * as a chart of the conversion rates and a table.
 */
import { Alert, Card, InputNumber, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EChart, type EChartOption } from "../components/EChart.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { formatFen, formatInt } from "../format.ts";
import { type Attribution, type Journey, outreachApi } from "../outreachApi.ts";
import { ChannelTag } from "./shared.tsx";

const rate = (buyers: number, n: number) => (n > 0 ? buyers / n : 0);
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export function AttributionPanel({ shop, journey }: { shop: string; journey: Journey }) {
  const { t } = useTranslation();
  const [windowDays, setWindowDays] = useState(7);
  const data = useApi(
    (signal) => outreachApi.attribution(shop, journey.id, windowDays, signal),
    [shop, journey.id, windowDays],
  );
  const steps = data.data?.steps ?? [];
  const noHoldout = journey.steps.every((s) => s.holdout_bp === 0);

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space wrap>
        <span>{t("outreach.attribution.window")}</span>
        <InputNumber
          min={1}
          max={60}
          value={windowDays}
          onChange={(v) => setWindowDays(Number(v) || 7)}
          suffix={t("outreach.attribution.days")}
        />
        <Typography.Text type="secondary">{t("outreach.attribution.hint")}</Typography.Text>
      </Space>
      {noHoldout ? (
        <Alert type="info" showIcon title={t("outreach.attribution.noHoldout")} />
      ) : null}
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <Card size="small" title={t("outreach.attribution.chartTitle")}>
        <RateChart steps={steps} />
      </Card>
      <Table
        size="small"
        data-testid="attribution-table"
        rowKey="stepId"
        pagination={false}
        loading={data.loading}
        dataSource={steps}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t("outreach.plan.step"),
            key: "name",
            width: 240,
            render: (_: unknown, s: Attribution) => (
              <Space size={4}>
                <ChannelTag channel={s.channel} t={t} />
                <span>{s.name}</span>
              </Space>
            ),
          },
          {
            title: t("outreach.attribution.treated"),
            align: "right",
            render: (_: unknown, s: Attribution) =>
              `${formatInt(s.treated)} · ${pct(rate(s.treatedBuyers, s.treated))}`,
          },
          {
            title: t("outreach.attribution.heldOut"),
            align: "right",
            render: (_: unknown, s: Attribution) => (
              <span>
                <span data-testid={`attr-heldOut-${s.stepId}`}>{formatInt(s.heldOut)}</span>
                {` · ${pct(rate(s.heldOutBuyers, s.heldOut))}`}
              </span>
            ),
          },
          {
            title: t("outreach.attribution.treatedGmv"),
            align: "right",
            render: (_: unknown, s: Attribution) => formatFen(s.treatedGmvFen),
          },
          {
            title: t("outreach.attribution.incrementalOrders"),
            align: "right",
            render: (_: unknown, s: Attribution) => formatInt(s.incrementalOrders),
          },
          {
            title: t("outreach.attribution.incrementalGmv"),
            align: "right",
            render: (_: unknown, s: Attribution) => (
              <Typography.Text strong {...(s.incrementalGmvFen < 0 ? { type: "danger" } : {})}>
                {formatFen(s.incrementalGmvFen)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}

function RateChart({ steps }: { steps: Attribution[] }) {
  const { t } = useTranslation();
  const option = useMemo((): EChartOption => {
    const treated = t("outreach.attribution.treatedRate");
    const held = t("outreach.attribution.heldOutRate");
    return {
      animationDuration: 300,
      grid: { left: 56, right: 24, top: 40, bottom: 56 },
      legend: { top: 4, data: [treated, held] },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: number) => `${v.toFixed(1)}%`,
      },
      xAxis: {
        type: "category",
        data: steps.map((s) => s.name),
        axisLabel: { interval: 0, width: 110, overflow: "truncate" },
      },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        {
          name: treated,
          type: "bar",
          barMaxWidth: 22,
          itemStyle: { color: "#fa8c16" },
          data: steps.map((s) => Number((rate(s.treatedBuyers, s.treated) * 100).toFixed(2))),
        },
        {
          name: held,
          type: "bar",
          barMaxWidth: 22,
          itemStyle: { color: "#bfbfbf" },
          data: steps.map((s) => Number((rate(s.heldOutBuyers, s.heldOut) * 100).toFixed(2))),
        },
      ],
    };
  }, [steps, t]);

  return <EChart option={option} height={280} testId="attribution-chart" />;
}
