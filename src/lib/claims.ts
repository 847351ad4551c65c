/**
 * Evaluates claims against a run: computes the measurement the claim names,
 * with its 95 % confidence interval, and applies the claim's rule at the
 * point value and at both ends of the interval. When the ends disagree the
 * verdict is "inconclusive on this run"; a measurement with no interval, or
 * resting on a cell flagged client-bound or with too few samples, cannot make
 * a claim hold or fail either: its verdict is inconclusive and says why.
 */
import { readFileSync } from 'node:fs';
import type { Run } from '../schemas/run.ts';
import { claimsFileProblems, ClaimsFileError } from './claims-check.ts';
import { ClaimsFile, type Claim, type Measure, type Rule, type Verdict } from '../schemas/claims.ts';
import { getMetric, getRatio, geomeanOf, maximumOf, minimumOf, type BlockingFlag, type MetricValue } from './metrics.ts';
import { HIGHER_IS_BETTER, parseMetricId, type Unit } from './metric-ids.ts';
import type { MissingReason } from './missing-reason.ts';
import { aaFailureFor, widen } from './aa-check.ts';
import { isVintageClaim, vintageRunOf } from './vintage-runs.ts';

/** A value with its 95 % interval (null bounds: no interval). */
export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
}

export type Measured =
  | ({ kind: 'value' } & Estimate)
  | { kind: 'range'; low: Estimate; high: Estimate }
  | { kind: 'pair'; threads: Estimate; processes: Estimate };

/** A verdict a measurement can give: what the rule says at one point. */
export type RuleVerdict = 'holds' | 'partly' | 'no_longer_holds';

/** Why a measured claim is inconclusive. */
export type Inconclusive =
  /** The interval reaches across a boundary of the rule: its ends give different verdicts. */
  | { why: 'straddles'; verdicts: RuleVerdict[] }
  /** Too few rounds for an interval, or a single measurement. */
  | { why: 'no_interval' }
  /** A source cell carries a flag that keeps claims off it. */
  | { why: 'blocked'; flags: BlockingFlag[] }
  /** The run's A/A check failed for a suite of the source cells, and the verdict does not survive the interval widened by the A/A discrepancy (src/lib/aa-check.ts). */
  | { why: 'aa'; suites: string[]; factor: number };

export interface ClaimResult {
  claim: Claim;
  verdict: Verdict;
  measured: Measured | null;
  /** What the rule says at the point value (also for inconclusive verdicts); null when not measured. */
  leaning: RuleVerdict | null;
  inconclusive: Inconclusive | null;
  /** Why there is no measurement (cells missing or failed); words it: src/lib/missing-reason.ts. */
  reason: MissingReason | null;
  /** Cells the measurement was computed from, `suite/impl/test`. */
  sources: string[];
  /** Metric ids a claim over "the measured ones" left out because this run lacks them. */
  omitted: string[];
}

type Gathered = { measured: Measured; sources: string[]; blocking: BlockingFlag[]; omitted: string[] } | { missing: MissingReason };

const est = (v: MetricValue): Estimate => ({ value: v.value, low: v.low, high: v.high });

function all(ids: string[], get: (id: string) => ReturnType<typeof getMetric>): { values: MetricValue[] } | { missing: MissingReason } {
  const values: MetricValue[] = [];
  for (const id of ids) {
    const m = get(id);
    if (m.kind === 'missing') return { missing: m.reason };
    values.push(m);
  }
  return { values };
}

/** Why none of several figures was measured: the one reason they share (no run of the web stacks), else the list of them. */
function noneMeasured(results: ReturnType<typeof getMetric>[], ids: string[]): MissingReason {
  const first = results[0];
  if (first?.kind === 'missing' && first.reason.code === 'no_stack_run' && results.every((m) => m.kind === 'missing' && m.reason.code === 'no_stack_run')) return first.reason;
  return { code: 'none_measured', ids };
}

function gather(run: Run, measure: Measure): Gathered {
  const from = (vs: MetricValue[], measured: Measured, omitted: string[] = []): Gathered => ({
    measured,
    sources: [...new Set(vs.flatMap((v) => v.sources))],
    blocking: vs.flatMap((v) => v.blocking),
    omitted,
  });
  const one = (v: MetricValue, omitted: string[] = []): Gathered => from([v], { kind: 'value', ...est(v) }, omitted);
  switch (measure.kind) {
    case 'metric': {
      const m = getMetric(run, measure.id);
      return m.kind === 'missing' ? { missing: m.reason } : one(m);
    }
    case 'ratio': {
      const r = getRatio(run, measure.of, measure.to);
      return r.kind === 'missing' ? { missing: r.reason } : one(r);
    }
    case 'geomean_ratio':
    case 'range_ratio':
    case 'min_ratio': {
      const keys = measure.pairs.map(([a, b]) => `${a}÷${b}`);
      const g = all(keys, (k) => {
        const [a, b] = k.split('÷') as [string, string];
        return getRatio(run, a, b);
      });
      if ('missing' in g) return g;
      const id = `${measure.kind}(${keys.join(',')})`;
      if (measure.kind === 'geomean_ratio') return one(g.values.length === 1 ? g.values[0]! : geomeanOf(g.values, id, 'times'));
      const low = g.values.length === 1 ? g.values[0]! : minimumOf(g.values, `min ${id}`, 'times');
      if (measure.kind === 'min_ratio') return one(low);
      const high = g.values.length === 1 ? g.values[0]! : maximumOf(g.values, `max ${id}`, 'times');
      return from(g.values, { kind: 'range', low: est(low), high: est(high) });
    }
    case 'range_geomean_ratio': {
      // One geometric mean per group, then their extremes: "every ORM costs between x and y".
      const means: MetricValue[] = [];
      for (const [i, pairs] of measure.groups.entries()) {
        const g = all(pairs.map(([a, b]) => `${a}÷${b}`), (k) => {
          const [a, b] = k.split('÷') as [string, string];
          return getRatio(run, a, b);
        });
        if ('missing' in g) return g;
        means.push(g.values.length === 1 ? g.values[0]! : geomeanOf(g.values, `group ${i + 1}: geomean(${pairs.map(([a, b]) => `${a}÷${b}`).join(',')})`, 'times'));
      }
      const id = `range_geomean_ratio(${means.map((m) => m.id).join(';')})`;
      if (means.length === 1) return one(means[0]!);
      const low = minimumOf(means, `min ${id}`, 'times');
      const high = maximumOf(means, `max ${id}`, 'times');
      return from(means, { kind: 'range', low: est(low), high: est(high) });
    }
    case 'best_ratio': {
      // Implementations that were not measured drop out of "the fastest"; the result says which.
      const results = measure.of.map((id) => getMetric(run, id));
      const candidates = results.filter((m): m is MetricValue => m.kind === 'value');
      if (candidates.length === 0) return { missing: noneMeasured(results, measure.of) };
      const higher = HIGHER_IS_BETTER[candidates[0]!.unit];
      const best = candidates.reduce((a, b) => ((higher ? b.value > a.value : b.value < a.value) ? b : a));
      const r = getRatio(run, best.id, measure.to);
      return r.kind === 'missing' ? { missing: r.reason } : one(r, results.filter((m) => m.kind === 'missing').map((m) => m.id));
    }
    case 'min_metric': {
      // "The slowest of the measured stacks": the stacks this run measured, named in `omitted` otherwise.
      const results = measure.ids.map((id) => getMetric(run, id));
      const values = results.filter((m): m is MetricValue => m.kind === 'value');
      if (values.length === 0) return { missing: noneMeasured(results, measure.ids) };
      const omitted = results.filter((m) => m.kind === 'missing').map((m) => m.id);
      return one(values.length === 1 ? values[0]! : minimumOf(values, `min(${measure.ids.join(',')})`, values[0]!.unit), omitted);
    }
    case 'geomean_metric': {
      const g = all(measure.ids, (id) => getMetric(run, id));
      if ('missing' in g) return g;
      return one(geomeanOf(g.values, `geomean(${measure.ids.join(',')})`, g.values[0]!.unit));
    }
    case 'threads_vs_processes': {
      const g = all([measure.threads, measure.processes], (id) => getMetric(run, id));
      if ('missing' in g) return g;
      const [threads, processes] = g.values as [MetricValue, MetricValue];
      return from(g.values, { kind: 'pair', threads: est(threads), processes: est(processes) });
    }
    case 'none':
      return { missing: { code: 'not_remeasured' } };
  }
}

const within = (value: number, target: number, f: number) => value >= target / f && value <= target * f;

/** A measurement at one point: what a rule is applied to. */
export type Point =
  | { kind: 'value'; value: number }
  | { kind: 'range'; low: number; high: number }
  | { kind: 'pair'; threads: number; processes: number };

/** Applies a rule to a measurement at one point (pure; exported for tests). */
export function applyRule(rule: Rule, m: Point): RuleVerdict {
  switch (rule.kind) {
    case 'approx': {
      const v = m.kind === 'value' ? m.value : m.kind === 'range' ? Math.sqrt(m.low * m.high) : NaN;
      if (within(v, rule.target, rule.holds_factor)) return 'holds';
      return within(v, rule.target, rule.partly_factor) ? 'partly' : 'no_longer_holds';
    }
    case 'range': {
      if (m.kind === 'range') {
        if (within(m.low, rule.low, rule.partly_factor) && within(m.high, rule.high, rule.partly_factor)) return 'holds';
        return m.low <= rule.high && m.high >= rule.low ? 'partly' : 'no_longer_holds';
      }
      const v = m.kind === 'value' ? m.value : NaN;
      if (v >= rule.low && v <= rule.high) return 'holds';
      return v >= rule.low / rule.partly_factor && v <= rule.high * rule.partly_factor ? 'partly' : 'no_longer_holds';
    }
    case 'at_least': {
      const v = m.kind === 'value' ? m.value : m.kind === 'range' ? m.low : NaN;
      return v >= rule.min ? 'holds' : v >= rule.partly_min ? 'partly' : 'no_longer_holds';
    }
    case 'at_most': {
      const v = m.kind === 'value' ? m.value : m.kind === 'range' ? m.high : NaN;
      return v <= rule.max ? 'holds' : v <= rule.partly_max ? 'partly' : 'no_longer_holds';
    }
    case 'gil': {
      if (m.kind !== 'pair') return 'no_longer_holds';
      const threadsStuck = m.threads < rule.threads_max;
      const processesScale = m.processes >= rule.processes_min;
      return threadsStuck && processesScale ? 'holds' : threadsStuck || processesScale ? 'partly' : 'no_longer_holds';
    }
    case 'none':
      return 'no_longer_holds';
  }
}

/** The point value of a measurement. */
function pointOf(m: Measured): Point {
  switch (m.kind) {
    case 'value':
      return { kind: 'value', value: m.value };
    case 'range':
      return { kind: 'range', low: m.low.value, high: m.high.value };
    case 'pair':
      return { kind: 'pair', threads: m.threads.value, processes: m.processes.value };
  }
}

const ends = (e: Estimate): number[] | null => (e.low === null || e.high === null ? null : [e.low, e.high]);

/**
 * The points at the ends of a measurement's interval: both bounds of a value,
 * every combination of bounds for a range or a pair. Null without an interval.
 */
function endsOf(m: Measured): Point[] | null {
  switch (m.kind) {
    case 'value': {
      const e = ends(m);
      return e ? e.map((value) => ({ kind: 'value' as const, value })) : null;
    }
    case 'range': {
      const lo = ends(m.low);
      const hi = ends(m.high);
      if (!lo || !hi) return null;
      return lo.flatMap((low) => hi.map((high) => ({ kind: 'range' as const, low: Math.min(low, high), high: Math.max(low, high) })));
    }
    case 'pair': {
      const t = ends(m.threads);
      const p = ends(m.processes);
      if (!t || !p) return null;
      return t.flatMap((threads) => p.map((processes) => ({ kind: 'pair' as const, threads, processes })));
    }
  }
}

/** The verdict of a measurement under a rule, taken at the point and at both ends of its interval. */
export function judge(rule: Rule, m: Measured, blocking: readonly BlockingFlag[] = []): { verdict: RuleVerdict | 'inconclusive'; leaning: RuleVerdict; inconclusive: Inconclusive | null } {
  const leaning = applyRule(rule, pointOf(m));
  if (blocking.length > 0) return { verdict: 'inconclusive', leaning, inconclusive: { why: 'blocked', flags: [...blocking] } };
  const points = endsOf(m);
  if (!points) return { verdict: 'inconclusive', leaning, inconclusive: { why: 'no_interval' } };
  const verdicts = [...new Set([leaning, ...points.map((p) => applyRule(rule, p))])];
  if (verdicts.length > 1) return { verdict: 'inconclusive', leaning, inconclusive: { why: 'straddles', verdicts } };
  return { verdict: leaning, leaning, inconclusive: null };
}

export function evaluateClaim(claim: Claim, given: Run | null): ClaimResult {
  const none = { measured: null, leaning: null, inconclusive: null, sources: [], omitted: [] };
  if (claim.measure.kind === 'none') return { claim, verdict: 'not_remeasured', reason: null, ...none };
  if (!given) return { claim, verdict: 'not_measured', reason: { code: 'no_run' }, ...none };
  // A claim about vintage runtimes (cpython-3-7…) is read, all of it, from the vintage run beside `given` (vintage-runs.ts).
  const run = isVintageClaim(claim) ? vintageRunOf(given) : given;
  if (!run) return { claim, verdict: 'not_measured', reason: { code: 'no_vintage_run' }, ...none };
  const g = gather(run, claim.measure);
  if ('missing' in g) return { claim, verdict: 'not_measured', reason: g.missing, ...none };
  const j = judge(claim.rule, g.measured, g.blocking);
  const result: ClaimResult = { claim, verdict: j.verdict, measured: g.measured, leaning: j.leaning, inconclusive: j.inconclusive, reason: null, sources: g.sources, omitted: g.omitted };
  return withAaCheck(result, run);
}

// ---------------------------------------------------------------- A/A hook (src/lib/aa-check.ts)

/** Every estimate of a measurement with its interval widened by a factor. */
function widened(m: Measured, factor: number): Measured {
  const w = (e: Estimate): Estimate => ({ value: e.value, ...widen(e.low, e.high, factor) });
  switch (m.kind) {
    case 'value':
      return { kind: 'value', ...w(m) };
    case 'range':
      return { kind: 'range', low: w(m.low), high: w(m.high) };
    case 'pair':
      return { kind: 'pair', threads: w(m.threads), processes: w(m.processes) };
  }
}

/**
 * When the run's A/A check failed for a suite the claim's cells belong to, a
 * verdict stands only if the rule gives it at both ends of the interval
 * widened by that suite's A/A discrepancy; otherwise it is inconclusive.
 */
function withAaCheck(result: ClaimResult, run: Run): ClaimResult {
  if (!result.measured || result.verdict === 'inconclusive' || result.verdict === 'not_measured' || result.verdict === 'not_remeasured') return result;
  const failure = aaFailureFor(run, result.sources);
  if (!failure) return result;
  const again = judge(result.claim.rule, widened(result.measured, failure.factor));
  if (again.verdict === result.verdict) return result;
  return { ...result, verdict: 'inconclusive', inconclusive: { why: 'aa', suites: failure.suites, factor: failure.factor } };
}

let claimsCache: Claim[] | null = null;

export function loadClaims(file = 'data/claims.json'): Claim[] {
  if (claimsCache && file === 'data/claims.json') return claimsCache;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = undefined;
  }
  const parsed = ClaimsFile.safeParse(json);
  // The problems by claim id, with the fix (src/lib/claims-check.ts).
  if (!parsed.success) throw new ClaimsFileError(`${file} is not a valid claims file:\n  ${claimsFileProblems(file).join('\n  ')}`);
  if (file === 'data/claims.json') claimsCache = parsed.data.claims;
  return parsed.data.claims;
}

/** Unit of a claim's measurement: the metric's own for metric measures, a ratio otherwise. */
export function measuredUnit(claim: Claim): Unit {
  const m = claim.measure;
  const id = m.kind === 'metric' ? m.id : m.kind === 'min_metric' || m.kind === 'geomean_metric' ? m.ids[0] : null;
  if (!id) return 'times';
  const parsed = parseMetricId(id);
  return 'error' in parsed ? 'times' : parsed.unit;
}
