/** The peak day's hourly GMV plan as bars (元), on the shared ECharts canvas. */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart, type EChartOption } from "../components/EChart.tsx";
import { fenToYuan, formatFen, formatPercent, formatYuanCompact } from "../format.ts";

export function HourlyChart({ hourlyFen, height = 260 }: { hourlyFen: number[]; height?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "zh-CN";

  const option = useMemo((): EChartOption => {
    const total = hourlyFen.reduce((a, b) => a + b, 0);
    const name = t("planning.detail.hourlySeries");
    return {
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
    };
  }, [hourlyFen, t, lang]);

  return <EChart option={option} height={height} testId="hourly-chart" />;
}
