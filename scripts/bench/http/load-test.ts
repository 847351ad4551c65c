/**
 * One test of the HTTP or web-stack suite measured on running servers: verify
 * each server, warm it up with wrk, then interleaved rounds of sub-second
 * slices (rounds.ts, slicer-run.ts) until the ratios to the reference are
 * precise enough; memory in an untimed wrk load of its own after the rounds.
 * Loads are sized by load-policy.ts; the servers come from servers.ts.
 */
import type { Cell, HttpCell, HttpRepetition, HttpWarmup, StackCell, Verification } from '../../../src/schemas/run.ts';
import { summarize } from '../../../src/lib/statistics.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import { cpuCount } from '../cpus.ts';
import { httpFlags } from '../flags.ts';
import { recordComparison, roundsGroup, roundsSettings, type GroupBudget, type GroupPlan } from '../groups.ts';
import { runRounds, type Taken } from '../rounds.ts';
import type { Session } from '../session.ts';
import { runSlices, sliceRepetition, type SliceTarget } from '../slicer-run.ts';
import { runWrk, type WrkParams } from '../wrk-run.ts';
import { connectionsFor, MEMORY_SECONDS, QUICK_MEMORY_SECONDS, rampMs, timedSliceMs, warmedUp, WARMUP_LIMIT_SECONDS, WRK_TIMEOUT_SECONDS } from './load-policy.ts';
import { serverGone, settle, type RunningServer } from './servers.ts';

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
function wrkThreads(session: Session, connections: number): number {
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
  const jit = server.impl.manifest.jit;
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

/** The untimed load after the rounds that samples memory (load-policy.ts); a failed one loses only the memory figure. */
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

// ------------------------------------------------------------------ rounds

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
  const result = await runRounds<HttpRepetition>(roundsGroup(group), [test], members, reference, settings, {
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
