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
 */
import type { Cell, Run, SuiteId } from '../schemas/run.ts';
import { BUILD_KINDS, CPU_KERNELS, HTTP_TESTS, OPS, STACK_TESTS, SUITES, THREAD_MODES } from '../schemas/run.ts';
import { primaryMetricId } from './cells.ts';
import { HIGHER_IS_BETTER, parseMetricId, type Unit } from './metric-ids.ts';
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
    return { ...cell, key, metric, unit: parsed.unit, higherIsBetter: HIGHER_IS_BETTER[parsed.unit], a: ma, b: mb, ratio, verdict };
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
