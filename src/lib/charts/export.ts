/**
 * A chart's data as readers can take it away: exactly the rows it draws (the
 * model of src/lib/charts/registry.ts, in the unit it is drawn in), as CSV and
 * as JSON, served beside the pages (src/pages/[lang]/data/charts/).
 */
import type { ChartModel } from './registry.ts';

export interface ChartExport {
  chart: string;
  title: string;
  /** The run the figures come from. */
  run: string;
  unit: string;
  /** What the value column is ("req/s", "p99 (ms)"). */
  value: string;
  rows: Array<{
    category: string;
    implementation: string;
    implementation_id: string;
    value: number;
    low: number | null;
    high: number | null;
    metric: string;
    client_bound: boolean;
  }>;
}

export function chartExport(chart: ChartModel, runId: string): ChartExport {
  return {
    chart: chart.id,
    title: chart.title,
    run: runId,
    unit: chart.unit,
    value: chart.valueTitle,
    rows: chart.rows.map((r) => ({
      category: r.category,
      implementation: r.series,
      implementation_id: r.impl,
      value: r.value,
      low: r.low,
      high: r.high,
      metric: r.metricId,
      client_bound: r.clientBound === true,
    })),
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const field = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function chartCsv(data: ChartExport): string {
  const head = ['category', 'implementation', 'implementation_id', 'value', 'low', 'high', 'unit', 'metric', 'client_bound', 'run'];
  const lines = data.rows.map((r) => [r.category, r.implementation, r.implementation_id, r.value, r.low, r.high, data.unit, r.metric, r.client_bound, data.run].map(field).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Where a chart's data is served, under its language: `data/charts/<id>.csv` and `.json`. */
export const chartDataPath = (id: string, format: 'csv' | 'json') => `data/charts/${id}.${format}`;
