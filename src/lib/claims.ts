/**
 * Evaluates claims against a run: computes the measurement the claim names and
 * applies its rule. Verdicts are recomputed at ×/÷ (1 + 2 CV);
 * when they disagree the result is marked uncertain.
 */
import { readFileSync } from 'node:fs';
import type { Run } from '../schemas/run.ts';
import { ClaimsFile, type Claim, type Measure, type Rule, type Verdict } from '../schemas/claims.ts';
import { getMetric, getRatio, geometricMean, type MetricValue } from './metrics.ts';
import { parseMetricId, type Unit } from './metric-ids.ts';
import type { MissingReason } from './missing-reason.ts';

export type Measured =
  | { kind: 'value'; value: number; cv: number | null }
  | { kind: 'range'; low: number; high: number; cv: number | null }
  | { kind: 'pair'; threads: number; processes: number; cv: number | null };

export interface ClaimResult {
  claim: Claim;
  verdict: Verdict;
  uncertain: boolean;
  measured: Measured | null;
  /** Why there is no measurement (cells missing or failed); words it: src/lib/missing-reason.ts. */
  reason: MissingReason | null;
  /** Cells the measurement was computed from, `suite/impl/test`. */
  sources: string[];
}

type Gathered = { measured: Measured; sources: string[] } | { missing: MissingReason };

function combineCv(values: MetricValue[]): number | null {
  if (values.some((v) => v.cv === null)) return null;
  return Math.sqrt(values.reduce((s, v) => s + v.cv! ** 2, 0) / values.length);
}

function gatherRatios(run: Run, pairs: Array<[string, string]>): { values: MetricValue[] } | { missing: MissingReason } {
  const values: MetricValue[] = [];
  for (const [of, to] of pairs) {
    const r = getRatio(run, of, to);
    if (r.kind === 'missing') return { missing: r.reason };
    values.push(r);
  }
  return { values };
}

function gatherMetrics(run: Run, ids: string[]): { values: MetricValue[] } | { missing: MissingReason } {
  const values: MetricValue[] = [];
  for (const id of ids) {
    const m = getMetric(run, id);
    if (m.kind === 'missing') return { missing: m.reason };
    values.push(m);
  }
  return { values };
}

function gather(run: Run, measure: Measure): Gathered {
  const one = (v: MetricValue): Gathered => ({
    measured: { kind: 'value', value: v.value, cv: v.cv },
    sources: v.sources,
  });
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
      const g = gatherRatios(run, measure.pairs);
      if ('missing' in g) return g;
      const nums = g.values.map((v) => v.value);
      const sources = g.values.flatMap((v) => v.sources);
      const cv = combineCv(g.values);
      if (measure.kind === 'geomean_ratio') return { measured: { kind: 'value', value: geometricMean(nums), cv }, sources };
      if (measure.kind === 'min_ratio') return { measured: { kind: 'value', value: Math.min(...nums), cv }, sources };
      return { measured: { kind: 'range', low: Math.min(...nums), high: Math.max(...nums), cv }, sources };
    }
    case 'best_ratio': {
      // Implementations that were not measured simply drop out of "the fastest".
      const candidates = measure.of.map((id) => getMetric(run, id)).filter((m): m is MetricValue => m.kind === 'value');
      if (candidates.length === 0) return { missing: { code: 'none_measured', ids: measure.of } };
      const best = candidates.reduce((a, b) => (b.value > a.value ? b : a));
      const r = getRatio(run, best.id, measure.to);
      return r.kind === 'missing' ? { missing: r.reason } : one(r);
    }
    case 'min_metric':
    case 'geomean_metric': {
      const g = gatherMetrics(run, measure.ids);
      if ('missing' in g) return g;
      const nums = g.values.map((v) => v.value);
      const value = measure.kind === 'min_metric' ? Math.min(...nums) : geometricMean(nums);
      return { measured: { kind: 'value', value, cv: combineCv(g.values) }, sources: g.values.flatMap((v) => v.sources) };
    }
    case 'threads_vs_processes': {
      const g = gatherMetrics(run, [measure.threads, measure.processes]);
      if ('missing' in g) return g;
      const [threads, processes] = g.values as [MetricValue, MetricValue];
      return {
        measured: { kind: 'pair', threads: threads.value, processes: processes.value, cv: combineCv(g.values) },
        sources: [...threads.sources, ...processes.sources],
      };
    }
    case 'none':
      return { missing: { code: 'not_remeasured' } };
  }
}

const within = (value: number, target: number, f: number) => value >= target / f && value <= target * f;

/** Applies a rule to a measurement (pure; exported for tests). */
export function applyRule(rule: Rule, m: Measured): Exclude<Verdict, 'not_measured' | 'not_remeasured'> {
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

function scaled(m: Measured, k: number): Measured {
  switch (m.kind) {
    case 'value':
      return { ...m, value: m.value * k };
    case 'range':
      return { ...m, low: m.low * k, high: m.high * k };
    case 'pair':
      return { ...m, threads: m.threads * k, processes: m.processes * k };
  }
}

export function evaluateClaim(claim: Claim, run: Run | null): ClaimResult {
  if (claim.measure.kind === 'none') {
    return { claim, verdict: 'not_remeasured', uncertain: false, measured: null, reason: null, sources: [] };
  }
  if (!run) return { claim, verdict: 'not_measured', uncertain: false, measured: null, reason: { code: 'no_run' }, sources: [] };
  const g = gather(run, claim.measure);
  if ('missing' in g) return { claim, verdict: 'not_measured', uncertain: false, measured: null, reason: g.missing, sources: [] };
  const verdict = applyRule(claim.rule, g.measured);
  const spread = 2 * (g.measured.cv ?? 0);
  const uncertain =
    spread > 0 &&
    [applyRule(claim.rule, scaled(g.measured, 1 / (1 + spread))), applyRule(claim.rule, scaled(g.measured, 1 + spread))].some(
      (v) => v !== verdict,
    );
  return { claim, verdict, uncertain, measured: g.measured, reason: null, sources: g.sources };
}

let claimsCache: Claim[] | null = null;

export function loadClaims(file = 'data/claims.json'): Claim[] {
  if (claimsCache && file === 'data/claims.json') return claimsCache;
  const parsed = ClaimsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  at ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${file} is not a valid claims file (schema src/schemas/claims.ts):\n${issues}`);
  }
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
