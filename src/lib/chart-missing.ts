/**
 * The rows a chart would have but the active run lacks, each with the reason,
 * for the chart's data table ("not measured" rows). Kept apart from the chart
 * registry (src/lib/charts/registry.ts): it reads a built chart model and
 * never changes how charts are built.
 *
 * The grid a chart expects is read off its own rows: every implementation it
 * shows on every category it shows. An implementation of the report (one with
 * a display name, src/lib/labels.ts) that bench/<suite>/ has and the run lacks
 * entirely joins the grid too, but only on a chart that shows every
 * implementation the run has in that suite: a chart of a chosen few (PyPy and
 * CPython only, or everything but the C baseline) does not grow rows it never
 * meant to have, and extra variants in bench/ (another deployment of a
 * server) are not counted as missing.
 */
import type { Run } from '../schemas/run.ts';
import type { ChartModel } from './charts/registry.ts';
import { getMetric, stackRunOf } from './metrics.ts';
import { parseMetricId, type MetricId } from './metric-ids.ts';
import type { MissingReason } from './missing-reason.ts';
import { knownImplementations } from './implementations.ts';
import { implName, isReportImplementation } from './labels.ts';

export interface NotMeasuredRow {
  category: string;
  series: string;
  metricId: string;
  reason: MissingReason;
}

export function notMeasuredRows(chart: ChartModel, run: Run | null): NotMeasuredRow[] {
  if (!run || chart.rows.length === 0) return [];
  const parsed = chart.rows.map((r) => ({ row: r, id: parseMetricId(r.metricId) })).filter((x): x is { row: typeof x.row; id: MetricId } => !('error' in x.id));
  if (parsed.length === 0) return [];
  const { suite, metric } = parsed[0]!.id;
  const categories = new Map<string, string>();
  const impls: string[] = [];
  for (const { row, id } of parsed) {
    if (!categories.has(id.test)) categories.set(id.test, row.category);
    if (!impls.includes(id.impl)) impls.push(id.impl);
  }
  // Stack charts show the stack run's cells (src/lib/metrics.ts, stackRunOf).
  const source = suite === 'stack' ? (stackRunOf(run) ?? run) : run;
  const inRun = new Set(source.cells.filter((c) => c.suite === suite && !c.twin_of).map((c) => c.impl));
  const showsAll = [...inRun].every((impl) => impls.includes(impl));
  const absent = showsAll ? [...knownImplementations(suite)].filter((impl) => isReportImplementation(impl) && !inRun.has(impl) && !impls.includes(impl)).sort() : [];
  const present = new Set(parsed.map((x) => x.id.id));
  const rows: NotMeasuredRow[] = [];
  for (const [test, category] of categories) {
    for (const impl of [...impls, ...absent]) {
      const id = `${suite}.${impl}.${test}.${metric}`;
      if (present.has(id)) continue;
      const m = getMetric(run, id);
      if (m.kind === 'missing') rows.push({ category, series: implName(impl), metricId: id, reason: m.reason });
    }
  }
  return rows;
}
