/**
 * The interval of a ratio between two runs, without resampling either run
 * again. Each figure's interval was computed from bootstrap replicates
 * (src/lib/metrics.ts keeps them); a comparison divides run B's replicates by
 * run A's. The two runs were measured apart, so their replicates must be
 * independent draws: replicate i of A is paired with replicate i + k of B (a
 * shift k ≠ 0 fixed by the two run ids). Every replicate has its own random
 * stream per comparison group, so replicates of different index never share
 * their resampling, even when the two runs' groups have the same name (or the
 * two runs are copies of one). A run is thus resampled once per build, for
 * its own figures, whatever the number of pages it is compared on.
 */
import type { Run } from '../schemas/run.ts';
import { HIGHER_IS_BETTER } from './metric-ids.ts';
import { replicatesOf, type MetricResult, type MetricValue } from './metrics.ts';
import { hashString, intervalFromReplicates, replicateQuotient, type Quantity, type Replicates } from './statistics.ts';

/** The same quantity with its comparison groups renamed, so two runs' rounds never mix. */
export function apart(q: Quantity, prefix: string): Quantity {
  return {
    groups: new Map([...q.groups].map(([g, rounds]) => [`${prefix}${g}`, rounds])),
    evaluate: (select) => q.evaluate((g) => select(`${prefix}${g}`)),
  };
}

/** A figure's replicates, replicate i taken from index i + shift (wrapping round). */
function shifted(v: MetricValue, shift: number): Replicates {
  const kept = replicatesOf(v);
  if (!kept) return { value: v.value, rounds: v.rounds, values: null };
  const n = kept.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = kept[(i + shift) % n]!;
  return { value: v.value, rounds: v.rounds, values };
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
  const n = replicatesOf(ma)?.length ?? 0;
  // Any shift but zero pairs independent replicates; one per pair of runs, so a page is the same from build to build.
  const shift = n > 1 ? 1 + (hashString(`${a.id}\u0000${b.id}`) % (n - 1)) : 0;
  const ra = shifted(ma, 0);
  const rb = shifted(mb, shift);
  const q = HIGHER_IS_BETTER[ma.unit] ? replicateQuotient(rb, ra) : replicateQuotient(ra, rb);
  if (!q) return null;
  const i = intervalFromReplicates(q);
  return { value: i.value, low: i.low, high: i.high };
}
