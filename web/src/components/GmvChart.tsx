/**
 * GMV (bars, 元, left axis) and paid orders (line, right axis) by day, with zoom.
 * Only the ECharts parts used here are bundled (`echarts/core`).
 */
import { BarChart, LineChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { fenToYuan, formatFen, formatInt, formatYuanCompact } from "../format.ts";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

// Lets tests and the browser console find a chart's instance: dacuEcharts.getInstanceByDom(el).
(window as unknown as { dacuEcharts?: unknown }).dacuEcharts = {
  getInstanceByDom: echarts.getInstanceByDom,
};

export interface GmvChartProps {
  daily: { day: string; gmvFen: number; orders: number }[];
  height?: number;
}

export function GmvChart({ daily, height = 340 }: GmvChartProps) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const lang = i18n.language === "en" ? "en" : "zh-CN";

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const gmvName = t("overview.gmvSeries");
    const ordersName = t("overview.ordersSeries");
    const byDay = new Map(daily.map((d) => [d.day, d]));
    c.setOption(
      {
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
      },
      { notMerge: true },
    );
  }, [daily, t, lang]);

  return <div ref={ref} data-testid="gmv-chart" style={{ width: "100%", height }} />;
}
