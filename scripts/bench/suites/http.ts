/**
 * HTTP suite: build every implementation, start every server at once (pinned
 * to the server CPUs, the load generators on the client CPU), then per test:
 * verify each server, warm it up with wrk, and measure in interleaved rounds
 * of sub-second slices (scripts/bench/rounds.ts, slicer-run.ts) until the
 * ratios to the reference are precise enough. Memory is an untimed wrk load
 * of its own after the rounds.
 */
import { HTTP_TESTS, type Cell, type HttpCell, type HttpRepetition, type HttpWarmup, type StackCell, type Verification } from '../../../src/schemas/run.ts';
import { median, summarize } from '../../../src/lib/statistics.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import { cpuCount, pinned } from '../cpus.ts';
import type { Impl } from '../discovery.ts';
import { httpFlags } from '../flags.ts';
import { httpGet } from '../http-client.ts';
import { refreshLibraries, buildImplementation, workersOf } from '../implementations.ts';
import type { Host, HostProcess } from '../hosts/host.ts';
import { substitute } from '../placeholders.ts';
import { portInUse } from '../ports.ts';
import { lastLines } from '../processes.ts';
import type { Planned } from '../progress.ts';
import { groupSchedule, recordComparison, roundsSettings, twinId, type GroupBudget, type GroupPlan } from '../groups.ts';
import { runRounds, type Taken } from '../rounds.ts';
import type { Session } from '../session.ts';
import { loadExpectations, verifyEndpoint, type HttpTest } from '../verify.ts';
import { runWrk, type WrkParams } from '../wrk-run.ts';
import { removeSlicers, runSlices, sliceRepetition, type SliceTarget } from '../slicer-run.ts';
import { setTimeout as sleep } from 'node:timers/promises';

type HttpEntry = Extract<Impl, { suite: 'http' }>;

export const WRK_TIMEOUT_SECONDS = 10;
/** Ratios of a test are taken to this implementation when it is measured. */
export const HTTP_REFERENCE = 'go';

/**
 * The loop test keeps a server busy for milliseconds (CPython: hundreds) per
 * request. With the essay's 256/64 connections the queue alone would outlast a
 * load, wrk would count only the lucky requests, and latency would break
 * Little's law. Throughput of a CPU-bound endpoint does not depend on the
 * connection count once every worker is busy, so the loop test uses at most
 * this many connections (recorded in load.connections).
 */
export const LOOP_MAX_CONNECTIONS = 8;

export function connectionsFor(test: string, manifestConnections: number): number {
  return test === 'loop' ? Math.min(manifestConnections, LOOP_MAX_CONNECTIONS) : manifestConnections;
}

/**
 * Warm-up: loads of one slice each until the rate stops rising — the best of
 * the median of the last WARMUP_WINDOW loads is no more than WARMUP_RISE above
 * the median of the WARMUP_WINDOW before them (medians: one load that caught a
 * GC pause or a dip must not look like a plateau) — with at least WARMUP_MIN
 * loads (JIT runtimes: WARMUP_MIN_JIT) and at most WARMUP_LIMIT_SECONDS.
 */
export const WARMUP_MIN = 2;
export const WARMUP_MIN_JIT = 6;
export const WARMUP_WINDOW = 3;
export const WARMUP_RISE = 0.02;
export const WARMUP_LIMIT_SECONDS = 30;
const JIT_RUNTIMES = ['pypy', 'openjdk', 'java', 'node', 'graal'];

export function isJit(runtime: string): boolean {
  const r = runtime.toLowerCase();
  return JIT_RUNTIMES.some((k) => r.includes(k));
}

/** Whether a warm-up has reached its plateau, given the rates so far. */
export function warmedUp(rates: readonly number[], jit: boolean): boolean {
  const min = jit ? WARMUP_MIN_JIT : WARMUP_MIN;
  if (rates.length < min) return false;
  if (!jit) return true;
  if (rates.length < 2 * WARMUP_WINDOW) return false;
  const before = median(rates.slice(-2 * WARMUP_WINDOW, -WARMUP_WINDOW));
  const recent = median(rates.slice(-WARMUP_WINDOW));
  return recent <= before * (1 + WARMUP_RISE);
}

/**
 * Timed slices are short so that the members of a round sit close together
 * in time: the host's speed changes every few seconds, and two servers
 * compared in a ratio must share its phases. A slice must still hold enough
 * of a server's work to measure its rate: a member's window is at least
 * SLICE_COMPLETIONS times its time per request in warm-up, and at least
 * SLICE_LATENCIES times its latency (connections ÷ warm-up rate, Little's
 * law), so that every connection sends requests inside the window and the
 * window has latencies to report; between SLICE_MIN_MS and SLICE_MAX_MS, in
 * steps of 50 ms. Each member gets its own: a rate does not depend on the
 * window's length, and one slow server (CPython's one-million loop, a few
 * requests a second) then lengthens only its own slices, not the round.
 */
export const SLICE_MIN_MS = 250;
export const SLICE_MAX_MS = 3000;
export const SLICE_COMPLETIONS = 50;
export const SLICE_LATENCIES = 1.5;

/**
 * Before a slice's window opens its server is loaded for RAMP_LATENCIES times
 * its latency, at most RAMP_MAX_MS: the queue is full when the clock starts,
 * so the window sees a steady load and its latencies describe the same load
 * as its rate.
 */
export const RAMP_LATENCIES = 1.5;
export const RAMP_MAX_MS = 1000;

/** Connections ÷ rate: the time a request spends in a closed loop of `connections` (Little's law), ms. */
function latencyMs(connections: number, warmupRate: number): number {
  return (connections * 1000) / warmupRate;
}

export function rampMs(connections: number, warmupRate: number): number {
  if (!(warmupRate > 0)) return RAMP_MAX_MS;
  return Math.min(RAMP_MAX_MS, Math.ceil(RAMP_LATENCIES * latencyMs(connections, warmupRate)));
}

export function timedSliceMs(connections: number, warmupRate: number): number {
  if (!(warmupRate > 0)) return SLICE_MAX_MS;
  const want = Math.max((SLICE_COMPLETIONS / warmupRate) * 1000, SLICE_LATENCIES * latencyMs(connections, warmupRate));
  return Math.min(SLICE_MAX_MS, Math.max(SLICE_MIN_MS, Math.ceil(want / 50) * 50));
}

export function selectedHttpTests(tests: string[] | null): HttpTest[] {
  return HTTP_TESTS.filter((t) => !tests || tests.includes(t));
}

/** The comparison groups of the suite: one per test, every selected server a member (plus the A/A twin). */
export function httpGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const ids = impls.filter((i) => i.suite === 'http').map((i) => i.id);
  if (ids.length === 0) return [];
  const members = aa && ids.includes(aa) ? [...ids, twinId(aa)] : ids;
  const reference = ids.includes(HTTP_REFERENCE) ? HTTP_REFERENCE : [...ids].sort()[0]!;
  return selectedHttpTests(tests).map((test) => ({ suite: 'http', tests: [test], members, reference }));
}

export function planHttp(groups: readonly GroupPlan[], budgetSeconds: (g: GroupPlan) => number, quick = false): Planned[] {
  const out: Planned[] = [];
  for (const g of groups) {
    // Warm-up (a few seconds per member; one load in a quick run) and the memory load come on top of the rounds.
    const est = budgetSeconds(g) / g.members.length + (quick ? 1 : 8);
    for (const impl of g.members) out.push({ id: { suite: 'http', impl, test: g.tests[0]! }, estimateSeconds: est });
  }
  return out;
}

// ------------------------------------------------------------------ servers

/** The implementations served over HTTP and loaded with wrk: HTTP servers and web stacks. */
export type ServedImpl = Extract<Impl, { suite: 'http' | 'stack' }>;

export interface RunningServer {
  /** The cell id this server answers for (the twin has its own). */
  member: string;
  impl: ServedImpl;
  /** The host it runs on (this machine unless --hosts). */
  host: Host;
  proc: HostProcess;
  port: number;
}

async function waitReady(proc: HostProcess, address: string, port: number, timeoutSeconds: number): Promise<string | null> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 50;
  let lastError = '';
  while (Date.now() < deadline) {
    if (proc.done()) {
      const info = await proc.exited;
      const how = info.spawnError ?? (info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`);
      const tail = lastLines(proc.stderr() + '\n' + proc.stdout(), 10);
      return `server ${how} before answering GET /${tail ? `:\n${tail}` : ''}`;
    }
    try {
      await httpGet(port, '/', 5000, address);
      return null;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(delay);
    delay = Math.min(500, delay * 2);
  }
  const tail = lastLines(proc.stderr(), 5);
  return `server never answered GET / on ${address}:${port} within ${timeoutSeconds} s (last error: ${lastError})${tail ? `:\n${tail}` : ''}`;
}

/**
 * Starts a server with its manifest's start command on a free port, pinned to
 * the server CPUs, and waits until it answers. `launch` lets the web-stack
 * suite pass a start command with its own placeholders already filled in and
 * the environment of bench/stack/README.md (which wins over the manifest's).
 */
export async function startServer(
  session: Session,
  impl: ServedImpl,
  member = impl.id,
  launch: { start?: readonly string[]; env?: Record<string, string> } = {},
): Promise<RunningServer | { error: string }> {
  const host = session.layout.server;
  let port: number;
  try {
    port = await host.freePort();
  } catch (e) {
    return { error: (e as Error).message };
  }
  const cores = session.serverCount;
  const workers = workersOf(impl, cores) ?? 1;
  // DIEZMIL_BIND / {bind}: the address to listen on — the server host's address in a --hosts layout, loopback otherwise.
  const bind = host.local && !session.layout.file ? '127.0.0.1' : host.address;
  const argv = pinned(substitute(launch.start ?? impl.manifest.start, { port, bind, workers, cores }), host.cpus);
  const env = { ...impl.manifest.env, DIEZMIL_BIND: bind, ...launch.env };
  const proc = host.spawn(argv, { cwd: host.pathOf(impl.dir), env, maxStdoutBytes: 64 * 1024 });
  const notReady = await waitReady(proc, host.address, port, session.options.readyTimeoutSeconds);
  if (notReady) {
    await proc.stop(3000);
    return { error: host.problem ? `${host.problem.message} (fix: ${host.problem.fix})` : notReady };
  }
  return { member, impl, host, proc, port };
}

/** Why a server is no longer usable, or null while it runs. */
export function serverGone(server: RunningServer): string | null {
  if (server.host.problem) return `${server.host.problem.message} (fix: ${server.host.problem.fix})`;
  if (!server.proc.done()) return null;
  const tail = lastLines(server.proc.stderr(), 5);
  return `the server died during the benchmark (its process exited)${tail ? `:\n${tail}` : ''}`;
}

/** Stops every server (SIGTERM to its process group, then SIGKILL) and warns about one that still holds its port. */
export async function stopServers(session: Session, servers: Iterable<RunningServer>): Promise<void> {
  for (const s of servers) {
    await s.proc.stop(5000);
    // A server that ignored SIGTERM and still holds the port would skew the next run.
    if (s.host.local && (await portInUse(s.port))) session.log(`warning: something still answers on port ${s.port} after stopping ${s.member}`);
  }
}

/**
 * Waits until the server has worked off what a finished load left behind
 * (requests still queued on closed connections: CPython's loop can take
 * seconds) and its processes are idle, so the next member's slice starts on
 * a quiet CPU. Bounded.
 */
export const DRAIN_TIMEOUT_MS = 60_000;
async function settle(server: RunningServer): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline && !server.proc.done()) {
    try {
      await httpGet(server.port, '/', Math.max(1000, deadline - Date.now()), server.host.address);
      break;
    } catch {
      await sleep(100);
    }
  }
  await server.host.waitIdle(server.proc);
}

/**
 * One test of a suite measured with wrk: which cells it makes, the path to
 * load, how a server is verified before load, and what else must hold for a
 * load to count (the web-stack suite: its database is still running).
 */
export interface LoadTest {
  suite: 'http' | 'stack';
  test: string;
  path: string;
  verify(server: RunningServer): Promise<{ verification: Verification; bytes: number | null }>;
  /** Why loads of this test are unusable although the server runs (e.g. the database died), or null. */
  broken?(server: RunningServer): string | null;
  /** Whether the memory load follows the rounds (one test per suite). */
  memory: boolean;
}

/** Why a load cannot count: the server died, or what the test's `broken` says. */
function unusable(spec: LoadTest, server: RunningServer): string | null {
  return serverGone(server) ?? spec.broken?.(server) ?? null;
}

/** wrk threads: one per CPU the load generator has, never more than connections. */
export function wrkThreads(session: Session, connections: number): number {
  return Math.max(1, Math.min(connections, cpuCount(session.layout.client.cpus)));
}

function wrkParams(session: Session, server: RunningServer, spec: LoadTest, seconds: number): WrkParams {
  const connections = connectionsFor(spec.test, server.impl.manifest.connections);
  return {
    host: server.host.address,
    port: server.port,
    path: spec.path,
    connections,
    threads: wrkThreads(session, connections),
    durationSeconds: seconds,
    timeoutSeconds: WRK_TIMEOUT_SECONDS,
    cpus: session.layout.client.cpus,
  };
}

/** A host of the layout that stopped answering stops the run (what is finished is kept). */
function hostLost(session: Session): string | null {
  const h = session.layout.hosts.find((x) => x.problem);
  if (!h?.problem) return null;
  session.loseHost(h.problem);
  return `${h.problem.message} (fix: ${h.problem.fix})`;
}

/** One timed load; a failure names a dead server (or database, or host) as such rather than wrk's connection error. */
async function load(spec: LoadTest, server: RunningServer, params: WrkParams, session: Session): Promise<{ rep: HttpRepetition; started: string; finished: string } | { error: string }> {
  const gone = unusable(spec, server);
  if (gone) return { error: gone };
  const started = nowIso();
  const r = await runWrk(params, session.layout.client);
  const finished = nowIso();
  if ('error' in r) return { error: hostLost(session) ?? unusable(spec, server) ?? r.error };
  await settle(server);
  const after = unusable(spec, server);
  if (after) return { error: after };
  return { rep: r.rep, started, finished };
}

async function warmUp(session: Session, spec: LoadTest, server: RunningServer, slice: number): Promise<HttpWarmup | { error: string }> {
  const jit = isJit(server.impl.manifest.runtime);
  const rates: number[] = [];
  const began = Date.now();
  const id: CellId = { suite: spec.suite, impl: server.member, test: spec.test };
  while (!session.stopping) {
    session.step(id, `warm-up ${rates.length + 1}${jit ? ' (until the rate stops rising)' : ''}`);
    const r = await load(spec, server, wrkParams(session, server, spec, slice), session);
    if ('error' in r) return { error: `warm-up failed: ${r.error}` };
    rates.push(r.rep.requests_per_second);
    // A quick run is a smoke test: one load to open connections and touch every path, no search for a plateau.
    if (session.options.quick) return { requests_per_second: rates, slice_seconds: slice, ended: 'minimum' };
    if (warmedUp(rates, jit)) return { requests_per_second: rates, slice_seconds: slice, ended: jit ? 'plateau' : 'minimum' };
    if ((Date.now() - began) / 1000 >= WARMUP_LIMIT_SECONDS) return { requests_per_second: rates, slice_seconds: slice, ended: 'limit' };
  }
  return { error: 'interrupted' };
}

/**
 * Memory is sampled in one extra, untimed load of this test after the rounds:
 * reading /proc every 200 ms costs CPU, and no timed slice should share its
 * CPUs with the sampler. A failed memory load loses only the memory figure.
 */
export const MEMORY_TEST: HttpTest = 'json';
export const MEMORY_SECONDS = 3;
/** A quick run's memory load: long enough for the sampler to see the peak of a smoke run. */
export const QUICK_MEMORY_SECONDS = 1;
async function memoryLoad(session: Session, spec: LoadTest, server: RunningServer): Promise<HttpCell['memory']> {
  session.step({ suite: spec.suite, impl: server.member, test: spec.test }, 'memory load (untimed)');
  const { result: r, memory } = await server.host.sampleMemory(server.proc, () => load(spec, server, wrkParams(session, server, spec, session.options.quick ? QUICK_MEMORY_SECONDS : MEMORY_SECONDS), session));
  if ('error' in r) {
    session.log(`warning: the memory load of ${server.member} failed (${r.error}); its cell keeps the timed slices without a memory figure`);
    return null;
  }
  return memory;
}

// ------------------------------------------------------------------ cells

/** HTTP and web-stack cells have the same shape. */
type MeasuredCell = HttpCell | StackCell;

function loadOf(session: Session, server: RunningServer, test: string, slices: number, warmup: HttpWarmup | null, slice: number) {
  const connections = connectionsFor(test, server.impl.manifest.connections);
  return {
    connections,
    threads: wrkThreads(session, connections),
    duration_seconds: slice,
    timeout_seconds: WRK_TIMEOUT_SECONDS,
    warmup_seconds: warmup ? warmup.requests_per_second.length * warmup.slice_seconds : 0,
    warmup_runs: warmup ? warmup.requests_per_second.length : 0,
    repetitions: Math.max(1, slices),
  };
}

function summaryOf(reps: readonly HttpRepetition[]): HttpCell['summary'] {
  return {
    requests_per_second: summarize(reps.map((r) => r.requests_per_second)),
    transfer_bytes_per_second: summarize(reps.map((r) => r.transfer_bytes_per_second)),
    latency_mean_us: summarize(reps.map((r) => r.latency_us.mean)),
    latency_p50_us: summarize(reps.map((r) => r.latency_us.p50)),
    latency_p90_us: summarize(reps.map((r) => r.latency_us.p90)),
    latency_p99_us: summarize(reps.map((r) => r.latency_us.p99)),
    latency_max_us: summarize(reps.map((r) => r.latency_us.max)),
  };
}

interface MemberState {
  server: RunningServer;
  verification: Verification;
  bytes: number | null;
  warmup: HttpWarmup | null;
  startedAt: string;
  /** This member's timed window, seconds. */
  slice: number;
}

function finishedCell(session: Session, spec: LoadTest, st: MemberState, reps: HttpRepetition[], failure: string | null, memory: HttpCell['memory']): Cell {
  const id: CellId = { suite: spec.suite, impl: st.server.member, test: spec.test };
  const twin = st.server.member !== st.server.impl.id ? st.server.impl.id : null;
  const cell = (failure ? failedCell(id, failure, st.startedAt) : blankCell(id, 'ok', null)) as MeasuredCell;
  cell.started_at = st.startedAt;
  cell.finished_at = nowIso();
  cell.verification = st.verification;
  cell.response_bytes = st.bytes;
  cell.load = loadOf(session, st.server, spec.test, reps.length, st.warmup, st.slice);
  cell.warmup = st.warmup;
  cell.repetitions = reps;
  if (twin) cell.twin_of = twin;
  if (session.layout.file) cell.hosts = { server: session.layout.server.name, client: session.layout.client.name, database: spec.suite === 'stack' ? session.layout.database.name : null };
  if (failure) return cell;
  if (reps.length === 0 || reps.every((r) => r.requests_per_second === 0)) {
    return { ...cell, status: 'failed', reason: 'no request completed under load (every response failed or timed out)' };
  }
  cell.memory = memory;
  cell.summary = summaryOf(reps);
  cell.flags = httpFlags(reps, {
    connections: cell.load.connections,
    noisyThreshold: null,
    startCommand: st.server.impl.manifest.start,
  });
  return cell;
}

// ------------------------------------------------------------------ the suite

/**
 * One round of a test: one process of the load generator holds connections
 * to every member's server and loads them one after another in the round's
 * order, a slice each. A member whose server is gone fails before the round,
 * and the round goes on without it.
 */
async function slicedRound(
  session: Session,
  spec: LoadTest,
  order: readonly string[],
  round: number,
  states: ReadonlyMap<string, MemberState>,
): Promise<Taken<HttpRepetition>[]> {
  const before = order.map((m) => unusable(spec, states.get(m)!.server));
  const targets: SliceTarget[] = [];
  const targetOf = new Map<string, number>();
  order.forEach((m, i) => {
    if (before[i] !== null || targetOf.has(m)) return;
    const st = states.get(m)!;
    const connections = connectionsFor(spec.test, st.server.impl.manifest.connections);
    targetOf.set(m, targets.length);
    const rate = st.warmup?.requests_per_second.at(-1) ?? 0;
    targets.push({ host: st.server.host.address, port: st.server.port, path: spec.path, connections, rampMs: rampMs(connections, rate), sliceMs: st.slice * 1000 });
  });
  const sliceOrder = order.filter((m) => targetOf.has(m)).map((m) => targetOf.get(m)!);
  if (sliceOrder.length === 0) return order.map((_, i) => ({ error: before[i]! }));
  const threads = wrkThreads(session, Math.min(...targets.map((t) => t.connections)));
  const startMs = Date.now();
  const r = await runSlices({ targets, order: sliceOrder, threads, timeoutMs: WRK_TIMEOUT_SECONDS * 1000, cpus: session.layout.client.cpus }, session.layout.client);
  const endMs = Date.now();
  if (!('slices' in r) || r.slices.length === 0) {
    const lost = hostLost(session);
    return order.map((m, i) => ({ error: before[i] ?? lost ?? unusable(spec, states.get(m)!.server) ?? r.error! }));
  }
  // Wall-clock times of the slices, from their offsets and the end of the process (or, when it was
  // cut short, its start: the first slice's load began after the connect phase and its preparation).
  const last = r.slices.at(-1)!;
  const first = r.slices[0]!;
  const firstMs = r.error === null
    ? endMs - (last.start_offset_us + last.duration_us + last.drain_us) / 1000
    : startMs + (first.prepare_us + first.ramp_us) / 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  let k = 0;
  return order.map((m, i): Taken<HttpRepetition> => {
    if (before[i] !== null) return { error: before[i]! };
    // A slicer cut short keeps the slices it finished; the members after them get its error.
    if (k >= r.slices.length) return { error: hostLost(session) ?? unusable(spec, states.get(m)!.server) ?? r.error! };
    const slice = r.slices[k++]!;
    const after = unusable(spec, states.get(m)!.server);
    if (after) return { error: after };
    const rep = sliceRepetition(slice);
    const started = firstMs + slice.start_offset_us / 1000;
    return {
      values: { [spec.test]: rep.requests_per_second },
      record: { ...rep, round, position: i, started_at: iso(started), finished_at: iso(started + slice.duration_us / 1000) },
    };
  });
}

/**
 * One test of a group: verify each server, warm it up (wrk), then interleaved
 * rounds of one slice per member (the slicer) until the ratios to the
 * reference are precise enough; records the cells and the group's comparison.
 */
export async function runLoadTest(session: Session, group: GroupPlan, servers: ReadonlyMap<string, RunningServer>, spec: LoadTest, budget: GroupBudget): Promise<void> {
  const test = spec.test;
  // Warm-up loads (wrk) are --slice seconds long; timed slices are set after them.
  const slice = session.options.sliceSeconds;
  const members: string[] = [];
  const states = new Map<string, MemberState>();
  const idOf = (member: string): CellId => ({ suite: spec.suite, impl: member, test });

  for (const member of group.members) {
    if (session.stopping) return;
    const server = servers.get(member);
    if (!server || session.has(idOf(member))) continue;
    const startedAt = nowIso();
    const gone = unusable(spec, server);
    if (gone) {
      session.record(failedCell(idOf(member), gone, startedAt));
      continue;
    }
    session.step(idOf(member), 'verifying');
    const v = await spec.verify(server);
    if (!v.verification.passed) {
      const c = failedCell(idOf(member), unusable(spec, server) ?? `verification failed: ${v.verification.detail}`, startedAt) as MeasuredCell;
      c.verification = v.verification;
      c.response_bytes = v.bytes;
      if (server.member !== server.impl.id) c.twin_of = server.impl.id;
      session.record(c);
      continue;
    }
    const w = await warmUp(session, spec, server, slice);
    if (session.stopping) return;
    const warmup = 'error' in w ? null : { requests_per_second: w.requests_per_second, slice_seconds: w.slice_seconds, ended: w.ended };
    const st: MemberState = { server, verification: v.verification, bytes: v.bytes, warmup, startedAt, slice };
    if ('error' in w) {
      session.record(finishedCell(session, spec, st, [], w.error, null));
      continue;
    }
    states.set(member, st);
    members.push(member);
  }
  if (members.length === 0) return;

  // Each member's window: long enough for enough requests and for every connection to send some.
  for (const m of members) {
    const st = states.get(m)!;
    st.slice = timedSliceMs(connectionsFor(test, st.server.impl.manifest.connections), st.warmup!.requests_per_second.at(-1) ?? 0) / 1000;
  }
  const reference = members.includes(group.reference) ? group.reference : members[0]!;
  const settings = roundsSettings(session, group, budget);
  const result = await runRounds<HttpRepetition>((t) => `${spec.suite}/${t}`, [test], members, reference, settings, {
    takeRound: (order, round) => {
      session.step(idOf(order[0]!), `round ${round + 1} (${order.length} slices)`, true);
      return slicedRound(session, spec, order, round, states);
    },
    onRound: (round, worst, elapsedMs) => session.roundProgress(`${spec.suite}/${test}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
    stopping: () => session.stopping,
  });
  if (session.stopping) return;

  for (const member of members) {
    const st = states.get(member)!;
    const reps = result.records.get(member)!.map((p) => p.record);
    const failure = result.failed.get(member) ?? null;
    const memory = !failure && spec.memory ? await memoryLoad(session, spec, st.server) : null;
    session.record(finishedCell(session, spec, st, reps, failure, memory));
  }
  recordComparison(session, group, members, reference, result);
}

export async function runHttpSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  if (groups.length === 0) return;
  const expectations = loadExpectations(session.dataDir);
  const byId = new Map(impls.filter((i): i is HttpEntry => i.suite === 'http').map((i) => [i.id, i]));
  const pending = (member: string) => groups.some((g) => g.members.includes(member) && !session.has({ suite: 'http', impl: member, test: g.tests[0]! }));
  const servers = new Map<string, RunningServer>();
  const failAll = (member: string, reason: string) => {
    const at = nowIso();
    for (const g of groups) if (g.members.includes(member) && !session.has({ suite: 'http', impl: member, test: g.tests[0]! })) session.record(failedCell({ suite: 'http', impl: member, test: g.tests[0]! }, reason, at));
  };
  try {
    const members = groups[0]!.members;
    for (const member of members) {
      if (session.stopping) return;
      const impl = byId.get(member) ?? byId.get(twinOf(member) ?? '');
      if (!impl || !pending(member)) continue;
      const first: CellId = { suite: 'http', impl: member, test: groups[0]!.tests[0]! };
      if (member === impl.id) {
        const build = await buildImplementation(impl, (cmd) => session.step(first, `build: ${cmd}`), session.layout.server);
        if (session.stopping) return;
        if (build) {
          failAll(member, build);
          if (session.options.aa === member) failAll(twinId(member), build);
          continue;
        }
        refreshLibraries(session, impl);
      } else if (!servers.has(impl.id)) {
        continue; // the twin of a server that did not start
      }
      session.step(first, 'starting server');
      const s = await startServer(session, impl, member);
      if ('error' in s) failAll(member, s.error);
      else servers.set(member, s);
    }
    const schedule = groupSchedule(session, 'http', groups);
    for (const g of groups) {
      if (session.stopping) return;
      const test = g.tests[0] as HttpTest;
      const exp = expectations[test];
      const spec: LoadTest = { suite: 'http', test, path: exp.path, verify: (s) => verifyEndpoint(s.port, exp, 60000, { host: s.host.address }), memory: test === MEMORY_TEST };
      await runLoadTest(session, g, servers, spec, schedule.budgetMs(g));
      schedule.done(g);
    }
  } finally {
    await stopServers(session, servers.values());
    await removeSlicers();
  }
}

/** The implementation an A/A twin measures again, or null for an implementation itself. */
export function twinOf(member: string): string | null {
  return member.endsWith('-aa') ? member.slice(0, -3) : null;
}
