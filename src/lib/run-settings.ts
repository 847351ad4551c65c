/**
 * How the active run was measured, as the methodology page shows it: the
 * rounds of each test (how many, why they stopped, the least precise ratio to
 * the test's reference — recomputed from the samples like every figure on the
 * site), the HTTP load of each test, what its latencies are, and the runner's
 * options.
 */
import type { Comparison, LatencySemantics, Run } from '../schemas/run.ts';
import { latencySemantics } from './latency-semantics.ts';
import { getRatio } from './metrics.ts';
import { relativeHalfWidth } from './statistics.ts';
import { implName, suiteName } from './labels.ts';
import { formatPercent, formatList } from './format.ts';
import type { PageContext } from './page.ts';
import { threadsMember } from './threads-members.ts';

/** The per-sample metric a suite's ratios are taken on (as in scripts/claims-report.ts). */
const RATIO_METRIC: Record<string, string> = { http: 'rps', stack: 'rps', cpu: 'seconds', ops: 'ns', threads: 'seconds' };

function metricOf(cmp: Pick<Comparison, 'suite' | 'test'>, member: string): string | null {
  const metric = RATIO_METRIC[cmp.suite];
  if (!metric) return null;
  // A threads group is one implementation's modes, or every runtime's modes (src/lib/threads-members.ts).
  if (cmp.suite === 'threads') {
    const m = threadsMember(cmp.test, member);
    return m ? `threads.${m.impl}.${m.mode}.${metric}` : null;
  }
  return `${cmp.suite}.${member}.${cmp.test}.${metric}`;
}

export interface ComparisonRow {
  suite: string;
  test: string;
  members: string[];
  reference: string;
  rounds: number;
  stop: Comparison['stop'];
  /** The precision target of the suite (relative half-width), when the run recorded one. */
  target: number | null;
  /** The ratio to the reference with the widest 95 % interval; null when none has an interval. */
  widest: {
    of: string;
    to: string;
    halfWidth: number;
    /** What `of` is the A/A twin of, if it is one. */
    ofTwinOf: string | null;
    /** When it stopped short of the target: about how many rounds the target would need, as the runner recorded it. */
    roundsNeeded: number | null;
  } | null;
}

export function comparisonRows(run: Run): ComparisonRow[] {
  return (run.comparisons ?? []).map((cmp) => {
    let widest: ComparisonRow['widest'] = null;
    const to = metricOf(cmp, cmp.reference);
    for (const member of cmp.members) {
      const of = metricOf(cmp, member);
      if (member === cmp.reference || !of || !to) continue;
      const r = getRatio(run, of, to);
      const hw = r.kind === 'value' ? relativeHalfWidth(r) : null;
      if (hw !== null && (!widest || hw > widest.halfWidth)) {
        const twinOf = run.cells.find((c) => c.suite === cmp.suite && c.impl === member && c.twin_of)?.twin_of ?? null;
        const roundsNeeded = cmp.precision.find((p) => p.of === member && p.to === cmp.reference)?.rounds_needed ?? null;
        widest = { of: member, to: cmp.reference, halfWidth: hw, ofTwinOf: twinOf, roundsNeeded };
      }
    }
    return {
      suite: cmp.suite,
      test: cmp.test,
      members: cmp.members,
      reference: cmp.reference,
      rounds: cmp.rounds.length,
      stop: cmp.stop,
      target: run.settings.statistics?.precision_target[cmp.suite] ?? null,
      widest,
    };
  });
}

export interface LoadGroup {
  suite: 'http' | 'stack';
  test: string;
  /** Implementations that got this load, in run order. */
  impls: string[];
  connections: number;
  /** Seconds of one timed load. */
  duration: number;
  /** Timed loads (version 2: one per round) or repetitions (version 1). */
  timed: number;
  timeout: number;
  /** Fewest and most warm-up loads among the implementations, and the seconds of one. */
  warmup: { min: number; max: number; seconds: number };
}

/**
 * The HTTP load of each test, grouped by the settings implementations shared:
 * the loop test has fewer connections than the others, CPython and PyPy fewer
 * than the compiled servers, so one row per implementation would hide that.
 */
export function httpLoads(run: Run): LoadGroup[] {
  const groups: LoadGroup[] = [];
  for (const cell of run.cells) {
    if ((cell.suite !== 'http' && cell.suite !== 'stack') || !cell.load || cell.twin_of) continue;
    const l = cell.load;
    // Version 1 recorded the seconds of each warm-up run, version 2 their total.
    const perWarmup = run.schema_version === 1 || l.warmup_runs === 0 ? l.warmup_seconds : l.warmup_seconds / l.warmup_runs;
    const same = groups.find(
      (g) => g.suite === cell.suite && g.test === cell.test && g.connections === l.connections && g.duration === l.duration_seconds && g.timed === l.repetitions && g.timeout === l.timeout_seconds && g.warmup.seconds === perWarmup,
    );
    if (same) {
      if (!same.impls.includes(cell.impl)) same.impls.push(cell.impl);
      same.warmup.min = Math.min(same.warmup.min, l.warmup_runs);
      same.warmup.max = Math.max(same.warmup.max, l.warmup_runs);
    } else {
      groups.push({
        suite: cell.suite,
        test: cell.test,
        impls: [cell.impl],
        connections: l.connections,
        duration: l.duration_seconds,
        timed: l.repetitions,
        timeout: l.timeout_seconds,
        warmup: { min: l.warmup_runs, max: l.warmup_runs, seconds: perWarmup },
      });
    }
  }
  // Tests in the order they were first measured, the larger loads first within a test.
  const order = [...new Set(groups.map((g) => `${g.suite}/${g.test}`))];
  return groups.sort((a, b) => order.indexOf(`${a.suite}/${a.test}`) - order.indexOf(`${b.suite}/${b.test}`) || b.connections - a.connections);
}

export interface TimedLoad {
  run: string;
  tool: string;
  source: string;
  /** How the run counted a slice's rate: each request by its share inside the window, or the responses that ended in it (runs before the overlap count). */
  rate: 'overlap' | 'completions';
}

/** The timed load generator of each run that has one, with the counting that run used. */
export function timedLoads(runs: readonly Run[]): TimedLoad[] {
  return runs.flatMap((run) => {
    const timed = run.settings.load_generator?.timed;
    return timed ? [{ run: run.id, tool: timed.tool, source: timed.source, rate: timed.rate === 'overlap' ? ('overlap' as const) : ('completions' as const) }] : [];
  });
}

/**
 * A runner option in words, for the methodology page: suites, implementations
 * and precision targets by name ("HTTP servers ±5 %", not `{"http":0.05}`),
 * durations with their unit, flags as yes or no; anything else as given.
 */
export function optionWords(key: string, v: string | number | boolean | null, ctx: Pick<PageContext, 't' | 'lang' | 'locale' | 'fmt'>): string {
  const { t, lang, locale } = ctx;
  const list = (items: string[]) => formatList(items, locale.intl);
  if (v === null) return t('methodology.optionUnset');
  if (typeof v === 'boolean') return t(v ? 'methodology.yes' : 'methodology.no');
  if (typeof v === 'number') return /seconds$/.test(key) ? ctx.fmt(v, 's') : new Intl.NumberFormat(locale.intl).format(v);
  if (key === 'suite') return v === 'all' ? t('runs.suitesAll') : suiteName(v, t);
  if (key === 'impl' || key === 'aa') return list(v.split(',').map((id) => implName(id.trim(), lang)));
  if (key === 'precision') {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(v);
    } catch {
      // A single number or a malformed value: shown as given.
    }
    if (typeof parsed === 'number') return formatPercent(parsed, locale.intl);
    if (parsed && typeof parsed === 'object') {
      return list(
        Object.entries(parsed as Record<string, unknown>)
          .filter((e): e is [string, number] => typeof e[1] === 'number')
          .map(([suite, p]) => t('methodology.precisionValue', { suite: suiteName(suite, t), pct: formatPercent(p, locale.intl) })),
      );
    }
  }
  return v;
}

export interface LatencySetting {
  semantics: LatencySemantics;
  /** False for runs made before the semantics were recorded: they follow from the load generator. */
  recorded: boolean;
  /** Largest relative error of a reported percentile, when the run recorded one (the slicer's histogram). */
  percentileError: number | null;
}

/** What the run's HTTP latencies are, for the methodology page's settings; null without an HTTP load. */
export function latencySetting(run: Run): LatencySetting | null {
  const semantics = latencySemantics(run);
  const lg = run.settings.load_generator;
  if (!semantics || !lg) return null;
  return { semantics, recorded: lg.latency !== undefined, percentileError: lg.timed?.latency_percentile_error ?? null };
}
