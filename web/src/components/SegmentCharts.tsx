/**
 * The segment page's charts: playbook segment sizes with GMV share (bars), the RFM R × F heat
 * map and a saved segment's size over time (a small line).
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatFen, formatInt } from "../format.ts";
import type { HistoryPoint, PlaybookSegments, Rfm } from "../segmentsApi.ts";
import { EChart as Chart, type EChartOption as Option } from "./EChart.tsx";

const playbookColors: Record<string, string> = {
  loyal: "#fa8c16",
  active: "#1677ff",
  general: "#bfbfbf",
};

/** Customers per playbook segment (bars) with the segment's share of GMV on the labels. */
export function PlaybookChart({ data }: { data: PlaybookSegments }) {
  const { t } = useTranslation();
  const option = useMemo<Option>(() => {
    const names = data.segments.map((s) => t(`segments.playbookNames.${s.code}`));
    return {
      animationDuration: 300,
      grid: { left: 72, right: 124, top: 8, bottom: 8 },
      tooltip: {
        trigger: "item",
        formatter: (p: unknown) => {
          const s = data.segments[(p as { dataIndex: number }).dataIndex];
          if (!s) return "";
          return `${names[(p as { dataIndex: number }).dataIndex]}<br/>${t("segments.customers")}: <b>${formatInt(s.customers)}</b><br/>${t("segments.gmv")}: <b>${formatFen(s.gmvFen)}</b><br/>${t("segments.gmvShare")}: <b>${(s.gmvShare * 100).toFixed(1)}%</b>`;
        },
      },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLine: { show: false },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 22,
          data: data.segments.map((s) => ({
            value: s.customers,
            itemStyle: { color: playbookColors[s.code] ?? "#8c8c8c", borderRadius: [0, 3, 3, 0] },
          })),
          label: {
            show: true,
            position: "right",
            formatter: (p: unknown) => {
              const s = data.segments[(p as { dataIndex: number }).dataIndex];
              return s ? `${formatInt(s.customers)} · GMV ${(s.gmvShare * 100).toFixed(1)}%` : "";
            },
          },
        },
      ],
    };
  }, [data, t]);
  return <Chart option={option} height={132} testId="playbook-chart" />;
}

/** Customers by recency score (x) and frequency score (y), 1–5 each; GMV in the tooltip. */
export function RfmHeatmap({ data }: { data: Rfm }) {
  const { t } = useTranslation();
  const option = useMemo<Option>(() => {
    const scores = [1, 2, 3, 4, 5];
    const cells = new Map(data.heatmap.map((h) => [`${h.r}:${h.f}`, h]));
    const max = Math.max(1, ...data.heatmap.map((h) => h.customers));
    return {
      animationDuration: 300,
      grid: { left: 56, right: 64, top: 12, bottom: 44 },
      tooltip: {
        formatter: (p: unknown) => {
          const [r, f] = (p as { value: [number, number, number] }).value;
          const h = cells.get(`${r + 1}:${f + 1}`);
          return `R ${r + 1} × F ${f + 1}<br/>${t("segments.customers")}: <b>${formatInt(h?.customers ?? 0)}</b><br/>${t("segments.gmv")}: <b>${formatFen(h?.gmvFen ?? 0)}</b>`;
        },
      },
      xAxis: {
        type: "category",
        name: t("segments.recency"),
        nameLocation: "middle",
        nameGap: 26,
        data: scores.map(String),
        splitArea: { show: true },
      },
      yAxis: {
        type: "category",
        name: t("segments.frequency"),
        nameLocation: "middle",
        nameGap: 32,
        data: scores.map(String),
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "vertical",
        text: [formatInt(max), "0"],
        right: 0,
        top: "middle",
        itemHeight: 140,
        itemWidth: 10,
        textStyle: { fontSize: 11 },
        inRange: { color: ["#fff7e6", "#ffc069", "#fa8c16", "#d4380d"] },
      },
      series: [
        {
          type: "heatmap",
          data: scores.flatMap((r) =>
            scores.map((f) => [r - 1, f - 1, cells.get(`${r}:${f}`)?.customers ?? 0]),
          ),
          label: { show: true, fontSize: 11 },
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
          emphasis: { itemStyle: { shadowBlur: 6, shadowColor: "rgba(0,0,0,0.3)" } },
        },
      ],
    };
  }, [data, t]);
  return <Chart option={option} height={300} testId="rfm-heatmap" />;
}

/** A saved segment's size at each refresh, as a small line without axes. */
export function HistorySparkline({
  history,
  format,
}: {
  history: HistoryPoint[];
  format: (p: HistoryPoint) => string;
}) {
  const option = useMemo<Option>(
    () => ({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: {
        trigger: "axis",
        confine: true,
        formatter: (params: unknown) => {
          const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const p = history[i];
          return p ? format(p) : "";
        },
      },
      xAxis: { type: "category", show: false, data: history.map((h) => h.refreshedAt) },
      yAxis: { type: "value", show: false, scale: true },
      series: [
        {
          type: "line",
          data: history.map((h) => h.size),
          showSymbol: history.length < 2,
          symbolSize: 4,
          lineStyle: { width: 1.5, color: "#1677ff" },
          itemStyle: { color: "#1677ff" },
          areaStyle: { color: "rgba(22,119,255,0.08)" },
        },
      ],
    }),
    [history, format],
  );
  return <Chart option={option} height={28} width={120} testId="history-sparkline" />;
}
