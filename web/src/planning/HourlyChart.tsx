/** The peak day's hourly GMV plan as bars (元), with `echarts/core`. */
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { fenToYuan, formatFen, formatPercent, formatYuanCompact } from "../format.ts";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);
(window as unknown as { dacuEcharts?: unknown }).dacuEcharts = {
  getInstanceByDom: echarts.getInstanceByDom,
};

export function HourlyChart({ hourlyFen, height = 260 }: { hourlyFen: number[]; height?: number }) {
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
    const total = hourlyFen.reduce((a, b) => a + b, 0);
    const name = t("planning.detail.hourlySeries");
    c.setOption(
      {
        animationDuration: 300,
        grid: { left: 64, right: 16, top: 24, bottom: 28 },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter: (params: unknown) => {
            const p = (params as { dataIndex: number }[])[0];
            if (!p) return "";
            const fen = hourlyFen[p.dataIndex] ?? 0;
            return `${t("planning.detail.hour", { h: p.dataIndex })}<br/>${name}: <b>${formatFen(fen)}</b> (${formatPercent(fen, total)})`;
          },
        },
        xAxis: {
          type: "category",
          data: hourlyFen.map((_, h) => String(h).padStart(2, "0")),
          axisTick: { alignWithLabel: true },
        },
        yAxis: {
          type: "value",
          axisLabel: { formatter: (v: number) => formatYuanCompact(v, lang) },
          splitLine: { lineStyle: { color: "#f0f0f0" } },
        },
        series: [
          {
            name,
            type: "bar",
            barMaxWidth: 22,
            data: hourlyFen.map((f, h) => ({
              value: fenToYuan(f),
              itemStyle: { color: h < 2 ? "#d4380d" : h >= 20 ? "#fa8c16" : "#ffbb96" },
            })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [hourlyFen, t, lang]);

  return <div ref={ref} data-testid="hourly-chart" style={{ width: "100%", height }} />;
}
