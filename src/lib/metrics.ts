/**
 * Reads metric values out of a run: functions of (run, id), and of the stack
 * run paired with that run object when the id is a stack id (pairStackRun,
 * called once per build by runs.ts; a run never paired is read as it is).
 * The site never measures, it only derives — every value with its 95 %
 * confidence interval, computed from the raw samples the run keeps
 * (src/lib/statistics.ts). The WeakMaps below are caches keyed by object,
 * which change no result.
 *
 * Samples of cells measured in the same interleaved rounds pair up round by
 * round, so a ratio between them is a robust mean of per-round ratios; cells
 * of a version-1 run (one block of repetitions each) are groups of their own.
 */
import type { Cell, CellOf, Flag, Run } from '../schemas/run.ts';
import { CPU_KERNELS } from '../schemas/run.ts';
import { parseMetricId, type MetricId, type Unit } from './metric-ids.ts';
import type { MissingReason } from './missing-reason.ts';
import { deploysRuntime } from './deployments.ts';
import { cellKey, groupOfCell } from './cell-ids.ts';
import {
  bootstrapReplicates,
  intervalFromReplicates,
  constant,
  DEFAULT_ESTIMATOR,
  ESTIMATORS,
  geomeanOf as geomeanQ,
  maxOf,
  medianOf,
  minOf,
  quotient,
  ratioOf as ratioQ,
  scaled,
  type EstimatorId,
  type Quantity,
  type Series,
} from './statistics.ts';

const MIB = 1024 * 1024;

/** Flags under which a cell's figures cannot make a claim hold or fail. */
const BLOCKING_FLAGS: ReadonlySet<Flag['kind']> = new Set(['client_bound', 'few_samples', 'optimised_away']);

export interface BlockingFlag {
  cell: string;
  kind: Flag['kind'];
  detail: string;
}

export interface MetricValue {
  kind: 'value';
  id: string;
  unit: Unit;
  /** The median, or the robust mean of per-round ratios, or a value derived from those. */
  value: number;
  /** 95 % confidence interval; null when it cannot be computed (fewer than five rounds, or a single measurement). */
  low: number | null;
  high: number | null;
  /** Rounds the interval rests on (the fewest among its parts); 0 for a single measurement. */
  rounds: number;
  /** Cells the value was computed from, as `suite/impl/test`. */
  sources: string[];
  /** Flags of those cells that keep a claim from resting on this value. */
  blocking: BlockingFlag[];
  /** How the value is computed from the samples, to combine it with others. */
  quantity: Quantity;
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

function findCell<S extends Cell['suite']>(run: Run, suite: S, impl: string, test: string): CellOf<S> | undefined {
  return run.cells.find((c) => c.suite === suite && c.impl === impl && c.test === test) as CellOf<S> | undefined;
}

/** How per-round ratios become one ratio: the run's choice, or the default for runs made before it was recorded. */
function estimatorOf(run: Run): EstimatorId {
  const e = run.settings.statistics?.estimator;
  return e !== undefined && Object.hasOwn(ESTIMATORS, e) ? (e as EstimatorId) : DEFAULT_ESTIMATOR;
}

/**
 * The comparison group a cell's samples belong to. Round-based cells of one
 * test share it (threads: the modes of one implementation); a cell without
 * rounds is a group of its own, its repetitions its "rounds".
 */
export function sampleGroup(cell: Cell): string {
  const placed = cell.suite === 'ops' ? cell.runs !== undefined : cell.repetitions.some((r) => r.round !== undefined);
  return placed ? groupOfCell(cell) : `cell:${cellKey(cell)}`;
}

/** The samples of one per-sample quantity of a cell, with their rounds. */
function seriesOf(cell: Cell, pick: (r: never) => number): Series {
  const group = sampleGroup(cell);
  if (cell.suite === 'ops') {
    if (cell.runs) return { group, samples: cell.runs.flatMap((r) => r.samples_ns_per_op.map((value) => ({ round: r.round, value }))) };
    return { group, samples: cell.samples_ns_per_op.map((value, i) => ({ round: i, value })) };
  }
  const reps = cell.repetitions as readonly unknown[];
  return { group, samples: reps.map((r, i) => ({ round: (r as { round?: number }).round ?? i, value: pick(r as never) })) };
}

interface Leaf {
  series: Series;
  /** value = scale × sample (or scale ÷ sample with `inverse`). */
  scale: number;
  inverse: boolean;
}

const leaves = new WeakMap<Quantity, Leaf>();

function leafQuantity(leaf: Leaf): Quantity {
  const q = leaf.scale === 1 && !leaf.inverse ? medianOf(leaf.series) : scaled(medianOf(leaf.series), leaf.scale, leaf.inverse);
  leaves.set(q, leaf);
  return q;
}

function blockingOf(cell: Cell): BlockingFlag[] {
  return cell.flags.filter((f) => BLOCKING_FLAGS.has(f.kind)).map((f) => ({ cell: cellKey(cell), kind: f.kind, detail: f.detail }));
}

/**
 * The bootstrap replicates behind each value's interval, kept (single
 * precision: the interval itself is computed before) so that comparing two
 * runs divides them instead of resampling every cell again for every page
 * (src/lib/run-replicates.ts).
 */
const kept = new WeakMap<Quantity, Float32Array>();

/** The replicates a value's interval was computed from, or null without an interval. */
export function replicatesOf(v: MetricValue): Float32Array | null {
  return kept.get(v.quantity) ?? null;
}

function valueOf(m: Pick<MetricId, 'id' | 'unit'>, quantity: Quantity, sources: string[], blocking: BlockingFlag[]): MetricValue | MetricMissing {
  const r = bootstrapReplicates(quantity);
  if (!r) return { kind: 'missing', id: m.id, unit: m.unit, reason: { code: 'unsupported', metric: m.id } };
  const i = intervalFromReplicates(r);
  if (r.values) kept.set(quantity, Float32Array.from(r.values));
  return { kind: 'value', id: m.id, unit: m.unit, value: i.value, low: i.low, high: i.high, rounds: i.rounds, sources, blocking, quantity };
}

function fromCell(m: MetricId, cell: Cell, pick: (r: never) => number, scale = 1, inverse = false): MetricResult {
  return valueOf(m, leafQuantity({ series: seriesOf(cell, pick), scale, inverse }), [cellKey(cell)], blockingOf(cell));
}

function single(m: MetricId, value: number, cell: Cell): MetricValue {
  return { kind: 'value', id: m.id, unit: m.unit, value, low: null, high: null, rounds: 0, sources: [cellKey(cell)], blocking: blockingOf(cell), quantity: constant(value) };
}

function missing(m: Pick<MetricId, 'id' | 'unit'>, reason: MissingReason): MetricMissing {
  return { kind: 'missing', id: m.id, unit: m.unit, reason };
}

/**
 * a ÷ b. Two medians of cells measured in the same rounds become the robust
 * mean of their per-round ratios; anything else the quotient of the two
 * quantities, each resampled over its own rounds.
 */
function ratioOf(a: MetricValue, b: MetricValue, id: string, unit: Unit = 'times', estimator: EstimatorId = DEFAULT_ESTIMATOR): MetricValue {
  const la = leaves.get(a.quantity);
  const lb = leaves.get(b.quantity);
  let q: Quantity;
  if (la && lb && !la.inverse && !lb.inverse && la.series.group === lb.series.group) {
    q = scaled(ratioQ(la.series, lb.series, estimator), la.scale / lb.scale);
  } else if (la && lb && la.inverse && lb.inverse && la.series.group === lb.series.group) {
    // (k ÷ x) ÷ (k' ÷ y) = (k ÷ k') · (y ÷ x)
    q = scaled(ratioQ(lb.series, la.series, estimator), la.scale / lb.scale);
  } else {
    q = quotient(a.quantity, b.quantity);
  }
  const v = valueOf({ id, unit }, q, [...a.sources, ...b.sources], [...a.blocking, ...b.blocking]);
  if (v.kind === 'value') return v;
  return { kind: 'value', id, unit, value: a.value / b.value, low: null, high: null, rounds: 0, sources: [...a.sources, ...b.sources], blocking: [...a.blocking, ...b.blocking], quantity: q };
}

function combined(parts: MetricValue[], id: string, unit: Unit, f: (qs: Quantity[]) => Quantity): MetricValue {
  const q = f(parts.map((p) => p.quantity));
  const sources = parts.flatMap((p) => p.sources);
  const blocking = parts.flatMap((p) => p.blocking);
  const v = valueOf({ id, unit }, q, sources, blocking);
  if (v.kind === 'value') return v;
  throw new Error(`${id}: could not combine ${parts.map((p) => p.id).join(', ')}`);
}

export const geomeanOf = (parts: MetricValue[], id: string, unit: Unit): MetricValue => combined(parts, id, unit, geomeanQ);
export const minimumOf = (parts: MetricValue[], id: string, unit: Unit): MetricValue => combined(parts, id, unit, minOf);
export const maximumOf = (parts: MetricValue[], id: string, unit: Unit): MetricValue => combined(parts, id, unit, maxOf);

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

function notOk(m: MetricId, cell: Cell | undefined): MetricMissing | null {
  if (!cell) return missing(m, { code: 'no_cell', suite: m.suite, impl: m.impl, test: m.test });
  if (cell.status !== 'ok') return missing(m, { code: cell.status === 'skipped' ? 'cell_skipped' : 'cell_failed', cell: cellKey(cell), detail: cell.reason ?? null });
  return null;
}

type HttpRep = CellOf<'http'>['repetitions'][number];
type ProcRep = CellOf<'cpu'>['repetitions'][number];

/**
 * A runtime served by several deployments (CPython behind uWSGI's own HTTP
 * router or behind nginx; PyPy under gunicorn alone or behind nginx): on each
 * test "the runtime" is its faster deployment there — the 2019 essay used
 * "whichever was faster per test". Null when the run has a cell with that id
 * itself (older runs) or no deployment of that runtime measured the test.
 * The deployments are those whose manifest names the runtime in
 * `deployment_of`; a server that only shares the runtime is never chosen.
 */
export function deploymentFor(run: Run, suite: 'http' | 'stack', runtime: string, test: string, benchDir = 'bench'): string | null {
  if (findCell(run, suite, runtime, test)) return null;
  // Only the deployments whose manifest says "deployment_of": runtime (src/lib/deployments.ts).
  const candidates = run.cells.filter(
    (c): c is CellOf<'http'> =>
      c.suite === suite && c.test === test && c.status === 'ok' && c.summary !== null && !c.twin_of &&
      deploysRuntime(suite, c.impl, runtime, run.implementations[`${suite}/${c.impl}`]?.runtime, benchDir),
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.summary!.requests_per_second.median > a.summary!.requests_per_second.median ? b : a)).impl;
}

function httpMetric(run: Run, m: MetricId): MetricResult {
  const suite = m.suite === 'stack' ? 'stack' : 'http';
  const impl = deploymentFor(run, suite, m.impl, m.test) ?? m.impl;
  // Web-stack cells have the shape of HTTP cells.
  const cell = findCell(run, suite, impl, m.test) as CellOf<'http'> | undefined;
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  const rep = (f: (r: HttpRep) => number) => f as (r: never) => number;
  switch (m.metric) {
    case 'rps':
      return fromCell(m, cell, rep((r) => r.requests_per_second));
    case 'mibps':
      return fromCell(m, cell, rep((r) => r.transfer_bytes_per_second), 1 / MIB);
    case 'us_per_request':
      return fromCell(m, cell, rep((r) => r.requests_per_second), 1e6, true);
    case 'latency_mean_us':
      return fromCell(m, cell, rep((r) => r.latency_us.mean));
    case 'latency_p50_us':
      return fromCell(m, cell, rep((r) => r.latency_us.p50));
    case 'latency_p99_us':
      return fromCell(m, cell, rep((r) => r.latency_us.p99));
    case 'memory_mib': {
      if (!cell.memory) return missing(m, { code: 'no_memory', cell: cellKey(cell) });
      return single(m, (cell.memory.peak_pss_bytes ?? cell.memory.peak_rss_bytes) / MIB, cell);
    }
  }
  return missing(m, { code: 'unsupported', metric: m.metric });
}

const wall = ((r: ProcRep) => r.wall_seconds) as (r: never) => number;

function cpuSeconds(run: Run, impl: string, test: string, m: MetricId): MetricResult {
  const cell = findCell(run, 'cpu', impl, test);
  const bad = notOk({ ...m, impl, test }, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  return fromCell(m, cell, wall);
}

/** The native baseline a vs_* metric divides by. */
const BASELINES: Record<string, string> = { vs_c: 'c', vs_cpp: 'cpp' };

function cpuMetric(run: Run, m: MetricId): MetricResult {
  const baseline = BASELINES[m.metric];
  if (m.test === 'geomean') {
    const parts: MetricValue[] = [];
    for (const kernel of CPU_KERNELS) {
      const r = cpuMetric(run, { ...m, test: kernel, id: `cpu.${m.impl}.${kernel}.${m.metric}` });
      if (r.kind === 'value') parts.push(r);
    }
    if (parts.length === 0) return missing(m, { code: 'no_kernel_pair', impl: m.impl, baseline: m.metric === 'vs_cpp' ? 'C++' : 'C' });
    return geomeanOf(parts, m.id, m.unit);
  }
  if (baseline) {
    const own = cpuSeconds(run, m.impl, m.test, m);
    if (own.kind === 'missing') return missing(m, own.reason);
    const base = cpuSeconds(run, baseline, m.test, m);
    if (base.kind === 'missing') return missing(m, { code: 'c_baseline', reason: base.reason });
    return ratioOf(own, base, m.id, 'times', estimatorOf(run));
  }
  const cell = findCell(run, 'cpu', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  switch (m.metric) {
    case 'seconds':
      return fromCell(m, cell, wall);
    case 'memory_mib':
      return cell.repetitions.every((r) => r.max_rss_bytes !== null)
        ? fromCell(m, cell, ((r: ProcRep) => r.max_rss_bytes!) as (r: never) => number, 1 / MIB)
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
  const ns = ((x: number) => x) as (r: never) => number;
  return m.metric === 'ns' ? fromCell(m, cell, ns) : fromCell(m, cell, ns, 1e9, true);
}

function threadsMetric(run: Run, m: MetricId): MetricResult {
  const cell = findCell(run, 'threads', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  const own = fromCell(m, cell, wall);
  if (m.metric === 'seconds' || own.kind === 'missing') return own;
  const base = findCell(run, 'threads', m.impl, 'single');
  const badBase = notOk(m, base);
  if (badBase || !base?.summary) return badBase ?? missing(m, { code: 'no_single_baseline', impl: m.impl });
  const single = fromCell(m, base, wall);
  if (single.kind === 'missing') return single;
  // Every mode does the same total work, so speedup = single time ÷ this mode's time.
  return ratioOf(single, own, m.id, 'times', estimatorOf(run));
}

function buildMetric(run: Run, m: MetricId): MetricResult {
  const cell = findCell(run, 'build', m.impl, m.test);
  const bad = notOk(m, cell);
  if (bad || !cell?.summary) return bad ?? missing(m, { code: 'no_summary', cell: cellKey(cell!) });
  return fromCell(m, cell, wall);
}

/**
 * Stack figures beside another run. The web-stack suite runs on its own and
 * writes a run file of its own; the site shows the default run (the main
 * suites) and reads stack figures from the newest stack run. runs.ts records
 * that pairing here, so `getMetric(run, 'stack.…')` finds the stack run's
 * cells when `run` measured no stack itself. Pairing is explicit, per run
 * object: a run read on its own (the runs pages) shows only its own cells.
 */
const stackRuns = new WeakMap<Run, Run | null>();

export function hasStackCells(run: Run): boolean {
  return run.cells.some((c) => c.suite === 'stack');
}

/** Reads `run`'s stack figures from `stack` (null: there is no stack run, say so). */
export function pairStackRun(run: Run, stack: Run | null): void {
  stackRuns.set(run, stack);
}

/** The run `run`'s stack figures come from: itself when it measured any, else the one paired with it. */
export function stackRunOf(run: Run): Run | null {
  if (hasStackCells(run)) return run;
  return stackRuns.get(run) ?? null;
}

export interface MetricOptions {
  /** Only the run's own cells: no stack run paired with it (comparing two runs). */
  own?: boolean;
}

/** The run a metric is read from: the paired stack run for a stack id, else the run itself. */
function sourceOf(run: Run, m: Pick<MetricId, 'suite'>, options: MetricOptions): Run | null {
  if (m.suite !== 'stack' || options.own) return run;
  // A run never paired (a test's fixture, a tool's run) is read as it is.
  return stackRuns.has(run) ? stackRunOf(run) : run;
}

/** A metric's value depends only on the run it is read from and the id, and bootstraps cost milliseconds: computed once per build. */
const cache = new WeakMap<Run, Map<string, MetricResult>>();

/** Looks a metric up. Throws UnknownMetricError for ids no run can ever have. */
export function getMetric(given: Run | null, id: string, options: MetricOptions = {}): MetricResult {
  const m = parseMetricId(id);
  if ('error' in m) throw new UnknownMetricError(m.error);
  if (!given) return missing(m, { code: 'no_run' });
  const run = sourceOf(given, m, options);
  if (!run) return missing(m, { code: 'no_stack_run' });
  let perRun = cache.get(run);
  if (!perRun) cache.set(run, (perRun = new Map()));
  const hit = perRun.get(id);
  if (hit) return hit;
  const result = compute(run, m);
  perRun.set(id, result);
  return result;
}

function compute(run: Run, m: MetricId): MetricResult {
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
  // A figure of zero (a server that completed nothing under load) has no ratio, and would poison any mean built on one.
  if (a.value === 0 || b.value === 0) return { kind: 'missing', id, unit: 'times', reason: { code: 'zero_figure', metric: a.value === 0 ? of : to } };
  // Per-round ratios are combined the way the run that measured them chose (a stack ratio: the stack run's way).
  const parsed = parseMetricId(of);
  const source = 'error' in parsed ? run : sourceOf(run!, parsed, {});
  return ratioOf(a, b, id, 'times', estimatorOf(source ?? run!));
}
