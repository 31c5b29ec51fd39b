/**
 * GMV (bars, 元, left axis) and paid orders (line, right axis) by day, with zoom.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { fenToYuan, formatFen, formatInt, formatYuanCompact } from "../format.ts";
import { EChart, type EChartOption } from "./EChart.tsx";

export interface GmvChartProps {
  daily: { day: string; gmvFen: number; orders: number }[];
  height?: number;
}

export function GmvChart({ daily, height = 340 }: GmvChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";

  const option = useMemo((): EChartOption => {
    const gmvName = t("overview.gmvSeries");
    const ordersName = t("overview.ordersSeries");
    const byDay = new Map(daily.map((d) => [d.day, d]));
    return {
      animationDuration: 300,
      grid: { left: 64, right: 48, top: 40, bottom: 72 },
      legend: { top: 4, data: [gmvName, ordersName] },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params: unknown) => {
          const list = params as { axisValue: string }[];
          const day = list[0]?.axisValue ?? "";
          const d = byDay.get(day);
          if (!d) return day;
          return `${day}<br/>${gmvName}: <b>${formatFen(d.gmvFen)}</b><br/>${ordersName}: <b>${formatInt(d.orders)}</b>`;
        },
      },
      xAxis: {
        type: "category",
        data: daily.map((d) => d.day),
        axisTick: { alignWithLabel: true },
      },
      yAxis: [
        {
          type: "value",
          name: gmvName,
          minInterval: 1,
          axisLabel: { formatter: (v: number) => formatYuanCompact(v, lang) },
          splitLine: { lineStyle: { color: "#f0f0f0" } },
        },
        {
          type: "value",
          name: ordersName,
          minInterval: 1,
          splitLine: { show: false },
        },
      ],
      dataZoom: [
        { type: "inside", xAxisIndex: 0 },
        { type: "slider", xAxisIndex: 0, height: 20, bottom: 12 },
      ],
      series: [
        {
          name: gmvName,
          type: "bar",
          yAxisIndex: 0,
          itemStyle: { color: "#fa8c16" },
          barMaxWidth: 18,
          data: daily.map((d) => fenToYuan(d.gmvFen)),
        },
        {
          name: ordersName,
          type: "line",
          yAxisIndex: 1,
          smooth: true,
          showSymbol: false,
          itemStyle: { color: "#1677ff" },
          data: daily.map((d) => d.orders),
        },
      ],
    };
  }, [daily, t, lang]);

  return <EChart option={option} height={height} testId="gmv-chart" />;
}
