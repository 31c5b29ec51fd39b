/**
 * The one ECharts canvas every chart of the UI draws on: it follows its container's size and
 * redraws when `option` changes. Only the ECharts parts the UI uses are bundled
 * (`echarts/core`); a chart of a new kind registers its part here.
 */
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

// Lets tests and the browser console find a chart's instance: dacuEcharts.getInstanceByDom(el).
(window as unknown as { dacuEcharts?: unknown }).dacuEcharts = {
  getInstanceByDom: echarts.getInstanceByDom,
};

export type EChartOption = Parameters<echarts.ECharts["setOption"]>[0];

export function EChart({
  option,
  height,
  width = "100%",
  testId,
}: {
  option: EChartOption;
  height: number;
  width?: number | string;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
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
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={ref} data-testid={testId} style={{ width, height }} />;
}
