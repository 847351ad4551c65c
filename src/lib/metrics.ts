/**
 * Reads metric values out of a run. Pure functions of (run, id): the site
 * never measures, it only derives (ratios, per-request times, geometric means).
 */
import type { Cell, CellOf, Run, Summary } from '../schemas/run.ts';
import { CPU_KERNELS } from '../schemas/run.ts';
import { parseMetricId, type MetricId, type Unit } from './metric-ids.ts';
import type { MissingReason } from './missing-reason.ts';

const MIB = 1024 * 1024;

export interface MetricValue {
  kind: 'value';
  id: string;
  unit: Unit;
  /** The median (or a value derived from medians). */
  value: number;
  /** Spread of the underlying repetitions, in the same unit, when there is one. */
  min: number | null;
  max: number | null;
  cv: number | null;
  /** Cells the value was computed from, as `suite/impl/test`. */
  sources: string[];
}

export interface MetricMissing {
  kind: 'missing';
  id: string;
  unit: Unit;
  /** Structured so each page words it in its own language (src/lib/missing-reason.ts). */
  reason: MissingReason;
}

export type MetricResult = MetricValue | MetricMissing;

export class UnknownMetricError extends Error {}

export function cellKey(cell: Pick<Cell, 'suite' | 'impl' | 'test'>): string {
  return `${cell.suite}/${cell.impl}/${cell.test}`;
}

export function findCell<S extends Cell['suite']>(run: Run, suite: S, impl: string, test: string): CellOf<S> | undefined {
  return run.cells.find((c) => c.suite === suite && c.impl === impl && c.test === test) as CellOf<S> | undefined;
}

function fromSummary(m: MetricId, s: Summary, cell: Cell, scale = 1): MetricValue {
  return {
    kind: 'value',
    id: m.id,
    unit: m.unit,
    value: s.median * scale,
    min: s.min * scale,
    max: s.max * scale,
    cv: s.cv,
    sources: [cellKey(cell)],
  };
}

/** 1/x keeps the CV but swaps min and max. */
function inverse(m: MetricId, s: Summary, cell: Cell, numerator: number): MetricValue {
  return {
    kind: 'value',
    id: m.id,
    unit: m.unit,
    value: numerator / s.median,
    min: numerator / s.max,
    max: numerator / s.min,
    cv: s.cv,
    sources: [cellKey(cell)],
  };
}

function single(m: MetricId, value: number, cell: Cell): MetricValue {
  return { kind: 'value', id: m.id, unit: m.unit, value, min: null, max: null, cv: null, sources: [cellKey(cell)] };
}

function missing(m: MetricId, reason: MissingReason): MetricMissing {
  return { kind: 'missing', id: m.id, unit: m.unit, reason };
}

export function ratioOf(a: MetricValue, b: MetricValue, id: string, unit: Unit = 'times'): MetricValue {
  // Relative errors add in quadrature for a quotient.
  const cv = a.cv !== null && b.cv !== null ? Math.sqrt(a.cv ** 2 + b.cv ** 2) : null;
  return {
    kind: 'value',
    id,
    unit,
    value: a.value / b.value,
    min: a.min !== null && b.max !== null ? a.min / b.max : null,
    max: a.max !== null && b.min !== null ? a.max / b.min : null,
    cv,
    sources: [...a.sources, ...b.sources],
  };
}

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

export function geomeanOf(parts: MetricValue[], id: string, unit: Unit): MetricValue {
  const cvs = parts.map((p) => p.cv);
  const cv = cvs.every((c) => c !== null) ? Math.sqrt(cvs.reduce((s, c) => s + c! ** 2, 0)) / parts.length : null;
  return {
    kind: 'value',
    id,
    unit,
    value: geometricMean(parts.map((p) => p.value)),
    min: null,
    max: null,
    cv,
    sources: parts.flatMap((p) => p.sources),
  };
}

function notOk(m: MetricId, cell: Cell | undefined): MetricMissing | null {
  if (!cell) return missing(m, { code: 'no_cell', suite: m.suite, impl: m.impl, test: m.test });
  if (cell.status !== 'ok') return missing(m, { code: cell.status === 'skipped' ? 'cell_skipped' : 'cell_failed', cell: cellKey(cell), detail: cell.reason ?? null });
  return null;
}

function httpMetric(run: Run, m: MetricId): MetricResult {
  // Web-stack cells have the shape of HTTP cells.
  const cell = (m.suite === 'stack' ? findCell(run, 'stack', m.impl, m.test) : findCell(run, 'http', m.impl, m.test)) as CellOf<'http'> | undefined;
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  const s = cell.summary;
  switch (m.metric) {
    case 'rps':
      return fromSummary(m, s.requests_per_second, cell);
    case 'mibps':
      return fromSummary(m, s.transfer_bytes_per_second, cell, 1 / MIB);
    case 'us_per_request':
      return inverse(m, s.requests_per_second, cell, 1e6);
    case 'latency_mean_us':
      return fromSummary(m, s.latency_mean_us, cell);
    case 'latency_p50_us':
      return fromSummary(m, s.latency_p50_us, cell);
    case 'latency_p99_us':
      return fromSummary(m, s.latency_p99_us, cell);
    case 'memory_mib': {
      if (!cell.memory) return missing(m, { code: 'no_memory', cell: cellKey(cell) });
      return single(m, (cell.memory.peak_pss_bytes ?? cell.memory.peak_rss_bytes) / MIB, cell);
    }
  }
  return missing(m, { code: 'unsupported', metric: m.metric });
}

function cpuSeconds(run: Run, impl: string, test: string, m: MetricId): MetricResult {
  const cell = findCell(run, 'cpu', impl, test);
  const bad = notOk({ ...m, impl, test }, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  return fromSummary(m, cell.summary.wall_seconds, cell);
}

function cpuMetric(run: Run, m: MetricId): MetricResult {
  if (m.test === 'geomean') {
    const parts: MetricValue[] = [];
    for (const kernel of CPU_KERNELS) {
      const r = cpuMetric(run, { ...m, test: kernel, id: `cpu.${m.impl}.${kernel}.vs_c` });
      if (r.kind === 'value') parts.push(r);
    }
    if (parts.length === 0) return missing(m, { code: 'no_kernel_pair', impl: m.impl });
    return geomeanOf(parts, m.id, m.unit);
  }
  if (m.metric === 'vs_c') {
    const own = cpuSeconds(run, m.impl, m.test, m);
    if (own.kind === 'missing') return missing(m, own.reason);
    const c = cpuSeconds(run, 'c', m.test, m);
    if (c.kind === 'missing') return missing(m, { code: 'c_baseline', reason: c.reason });
    return ratioOf(own, c, m.id);
  }
  const cell = findCell(run, 'cpu', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  switch (m.metric) {
    case 'seconds':
      return fromSummary(m, cell.summary.wall_seconds, cell);
    case 'memory_mib':
      return cell.summary.max_rss_bytes
        ? fromSummary(m, cell.summary.max_rss_bytes, cell, 1 / MIB)
        : missing(m, { code: 'no_memory', cell: cellKey(cell) });
    case 'instructions':
      return cell.instructions?.count != null
        ? single(m, cell.instructions.count, cell)
        : missing(m, { code: 'no_instructions', cell: cellKey(cell), detail: cell.instructions?.note ?? null });
  }
  return missing(m, { code: 'unsupported', metric: m.metric });
}

function opsMetric(run: Run, m: MetricId): MetricResult {
  const cell = findCell(run, 'ops', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  return m.metric === 'ns' ? fromSummary(m, cell.summary.ns_per_op, cell) : inverse(m, cell.summary.ns_per_op, cell, 1e9);
}

function threadsMetric(run: Run, m: MetricId): MetricResult {
  const cell = findCell(run, 'threads', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  const own = fromSummary(m, cell.summary.wall_seconds, cell);
  if (m.metric === 'seconds') return own;
  const base = findCell(run, 'threads', m.impl, 'single');
  const badBase = notOk(m, base);
  if (badBase || !base?.summary) return badBase ?? missing(m, { code: 'no_single_baseline', impl: m.impl });
  // Every mode does the same total work, so speedup = single time ÷ this mode's time.
  return ratioOf(fromSummary(m, base.summary.wall_seconds, base), own, m.id);
}

function buildMetric(run: Run, m: MetricId): MetricResult {
  const cell = findCell(run, 'build', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  return fromSummary(m, cell.summary.wall_seconds, cell);
}

/** Looks a metric up. Throws UnknownMetricError for ids no run can ever have. */
export function getMetric(run: Run | null, id: string): MetricResult {
  const m = parseMetricId(id);
  if ('error' in m) throw new UnknownMetricError(m.error);
  if (!run) return missing(m, { code: 'no_run' });
  switch (m.suite) {
    case 'http':
    case 'stack':
      return httpMetric(run, m);
    case 'cpu':
      return cpuMetric(run, m);
    case 'ops':
      return opsMetric(run, m);
    case 'threads':
      return threadsMetric(run, m);
    case 'build':
      return buildMetric(run, m);
  }
}

export function getRatio(run: Run | null, of: string, to: string): MetricResult {
  const a = getMetric(run, of);
  const b = getMetric(run, to);
  const id = `${of}÷${to}`;
  if (a.kind === 'missing') return { kind: 'missing', id, unit: 'times', reason: a.reason };
  if (b.kind === 'missing') return { kind: 'missing', id, unit: 'times', reason: b.reason };
  return ratioOf(a, b, id);
}
