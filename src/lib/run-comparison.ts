/**
 * Two runs side by side (the /runs/ pages): every cell either run has, its
 * headline figure in each run with its 95 % interval, and how much faster the
 * second run's machine was.
 *
 * The ratio is a speed ratio whatever the unit: above 1 means faster on the
 * second run ("B"), so it is B ÷ A for rates (req/s, higher is better) and
 * A ÷ B for times and sizes (s, ns, µs, MiB: lower is better). Its interval
 * resamples each run's rounds on their own: two runs were measured at
 * different times, so their rounds never pair up (a run's comparison groups
 * are renamed apart before they are combined).
 *
 * HTTP and web-stack rows also compare the p99 latency, but only between runs
 * whose latencies mean the same thing: wrk's are corrected for coordinated
 * omission, the slicer's are raw, and the same load reads several times
 * higher corrected. Otherwise the row says why they are left out.
 */
import type { Cell, LatencySemantics, Run, SuiteId } from '../schemas/run.ts';
import { BUILD_KINDS, CPU_KERNELS, HTTP_TESTS, OPS, STACK_TESTS, SUITES, THREAD_MODES } from '../schemas/run.ts';
import { primaryMetricId } from './cells.ts';
import { latencySemantics } from './latency-semantics.ts';
import { HIGHER_IS_BETTER, metricId, parseMetricId, type Unit } from './metric-ids.ts';
import { getMetric, type MetricResult } from './metrics.ts';
import { bootstrap, quotient } from './statistics.ts';
import { apart, runSpeedRatio } from './run-replicates.ts';

/** How the two runs' figures for a cell relate, read from the ratio's interval. */
export type Verdict = 'faster' | 'slower' | 'same' | 'no_interval';

export interface SpeedRatio {
  /** Speed on B ÷ speed on A: > 1 = faster on B. */
  value: number;
  low: number | null;
  high: number | null;
}

/** The p99 latency of an HTTP or web-stack cell in both runs. */
interface LatencyComparison {
  metric: string;
  a: MetricResult;
  b: MetricResult;
  /** Null when left out, or unless both runs measured it. */
  ratio: SpeedRatio | null;
  verdict: Verdict | null;
  /** Why the two runs' latencies are not compared (their semantics differ), or null when they are comparable. */
  leftOut: { reason: 'latency_semantics'; a: LatencySemantics | null; b: LatencySemantics | null } | null;
}

export interface ComparisonRow {
  suite: SuiteId;
  impl: string;
  test: string;
  /** `suite/impl/test`. */
  key: string;
  metric: string;
  unit: Unit;
  higherIsBetter: boolean;
  a: MetricResult;
  b: MetricResult;
  /** Null unless both runs measured the cell. */
  ratio: SpeedRatio | null;
  verdict: Verdict | null;
  /** HTTP and web-stack cells: the p99 latency (not counted in the verdicts, which are the headline figures'); null for other suites. */
  latency: LatencyComparison | null;
}

export interface RunComparison {
  rows: ComparisonRow[];
  /** Rows measured in both runs, by verdict. */
  counts: Record<Verdict, number>;
  /** Rows measured in both. */
  both: number;
}

/** Speed on B relative to A, with its interval. */
export function speedRatio(a: MetricResult, b: MetricResult): SpeedRatio | null {
  if (a.kind !== 'value' || b.kind !== 'value') return null;
  const qa = apart(a.quantity, 'a:');
  const qb = apart(b.quantity, 'b:');
  const q = HIGHER_IS_BETTER[a.unit] ? quotient(qb, qa) : quotient(qa, qb);
  const i = bootstrap(q);
  if (!i) return null;
  return { value: i.value, low: i.low, high: i.high };
}

export function verdictOf(r: SpeedRatio): Verdict {
  if (r.low === null || r.high === null) return 'no_interval';
  if (r.low > 1) return 'faster';
  if (r.high < 1) return 'slower';
  return 'same';
}

/**
 * The p99 latency of a cell in both runs, compared only when both runs' latencies
 * have the same semantics (src/lib/latency-semantics.ts).
 */
function compareLatency(a: Run, b: Run, cell: Pick<Cell, 'suite' | 'impl' | 'test'>): LatencyComparison | null {
  if (cell.suite !== 'http' && cell.suite !== 'stack') return null;
  const metric = metricId(cell.suite, cell.impl, cell.test, 'latency_p99_us');
  const ma = getMetric(a, metric, { own: true });
  const mb = getMetric(b, metric, { own: true });
  const sa = latencySemantics(a);
  const sb = latencySemantics(b);
  if (sa !== sb) return { metric, a: ma, b: mb, ratio: null, verdict: null, leftOut: { reason: 'latency_semantics', a: sa, b: sb } };
  // Each run's replicates resampled once per build (src/lib/run-replicates.ts), as for the headline figures.
  const ratio = runSpeedRatio(a, b, ma, mb);
  return { metric, a: ma, b: mb, ratio, verdict: ratio ? verdictOf(ratio) : null, leftOut: null };
}

const TEST_ORDER: Record<SuiteId, readonly string[]> = {
  http: HTTP_TESTS,
  cpu: CPU_KERNELS,
  ops: OPS,
  threads: THREAD_MODES,
  build: BUILD_KINDS,
  stack: STACK_TESTS,
};

/** Cells a reader compares: A/A twins are a check of the run, not an implementation. */
function shownCells(run: Run): Cell[] {
  return run.cells.filter((c) => !c.twin_of);
}

const cache = new Map<string, RunComparison>();

/** Every cell of either run (the union), in suite and test order. */
export function compareRuns(a: Run, b: Run): RunComparison {
  const cacheKey = `${a.id}\0${a.started_at}\0${b.id}\0${b.started_at}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const cells = new Map<string, Pick<Cell, 'suite' | 'impl' | 'test'>>();
  for (const c of [...shownCells(a), ...shownCells(b)]) cells.set(`${c.suite}/${c.impl}/${c.test}`, { suite: c.suite, impl: c.impl, test: c.test });
  const rank = (c: Pick<Cell, 'suite' | 'impl' | 'test'>) => [SUITES.indexOf(c.suite), TEST_ORDER[c.suite].indexOf(c.test)] as const;
  const sorted = [...cells.entries()].sort(([ka, ca], [kb, cb]) => {
    const [sa, ta] = rank(ca);
    const [sb, tb] = rank(cb);
    return sa - sb || ta - tb || ca.impl.localeCompare(cb.impl) || ka.localeCompare(kb);
  });
  const counts: Record<Verdict, number> = { faster: 0, slower: 0, same: 0, no_interval: 0 };
  let both = 0;
  const rows = sorted.map(([key, cell]): ComparisonRow => {
    const metric = primaryMetricId(cell);
    const parsed = parseMetricId(metric);
    if ('error' in parsed) throw new Error(parsed.error);
    // Each run's own cells: a stack run paired with the active run for the essays is not this run's.
    const ma = getMetric(a, metric, { own: true });
    const mb = getMetric(b, metric, { own: true });
    // Each run's replicates are resampled once per build (src/lib/run-replicates.ts), not once per page.
    const ratio = runSpeedRatio(a, b, ma, mb);
    const verdict = ratio ? verdictOf(ratio) : null;
    if (verdict) {
      counts[verdict]++;
      both++;
    }
    return { ...cell, key, metric, unit: parsed.unit, higherIsBetter: HIGHER_IS_BETTER[parsed.unit], a: ma, b: mb, ratio, verdict, latency: compareLatency(a, b, cell) };
  });
  const result = { rows, counts, both };
  cache.set(cacheKey, result);
  return result;
}

/** The pair /runs/ shows first: the newest run (B) against the active run, or against the next newest when the newest is the active one. */
export function defaultPair<R extends { run: Run }>(runs: readonly R[], active: R | null): { a: R; b: R } | null {
  if (runs.length < 2) return null;
  const byDate = [...runs].sort((x, y) => y.run.started_at.localeCompare(x.run.started_at));
  const b = byDate[0]!;
  const a = active && active !== b ? active : byDate[1]!;
  return { a, b };
}

/** A setting that differs between the two runs' cells of one row: such a row is compared only with a note saying so. */
export interface SettingDifference {
  /** argument: the problem size given to a CPU kernel; connections: the HTTP load's; load_generator: what timed the HTTP load; workers: the threads suite's. */
  setting: 'argument' | 'connections' | 'load_generator' | 'workers';
  a: string | null;
  b: string | null;
}

/** What timed a run's HTTP loads: the slicer (quarter-second slices) or wrk itself. */
function loadGeneratorOf(run: Run): string | null {
  const lg = run.settings.load_generator;
  if (!lg) return null;
  return lg.timed ? lg.timed.tool : lg.tool;
}

/**
 * Why the two runs' figures of a cell are not like for like: a quick run's
 * n-body at n = 100,000 against a full run's 5,000,000 is no machine
 * comparison (its "6.81×" is mostly the problem size). Empty when nothing
 * that changes the figure differs, or when either run lacks the cell.
 */
export function settingDifferences(a: Run, b: Run, row: Pick<Cell, 'suite' | 'impl' | 'test'>): SettingDifference[] {
  const find = (r: Run) => r.cells.find((c) => c.suite === row.suite && c.impl === row.impl && c.test === row.test && !c.twin_of);
  const ca = find(a);
  const cb = find(b);
  if (!ca || !cb) return [];
  const out: SettingDifference[] = [];
  const differ = (setting: SettingDifference['setting'], x: string | number | null | undefined, y: string | number | null | undefined) => {
    const sx = x === null || x === undefined ? null : String(x);
    const sy = y === null || y === undefined ? null : String(y);
    if (sx !== sy) out.push({ setting, a: sx, b: sy });
  };
  if (ca.suite === 'cpu' && cb.suite === 'cpu') differ('argument', ca.argument, cb.argument);
  if ((ca.suite === 'http' || ca.suite === 'stack') && (cb.suite === 'http' || cb.suite === 'stack')) {
    differ('connections', ca.load?.connections, cb.load?.connections);
    differ('load_generator', loadGeneratorOf(a), loadGeneratorOf(b));
  }
  if (ca.suite === 'threads' && cb.suite === 'threads') differ('workers', ca.workers, cb.workers);
  return out;
}
