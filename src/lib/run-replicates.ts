/**
 * The bootstrap of two runs' figures, computed once per run. A comparison
 * page divides run B's figure by run A's replicate by replicate, each run's
 * rounds resampled on their own: its comparison groups are renamed apart by
 * the run's id, so two runs never share a resampling stream (two copies of one
 * run, the same id on both sides, are renamed apart by side instead, as
 * src/lib/run-comparison.ts speedRatio does). A run's replicates then depend
 * only on the run and the metric, so a run on many pages (the active run is
 * side A of every run's page, each run side A of the next run of its machine)
 * is resampled once, not once per page; the ratio is then a division and a
 * sort. Kept for the few runs in use at a time (a small LRU):
 * pages come in run order, and 2,000 replicates of every cell of every run
 * would hold hundreds of megabytes on a build of fifty runs.
 */
import type { Run } from '../schemas/run.ts';
import { HIGHER_IS_BETTER } from './metric-ids.ts';
import type { MetricResult, MetricValue } from './metrics.ts';
import { bootstrapReplicates, intervalFromReplicates, replicateQuotient, type Quantity, type Replicates } from './statistics.ts';

/** How a run's groups are renamed: by its id, or by its side when both sides are the same run. */
export type Side = string;

/** The same quantity with its comparison groups renamed, so two runs' rounds never mix. */
export function apart(q: Quantity, prefix: string): Quantity {
  return {
    groups: new Map([...q.groups].map(([g, rounds]) => [`${prefix}${g}`, rounds])),
    evaluate: (select) => q.evaluate((g) => select(`${prefix}${g}`)),
  };
}

/** Runs whose replicates are kept: the active run and the few runs of the pages being rendered. */
const KEPT_RUNS = 6;
const cache = new Map<Run, Map<string, Replicates | null>>();

function perRun(run: Run): Map<string, Replicates | null> {
  let found = cache.get(run);
  if (found) {
    // Most recently used last.
    cache.delete(run);
  } else {
    found = new Map();
    if (cache.size >= KEPT_RUNS) cache.delete(cache.keys().next().value!);
  }
  cache.set(run, found);
  return found;
}

/** The replicates of one run's figure, its groups renamed by `side`, computed once per (run, metric, side). */
export function sideReplicates(run: Run, m: MetricValue, side: Side): Replicates | null {
  const kept = perRun(run);
  const key = `${side}\u0000${m.id}`;
  if (!kept.has(key)) kept.set(key, bootstrapReplicates(apart(m.quantity, `${side}:`)));
  return kept.get(key)!;
}

export interface SpeedRatio {
  /** Speed on B ÷ speed on A: > 1 = faster on B. */
  value: number;
  low: number | null;
  high: number | null;
}

/** Speed on run B relative to run A for one cell, with its interval; null unless both are values with a defined ratio. */
export function runSpeedRatio(a: Run, b: Run, ma: MetricResult, mb: MetricResult): SpeedRatio | null {
  if (ma.kind !== 'value' || mb.kind !== 'value') return null;
  const same = a.id === b.id;
  const ra = sideReplicates(a, ma, same ? 'a' : `run ${a.id}`);
  const rb = sideReplicates(b, mb, same ? 'b' : `run ${b.id}`);
  if (!ra || !rb) return null;
  const q = HIGHER_IS_BETTER[ma.unit] ? replicateQuotient(rb, ra) : replicateQuotient(ra, rb);
  if (!q) return null;
  const i = intervalFromReplicates(q);
  return { value: i.value, low: i.low, high: i.high };
}
