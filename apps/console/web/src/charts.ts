// Apache ECharts, only the parts the console draws (tree-shaken): scatter (large mode, drawn
// progressively, for 100k points), bars for histograms, lines for time series, parallel coordinates.
import { BarChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  ScatterChart,
  BarChart,
  LineChart,
  ParallelChart,
  ParallelComponent,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type Chart = echarts.ECharts;
export type ChartOption = echarts.EChartsCoreOption;

/**
 * The charts on the page by name, so that a test (or a person at the developer tools) can read
 * what each one drew: `window.simvaultCharts.scatter.getOption().series[0].data`.
 */
const charts: Record<string, Chart> = {};
(window as unknown as { simvaultCharts: Record<string, Chart> }).simvaultCharts = charts;

export function mountChart(name: string, element: HTMLElement, option: ChartOption): Chart {
  charts[name]?.dispose();
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  chart.setOption(option);
  charts[name] = chart;
  return chart;
}

export function disposeChart(name: string): void {
  charts[name]?.dispose();
  delete charts[name];
}
