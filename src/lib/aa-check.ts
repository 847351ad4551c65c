/**
 * The A/A check of a run, judged as a set. A run made with `--aa IMPL`
 * measures IMPL twice under two names; each twin ratio's 95 % interval should
 * contain 1, and with k such intervals about 5 % of them miss it by chance.
 * The run passes when
 *  - its misses are consistent with that level: a one-sided binomial test at
 *    5 % of "at most 5 % of intervals miss" (Lancaster's mid-p, which does not
 *    reject at the first count whose tail only just crosses 5 %: for 17
 *    intervals at most 2 misses pass, 3 do not), and
 *  - every miss is small: the interval lies within the suite's precision
 *    target of 1 (the runner aims to know each ratio to that much).
 * When the set fails, every suite with a miss fails; a large miss fails its
 * suite whatever the count. A failed suite's discrepancy is the smallest
 * widening under which all its A/A intervals contain 1; the claims of that
 * suite keep their verdict only if it holds with their intervals widened by it
 * (src/lib/claims.ts, the A/A hook).
 */
import type { AaResult, Run } from '../schemas/run.ts';

/** The coverage the intervals aim at, and the test's level. */
const AA_LEVEL = 0.95;
const AA_ALPHA = 0.05;
/** A suite's precision target when the run recorded none (the runner's default for HTTP and the micro-benchmarks). */
const DEFAULT_TARGET = 0.05;

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
const pmf = (n: number, k: number, p: number) => Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

/** Lancaster's mid-p of seeing `misses` or more of `n` when each misses with probability p: P(X > m) + ½ P(X = m). */
export function binomialMidP(n: number, misses: number, p: number): number {
  if (misses <= 0) return 1;
  let above = 0;
  for (let k = misses + 1; k <= n; k++) above += pmf(n, k, p);
  return above + 0.5 * pmf(n, misses, p);
}

/** The most misses of n intervals the test accepts. */
export function allowedMisses(n: number, p = 1 - AA_LEVEL, alpha = AA_ALPHA): number {
  let m = 0;
  while (m < n && binomialMidP(n, m + 1, p) > alpha) m++;
  return m;
}

/** How far an interval that misses 1 lies from it, as a factor ≥ 1 (1.006: 0.6 % away); 1 when it contains 1. */
export function missFactor(a: Pick<AaResult, 'low' | 'high'>): number {
  if (a.low === null || a.high === null) return 1;
  if (a.low > 1) return a.low;
  if (a.high < 1) return 1 / a.high;
  return 1;
}

interface AaSuite {
  suite: string;
  /** Intervals of this suite (results without an interval are not counted). */
  intervals: number;
  misses: AaResult[];
  /** The suite's precision target: a miss further from 1 than this is large. */
  target: number;
  failed: boolean;
  /** Why it failed: the set has too many misses (and this suite some), or one of its misses is large. */
  why: 'too_many' | 'large_miss' | null;
  /** The smallest factor that widens every A/A interval of the suite to contain 1 (1 when none misses). */
  factor: number;
}

export interface AaJudgement {
  intervals: number;
  misses: number;
  allowed: number;
  /** The mid-p value of the misses (1 with none). */
  pValue: number;
  /** Every miss small, and not more of them than the level explains. */
  passed: boolean;
  suites: AaSuite[];
}

/** The judgement of a run's A/A results; null when the run has none (no --aa, or made before the check). */
export function judgeAa(run: Pick<Run, 'aa' | 'settings'>): AaJudgement | null {
  const results = (run.aa ?? []).filter((a) => a.contains_one !== null);
  if (results.length === 0) return null;
  const misses = results.filter((a) => a.contains_one === false);
  const allowed = allowedMisses(results.length);
  const tooMany = misses.length > allowed;
  const targets = run.settings.statistics?.precision_target ?? {};
  const suites = [...new Set(results.map((a) => a.suite))].map((suite): AaSuite => {
    const mine = misses.filter((a) => a.suite === suite);
    const target = targets[suite] ?? DEFAULT_TARGET;
    const factor = Math.max(1, ...mine.map(missFactor));
    const large = mine.some((a) => missFactor(a) - 1 > target);
    const why = large ? 'large_miss' : tooMany && mine.length > 0 ? 'too_many' : null;
    return { suite, intervals: results.filter((a) => a.suite === suite).length, misses: mine, target, failed: why !== null, why, factor };
  });
  return {
    intervals: results.length,
    misses: misses.length,
    allowed,
    pValue: binomialMidP(results.length, misses.length, 1 - AA_LEVEL),
    passed: suites.every((s) => !s.failed),
    suites,
  };
}

const judged = new WeakMap<object, AaJudgement | null>();

/** judgeAa, once per run object. */
export function aaOf(run: Run): AaJudgement | null {
  if (!judged.has(run)) judged.set(run, judgeAa(run));
  return judged.get(run)!;
}

/** The failed suites among those of some cells (`suite/impl/test`), and the widening they call for (the largest); null when none failed. */
export function aaFailureFor(run: Run, cells: readonly string[]): { suites: string[]; factor: number } | null {
  const aa = aaOf(run);
  if (!aa || aa.passed) return null;
  const touched = new Set(cells.map((c) => c.split('/')[0]!));
  const failed = aa.suites.filter((s) => s.failed && touched.has(s.suite));
  if (failed.length === 0) return null;
  return { suites: failed.map((s) => s.suite), factor: Math.max(...failed.map((s) => s.factor)) };
}

/** An interval widened by a factor on both sides: [low ÷ f, high × f]. */
export function widen(low: number | null, high: number | null, factor: number): { low: number | null; high: number | null } {
  return { low: low === null ? null : low / factor, high: high === null ? null : high * factor };
}
