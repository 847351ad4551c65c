/**
 * The timed load of an HTTP round: scripts/bench/slicer/slicer.c holds
 * keep-alive connections to every member's server, opened before any slice's
 * clock starts, and loads one server at a time in short slices in the
 * round's order. wrk (one process per load, whole seconds, connections opened
 * inside the timed window) stays for warm-ups and the memory load.
 *
 * The slicer is compiled once per run on the load generator's host, in a
 * folder of its own made there (`mktemp -d`), and removed at the end.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRepetition } from '../../src/schemas/run.ts';
import { hostTempDir, type Host } from './hosts/host.ts';
import { lastLines } from './processes.ts';

const SLICER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'slicer');
export const SLICER_SOURCE = path.join(SLICER_DIR, 'slicer.c');
/** Every file of the program: the slicer, its response framing, and the vendored HTTP parser (picohttpparser). */
export const SLICER_SOURCES = ['slicer.c', 'response.c', 'vendor/picohttpparser/picohttpparser.c'].map((f) => path.join(SLICER_DIR, f));
/** Largest relative error of a latency percentile the slicer reports (its histogram, slicer/latency.h). */
export const SLICER_LATENCY_ERROR = 1 / 256;
const INSTALL_CC = 'apt-get install -y gcc (or run scripts/setup.sh)';

/** The compiler command for the slicer, with the sources as the host names them. */
export function slicerCompileArgv(binary: string, sources: readonly string[]): string[] {
  return ['cc', '-O2', '-pthread', '-o', binary, ...sources];
}

export interface SliceTarget {
  host: string;
  port: number;
  path: string;
  connections: number;
  /** Load before the timed window opens, ms: the server's queue is full when the clock starts. */
  rampMs: number;
  /** The timed window, ms. */
  sliceMs: number;
}

export interface SliceParams {
  targets: readonly SliceTarget[];
  /** Target indices, one per slice. */
  order: readonly number[];
  threads: number;
  timeoutMs: number;
  cpus: string | null;
}

export interface SliceRecord {
  target: number;
  index: number;
  duration_us: number;
  /** Responses that ended inside the window, and their bytes. */
  requests: number;
  bytes: number;
  /** The slice's requests, each weighted by the share of its life inside the window (see slicer.c, complete()), and their bytes so weighted. */
  overlap_requests: number;
  overlap_bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { min: number; max: number; mean: number; stdev: number; p50: number; p90: number; p99: number } | null;
  /** The slicer's CPU over ramp and window. */
  client_cpu_seconds: number;
  ramp_us: number;
  drain_us: number;
  /** Requests sent after the window while its last requests were out (the drain keeps the load on); they count for nothing. */
  drain_requests: number;
  start_offset_us: number;
  /** Requests sent inside the window; every one answered has its latency recorded (latency_samples). */
  window_requests: number;
  latency_samples: number;
  /** Largest relative error of the reported percentiles (the histogram's; min, max, mean and stdev are exact). */
  latency_percentile_error: number;
  /** Connections primed (one answered request each) before this slice's load: opened or reopened for it. */
  primed: number;
  /** From the previous slice's end (the first: from the start) to this slice's load: reopening and priming connections. */
  prepare_us: number;
  client_max_rss_kb: number;
}

/** `out`: a file, or '-' for standard output (a line per slice, written as it ends). */
export function slicerArgv(binary: string, out: string, p: SliceParams): string[] {
  return [
    binary,
    '--out',
    out,
    // Every target names its own window; --slice-ms is the slicer's default for those that do not.
    '--slice-ms',
    String(Math.max(1, Math.round(Math.max(...p.targets.map((t) => t.sliceMs))))),
    '--order',
    p.order.join(','),
    '--threads',
    String(Math.max(1, p.threads)),
    '--timeout-ms',
    String(Math.round(p.timeoutMs)),
    ...p.targets.map((t) => `${t.host}:${t.port}${t.path.startsWith('/') ? '' : '/'}${t.path}@${t.connections}~${Math.max(0, Math.round(t.rampMs))}+${Math.max(1, Math.round(t.sliceMs))}`),
  ];
}

function count(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`slicer report: ${what} is ${JSON.stringify(x)}`);
  return x;
}

function record(raw: Record<string, unknown>, at: string): SliceRecord {
  const e = (raw['errors'] ?? {}) as Record<string, unknown>;
  const l = (raw['latency_us'] ?? null) as Record<string, unknown> | null;
  const lat = l && l['mean'] !== null && l['mean'] !== undefined
    ? {
        min: count(l['min'], `${at}.latency_us.min`),
        max: count(l['max'], `${at}.latency_us.max`),
        mean: count(l['mean'], `${at}.latency_us.mean`),
        stdev: count(l['stdev'], `${at}.latency_us.stdev`),
        p50: count(l['p50'], `${at}.latency_us.p50`),
        p90: count(l['p90'], `${at}.latency_us.p90`),
        p99: count(l['p99'], `${at}.latency_us.p99`),
      }
    : null;
  return {
    target: count(raw['target'], `${at}.target`),
    index: count(raw['index'], `${at}.index`),
    duration_us: count(raw['duration_us'], `${at}.duration_us`),
    requests: count(raw['requests'], `${at}.requests`),
    bytes: count(raw['bytes'], `${at}.bytes`),
    overlap_requests: count(raw['overlap_requests'], `${at}.overlap_requests`),
    overlap_bytes: count(raw['overlap_bytes'], `${at}.overlap_bytes`),
    errors: {
      connect: count(e['connect'], `${at}.errors.connect`),
      read: count(e['read'], `${at}.errors.read`),
      write: count(e['write'], `${at}.errors.write`),
      status: count(e['status'], `${at}.errors.status`),
      timeout: count(e['timeout'], `${at}.errors.timeout`),
    },
    latency_us: lat,
    client_cpu_seconds: count(raw['client_cpu_seconds'], `${at}.client_cpu_seconds`),
    ramp_us: count(raw['ramp_us'], `${at}.ramp_us`),
    drain_us: count(raw['drain_us'], `${at}.drain_us`),
    drain_requests: count(raw['drain_requests'], `${at}.drain_requests`),
    start_offset_us: count(raw['start_offset_us'], `${at}.start_offset_us`),
    window_requests: count(raw['window_requests'], `${at}.window_requests`),
    latency_samples: count(raw['latency_samples'], `${at}.latency_samples`),
    latency_percentile_error: count(raw['latency_percentile_error'], `${at}.latency_percentile_error`),
    primed: count(raw['primed'], `${at}.primed`),
    prepare_us: count(raw['prepare_us'], `${at}.prepare_us`),
    client_max_rss_kb: count(raw['client_max_rss_kb'], `${at}.client_max_rss_kb`),
  };
}

/**
 * Reads the slicer's output, a line of JSON per finished slice in the order's
 * order. A slicer that was killed leaves the slices it finished and perhaps
 * half a line: the finished ones are kept (`complete` false), the half line
 * is not. A line that is whole but wrong is an error naming it.
 */
export function parseSlicerLines(text: string, order: readonly number[]): { slices: SliceRecord[]; complete: boolean } {
  const lines = text.split('\n');
  // What follows the last newline is a line the slicer had not finished writing (or nothing).
  lines.pop();
  const slices: SliceRecord[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const at = `slices[${slices.length}] (line ${i + 1})`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new Error(`slicer report: line ${i + 1} is not JSON: ${(e as Error).message}`, { cause: e });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`slicer report: line ${i + 1} is not a JSON object`);
    const k = slices.length;
    if (k >= order.length) throw new Error(`slicer report has more slices than the order's ${order.length}`);
    const s = record(raw as Record<string, unknown>, at);
    if (s.target !== order[k]) throw new Error(`slicer report: ${at}.target is ${s.target}, the order says ${order[k]}`);
    if (s.index !== k) throw new Error(`slicer report: ${at}.index is ${s.index}, expected ${k}`);
    if (Math.abs(s.latency_percentile_error - SLICER_LATENCY_ERROR) > 1e-6)
      throw new Error(`slicer report: ${at}.latency_percentile_error is ${s.latency_percentile_error}, the runner records ${SLICER_LATENCY_ERROR} (rebuild the slicer from scripts/bench/slicer/)`);
    slices.push(s);
  }
  return { slices, complete: slices.length === order.length };
}

/**
 * The longest a slicer process can take, by its own bounds (slicer/README.md,
 * "Worst case"): a connect phase of at most 2 × timeout (connect, then a
 * priming request), and per slice at most 2 × timeout to reopen and prime
 * connections, its ramp and window, and 2 × timeout of drain; every phase may
 * overrun by one timeout scan and an event wait (SCAN_MS = 10 ms each).
 */
export function slicerWorstCaseMs(p: Pick<SliceParams, 'targets' | 'order' | 'timeoutMs'>): number {
  const phaseSlack = 2 * 10;
  const connectPhase = 2 * p.timeoutMs + phaseSlack;
  const slices = p.order.reduce((sum, k) => {
    const t = p.targets[k]!;
    return sum + 2 * p.timeoutMs + phaseSlack + Math.max(0, Math.round(t.rampMs)) + Math.max(1, Math.round(t.sliceMs)) + phaseSlack + 2 * p.timeoutMs + phaseSlack;
  }, 0);
  return connectPhase + slices;
}

/** The runner's kill budget: the worst case, plus a fixed 30 s and 1 s per slice for process start, SSH and a busy host. */
export function slicerKillBudgetMs(p: Pick<SliceParams, 'targets' | 'order' | 'timeoutMs'>): number {
  return slicerWorstCaseMs(p) + 30_000 + 1000 * p.order.length;
}

/**
 * One slice as a repetition of the member's cell (the same shape wrk's loads
 * have). Its rate is the overlap-weighted count over the window, not the count
 * of responses that ended in it: a server that answers in bursts would
 * otherwise be measured by how many bursts a short window happens to hold.
 */
export function sliceRepetition(s: SliceRecord): HttpRepetition {
  const seconds = s.duration_us / 1e6;
  const l = s.latency_us;
  return {
    duration_seconds: seconds,
    requests: s.requests,
    requests_per_second: seconds > 0 ? s.overlap_requests / seconds : 0,
    transfer_bytes_per_second: seconds > 0 ? s.overlap_bytes / seconds : 0,
    latency_us: { mean: l?.mean ?? 0, stdev: l?.stdev ?? 0, p50: l?.p50 ?? 0, p90: l?.p90 ?? 0, p99: l?.p99 ?? 0, max: l?.max ?? 0 },
    errors: { connect: s.errors.connect, read: s.errors.read, write: s.errors.write, timeout: s.errors.timeout, status_non_2xx: s.errors.status },
    client_cpu_utilization: seconds > 0 ? s.client_cpu_seconds / (seconds + s.ramp_us / 1e6) : null,
  };
}

/** Compiled slicers by host, for this run. */
const built = new Map<Host, Promise<{ binary: string; dir: string } | { error: string }>>();

async function build(host: Host): Promise<{ binary: string; dir: string } | { error: string }> {
  const dir = await hostTempDir(host, 'diezmil-slicer', 'a folder for the load generator');
  if (typeof dir !== 'string') return dir;
  const binary = `${dir}/slicer`;
  const cc = await host.run(slicerCompileArgv(binary, SLICER_SOURCES.map((f) => host.pathOf(f))), { cwd: dir, timeoutMs: 120_000 });
  if (cc.code !== 0) {
    await host.run(['rm', '-rf', dir], { cwd: host.root, timeoutMs: 10_000 }).catch(() => null);
    const why = cc.spawnError ?? lastLines(cc.stderr + cc.stdout, 5);
    return { error: `could not compile the load generator ${path.relative(process.cwd(), SLICER_SOURCE)} on ${host.describe()}: ${why} (fix: ${INSTALL_CC})` };
  }
  return { binary, dir };
}

/** The slicer on `host`, compiled on first use. */
function slicerOn(host: Host): Promise<{ binary: string; dir: string } | { error: string }> {
  let b = built.get(host);
  if (!b) {
    b = build(host);
    built.set(host, b);
  }
  return b;
}

/** Removes every compiled slicer of this run (end of a suite, Ctrl-C). */
export async function removeSlicers(): Promise<void> {
  const all = [...built.entries()];
  built.clear();
  for (const [host, b] of all) {
    const r = await b.catch(() => null);
    if (r && 'dir' in r) await host.run(['rm', '-rf', r.dir], { cwd: host.root, timeoutMs: 10_000 }).catch(() => null);
  }
}

/**
 * Runs one round's slices on the load generator's host, pinned to its CPUs.
 * The slicer writes each slice to standard output as it ends, and the runner
 * keeps every slice it received: a slicer that fails, or is killed at the
 * kill budget (slicerKillBudgetMs, above the slicer's documented worst case),
 * returns its finished slices with the error.
 */
export async function runSlices(p: SliceParams, client: Host): Promise<{ slices: SliceRecord[]; error: string | null } | { error: string }> {
  const s = await slicerOn(client);
  if ('error' in s) return s;
  try {
    const r = await client.runTimed(slicerArgv(s.binary, '-', p), { cpus: p.cpus, timeoutMs: slicerKillBudgetMs(p) });
    if (client.problem) return { error: `${client.problem.message} (fix: ${client.problem.fix})` };
    if (r.spawnError) return { error: `load generator: ${r.spawnError}` };
    const { slices, complete } = parseSlicerLines(r.stdout, p.order);
    let error: string | null = null;
    const kept = `; the ${slices.length} of ${p.order.length} slices it finished are kept`;
    if (r.timedOut) error = `the load generator did not finish within ${Math.round(slicerKillBudgetMs(p) / 1000)} s (its worst case plus 30 s) and was killed${kept}`;
    else if (r.code !== 0) error = `the load generator exited with code ${r.code}: ${lastLines(r.stderr, 5)}${kept}`;
    else if (!complete) error = `the load generator ended after ${slices.length} of ${p.order.length} slices: ${lastLines(r.stderr, 5)}`;
    return { slices, error };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
