/**
 * HTTP suite: per implementation, build, start the server pinned to the server
 * CPUs, wait until GET / answers, verify every test, then load each test with
 * wrk (primer, warm-up, timed repetitions) and stop the server's process group.
 */
import { HTTP_TESTS, type Cell, type HttpCell, type HttpRepetition, type Verification } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import { pinned } from '../cpus.ts';
import type { HttpImpl, Impl } from '../discovery.ts';
import { httpFlags } from '../flags.ts';
import { httpGet } from '../http-client.ts';
import { refreshLibraries, buildImplementation, workersOf } from '../implementations.ts';
import { waitIdle } from '../idle.ts';
import { startSampler } from '../memory.ts';
import { substitute } from '../placeholders.ts';
import { freePort, portInUse } from '../ports.ts';
import { lastLines, spawnDetached, stopGroup, type Spawned } from '../processes.ts';
import type { Planned } from '../progress.ts';
import type { Session } from '../session.ts';
import { summarize } from '../stats.ts';
import { loadExpectations, verifyResponse, type Expectation, type HttpTest } from '../verify.ts';
import { runWrk, type WrkParams } from '../wrk-run.ts';
import { HOST_PROBE_DEFAULTS, HOST_PROBE_QUICK, HostProbe, keepRepetition } from '../host-probe.ts';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

type HttpEntry = Extract<Impl, { suite: 'http' }>;

export const WRK_TIMEOUT_SECONDS = 10;
export const PRIMER_SECONDS = 1;

/**
 * Warm-up per runtime: JIT runtimes whose steady state comes late get more
 * warm-up runs (recorded in each cell's load.warmup_runs).
 */
export const WARMUP_RUNS_BY_RUNTIME: Record<string, number> = { pypy: 4, openjdk: 3 };

export function warmupRuns(runtime: string): number {
  const key = Object.keys(WARMUP_RUNS_BY_RUNTIME).find((k) => runtime.toLowerCase().includes(k));
  return key ? WARMUP_RUNS_BY_RUNTIME[key]! : 1;
}

/**
 * The loop test keeps a server busy for milliseconds (CPython: hundreds) per
 * request. With the essay's 256/64 connections the queue alone would outlast a
 * repetition, wrk would count only the lucky requests, and latency would break
 * Little's law. Throughput of a CPU-bound endpoint does not depend on the
 * connection count once every worker is busy, so the loop test uses at most
 * this many connections (recorded in load.connections).
 */
export const LOOP_MAX_CONNECTIONS = 8;

export function connectionsFor(test: HttpTest, manifestConnections: number): number {
  return test === 'loop' ? Math.min(manifestConnections, LOOP_MAX_CONNECTIONS) : manifestConnections;
}

export function httpReps(session: Session): number {
  return session.options.reps ?? (session.options.quick ? 2 : 5);
}

export function selectedHttpTests(tests: string[] | null): HttpTest[] {
  return HTTP_TESTS.filter((t) => !tests || tests.includes(t));
}

export function planHttp(impls: readonly Impl[], tests: string[] | null, o: { durationSeconds: number; warmupSeconds: number; reps: number }): Planned[] {
  const out: Planned[] = [];
  for (const impl of impls) {
    if (impl.suite !== 'http') continue;
    for (const test of selectedHttpTests(tests)) {
      const memory = test === MEMORY_TEST ? o.durationSeconds : 0;
      // +1 s per repetition for the host probe's readings around it (waits for a calm host come on top).
      const est = PRIMER_SECONDS + warmupRuns(impl.manifest.runtime) * o.warmupSeconds + o.reps * (o.durationSeconds + 1) + memory + 2;
      out.push({ id: { suite: 'http', impl: impl.id, test }, estimateSeconds: est });
    }
  }
  return out;
}

interface RunningServer {
  proc: Spawned;
  port: number;
}

async function waitReady(server: RunningServer, timeoutSeconds: number): Promise<string | null> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 50;
  let lastError = '';
  while (Date.now() < deadline) {
    if (server.proc.done()) {
      const info = await server.proc.exited;
      const how = info.spawnError ?? (info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`);
      const tail = lastLines(server.proc.stderr() + '\n' + server.proc.stdout(), 10);
      return `server ${how} before answering GET /${tail ? `:\n${tail}` : ''}`;
    }
    try {
      await httpGet(server.port, '/', 5000);
      return null;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(delay);
    delay = Math.min(500, delay * 2);
  }
  const tail = lastLines(server.proc.stderr(), 5);
  return `server never answered GET / on 127.0.0.1:${server.port} within ${timeoutSeconds} s (last error: ${lastError})${tail ? `:\n${tail}` : ''}`;
}

async function verifyTest(port: number, exp: Expectation): Promise<{ verification: Verification; bytes: number | null }> {
  try {
    const res = await httpGet(port, exp.path, 60000);
    return { verification: verifyResponse(exp, res), bytes: res.body.length };
  } catch (e) {
    return { verification: { passed: false, checks: [`GET ${exp.path}`], detail: `request failed: ${(e as Error).message}` }, bytes: null };
  }
}

/**
 * Waits until the server has worked off what a finished wrk run left queued
 * (closed connections still in its backlog; a slow endpoint such as CPython's
 * loop can take many seconds): GET / is answered only once it caught up.
 * Bounded; a server that does not catch up is left to the next step to judge.
 */
export const DRAIN_TIMEOUT_MS = 120_000;
async function drain(server: RunningServer): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline && !server.proc.done()) {
    try {
      await httpGet(server.port, '/', Math.max(1000, deadline - Date.now()));
      return;
    } catch {
      await sleep(100);
    }
  }
}

function serverGone(server: RunningServer): string | null {
  if (!server.proc.done()) return null;
  const tail = lastLines(server.proc.stderr(), 5);
  return `the server exited during the benchmark${tail ? `:\n${tail}` : ''}`;
}

/**
 * Memory is sampled in one extra, untimed run of this test after the timed
 * repetitions: reading /proc every 200 ms costs CPU, and no timed repetition
 * should share its CPUs with the sampler. A failed memory run loses only the
 * memory figure, never the measured repetitions.
 */
export const MEMORY_TEST: HttpTest = 'json';
async function memoryRun(session: Session, id: CellId, server: RunningServer, params: WrkParams): Promise<HttpCell['memory']> {
  if (server.proc.pid === null) return null;
  session.step(id, 'memory run (untimed)');
  const sampler = startSampler(server.proc.pid);
  const r = await runWrk(params);
  const memory = sampler.stop();
  await drain(server);
  if ('error' in r) {
    session.log(`warning: memory run of ${id.impl}/${id.test} failed (${r.error}); the cell keeps its timed repetitions without a memory figure`);
    return null;
  }
  return memory;
}

async function measure(
  session: Session,
  impl: HttpEntry,
  server: RunningServer,
  test: HttpTest,
  exp: Expectation,
  verification: Verification,
  bytes: number | null,
  hostProbe: HostProbe | null,
): Promise<Cell> {
  let probe = hostProbe;
  const id: CellId = { suite: 'http', impl: impl.id, test };
  const startedAt = nowIso();
  const o = session.options;
  const reps = httpReps(session);
  const runs = warmupRuns(impl.manifest.runtime);
  const load = {
    connections: connectionsFor(test, impl.manifest.connections),
    threads: 1,
    duration_seconds: o.durationSeconds,
    timeout_seconds: WRK_TIMEOUT_SECONDS,
    warmup_seconds: o.warmupSeconds,
    warmup_runs: runs,
    repetitions: reps,
  };
  const params = {
    port: server.port,
    path: exp.path,
    connections: load.connections,
    threads: 1,
    timeoutSeconds: WRK_TIMEOUT_SECONDS,
    cpus: session.split.client,
  };
  const repetitions: HttpRepetition[] = [];
  const discarded: HttpRepetition[] = [];
  const fail = (reason: string): Cell => {
    const c = failedCell(id, reason, startedAt) as HttpCell;
    c.verification = verification;
    c.load = load;
    c.response_bytes = bytes;
    c.repetitions = repetitions;
    if (discarded.length > 0) c.discarded_repetitions = discarded;
    return c;
  };

  session.step(id, 'primer');
  const primer = await runWrk({ ...params, durationSeconds: PRIMER_SECONDS });
  if ('error' in primer) return fail(`primer run failed: ${primer.error}`);
  await drain(server);
  for (let i = 0; i < runs; i++) {
    if (session.stopping) return fail('interrupted');
    session.step(id, `warm-up ${i + 1}/${runs}`);
    const w = await runWrk({ ...params, durationSeconds: o.warmupSeconds });
    if ('error' in w) return fail(`warm-up run failed: ${w.error}`);
    await drain(server);
    const gone = serverGone(server);
    if (gone) return fail(gone);
  }
  const tolerance = probe?.limits.tolerance ?? null;
  let rerunsLeft = probe?.limits.maxExtraRepetitions ?? 0;
  while (repetitions.length < reps) {
    if (session.stopping) break;
    const i = repetitions.length;
    let before: number | null = null;
    if (probe) {
      session.step(id, `repetition ${i + 1}/${reps}: waiting for a calm host`);
      if (server.proc.pid !== null) await waitIdle(server.proc.pid);
      before = await probeOrNull(session, () => probe!.waitCalm(() => session.stopping));
      if (before === null) probe = null;
    }
    session.step(id, `repetition ${i + 1}/${reps}${discarded.length ? ` (${discarded.length} rerun)` : ''}`);
    const r = await runWrk({ ...params, durationSeconds: o.durationSeconds });
    if ('error' in r) return fail(`repetition ${i + 1} failed: ${r.error}`);
    await drain(server);
    const gone = serverGone(server);
    if (gone) return fail(gone);
    if (probe && server.proc.pid !== null) await waitIdle(server.proc.pid);
    const after = probe ? await probeOrNull(session, () => probe!.measure()) : null;
    if (after === null) probe = null;
    const rep: HttpRepetition = { ...r.rep, host_speed: before !== null && after !== null ? { before, after } : null };
    if (rep.host_speed && !keepRepetition(rep.host_speed, tolerance!, rerunsLeft)) {
      discarded.push(rep);
      rerunsLeft--;
      continue;
    }
    repetitions.push(rep);
  }
  if (session.stopping) return fail('interrupted');
  const memory = test === MEMORY_TEST ? await memoryRun(session, id, server, { ...params, durationSeconds: o.durationSeconds }) : null;
  if (repetitions.every((r) => r.requests === 0)) return fail('no request completed under load (every response failed or timed out)');

  const cell = blankCell(id, 'ok', null) as HttpCell;
  cell.started_at = startedAt;
  cell.finished_at = nowIso();
  cell.verification = verification;
  cell.load = load;
  cell.response_bytes = bytes;
  cell.repetitions = repetitions;
  if (discarded.length > 0) cell.discarded_repetitions = discarded;
  cell.memory = memory;
  cell.summary = {
    requests_per_second: summarize(repetitions.map((r) => r.requests_per_second)),
    transfer_bytes_per_second: summarize(repetitions.map((r) => r.transfer_bytes_per_second)),
    latency_mean_us: summarize(repetitions.map((r) => r.latency_us.mean)),
    latency_p50_us: summarize(repetitions.map((r) => r.latency_us.p50)),
    latency_p90_us: summarize(repetitions.map((r) => r.latency_us.p90)),
    latency_p99_us: summarize(repetitions.map((r) => r.latency_us.p99)),
    latency_max_us: summarize(repetitions.map((r) => r.latency_us.max)),
  };
  cell.flags = httpFlags(repetitions, {
    connections: load.connections,
    noisyThreshold: session.noisyThreshold,
    startCommand: impl.manifest.start,
    hostTolerance: tolerance,
  });
  return cell;
}

export async function startServer(session: Session, impl: HttpEntry): Promise<RunningServer | { error: string }> {
  let port: number;
  try {
    port = await freePort();
  } catch (e) {
    return { error: (e as Error).message };
  }
  const workers = workersOf(impl, session.split.serverCount) ?? 1;
  const argv = pinned(substitute(impl.manifest.start, { port, workers, cores: session.split.serverCount }), session.split.server);
  const proc = spawnDetached(argv, { cwd: impl.dir, env: impl.manifest.env, maxStdoutBytes: 64 * 1024 });
  const server = { proc, port };
  const notReady = await waitReady(server, session.options.readyTimeoutSeconds);
  if (notReady) {
    if (proc.pid !== null) await stopGroup(proc.pid, 3000);
    return { error: notReady };
  }
  return server;
}

async function runImpl(session: Session, impl: HttpEntry, tests: HttpTest[], expectations: Record<HttpTest, Expectation>, probe: HostProbe | null): Promise<void> {
  const todo = tests.filter((t) => !session.has({ suite: 'http', impl: impl.id, test: t }));
  if (todo.length === 0) return;
  const idOf = (test: HttpTest): CellId => ({ suite: 'http', impl: impl.id, test });
  const failAll = (reason: string, which: HttpTest[] = todo) => {
    const at = nowIso();
    for (const t of which) if (!session.has(idOf(t))) session.record(failedCell(idOf(t), reason, at));
  };

  const build = await buildImplementation(impl, (cmd) => session.step(idOf(todo[0]!), `build: ${cmd}`));
  if (session.stopping) return;
  if (build) return failAll(build);
  refreshLibraries(session, impl);

  session.step(idOf(todo[0]!), 'starting server');
  const server = await startServer(session, impl);
  if ('error' in server) return failAll(server.error);
  try {
    const verified = new Map<HttpTest, { verification: Verification; bytes: number | null }>();
    for (const t of todo) {
      session.step(idOf(t), 'verifying');
      verified.set(t, await verifyTest(server.port, expectations[t]));
    }
    for (const t of todo) {
      if (session.stopping) return;
      const gone = serverGone(server);
      if (gone) return failAll(gone, todo.filter((x) => !session.has(idOf(x))));
      const v = verified.get(t)!;
      if (!v.verification.passed) {
        const c = failedCell(idOf(t), `verification failed: ${v.verification.detail}`, nowIso()) as HttpCell;
        c.verification = v.verification;
        c.response_bytes = v.bytes;
        session.record(c);
        continue;
      }
      session.record(await measure(session, impl, server, t, expectations[t], v.verification, v.bytes, probe));
    }
  } finally {
    if (server.proc.pid !== null) await stopGroup(server.proc.pid, 5000);
    // A server that ignored SIGTERM and still holds the port would skew the next one.
    if (await portInUse(server.port)) session.log(`warning: something still answers on port ${server.port} after stopping ${impl.id}`);
  }
}

export async function runHttpSuite(session: Session, impls: readonly Impl[], tests: string[] | null): Promise<void> {
  const selected = selectedHttpTests(tests);
  if (selected.length === 0) return;
  const expectations = loadExpectations(session.dataDir);
  const probe = await startHostProbe(session);
  try {
    for (const impl of impls) {
      if (session.stopping) return;
      if (impl.suite !== 'http') continue;
      await runImpl(session, impl as HttpEntry, selected, expectations, probe);
    }
  } finally {
    if (probe) {
      // The reference may have risen during the suite; the run records the final one.
      session.run.settings.host_probe = probe.settings();
      session.save();
      probe.stop();
    }
  }
}

/** A probe reading, or null (logged) when the probe broke: the cell then goes on ungated. */
async function probeOrNull(session: Session, read: () => Promise<number>): Promise<number | null> {
  try {
    return await read();
  } catch (e) {
    session.log(`warning: the host probe stopped working (${(e as Error).message}); the remaining repetitions of this cell are not checked`);
    return null;
  }
}

async function startHostProbe(session: Session): Promise<HostProbe | null> {
  if (!session.options.hostProbe) {
    session.run.settings.host_probe = null;
    return null;
  }
  const limits = session.options.quick ? HOST_PROBE_QUICK : HOST_PROBE_DEFAULTS;
  const probe = await HostProbe.start(session.split.server, path.join(session.dataDir, 'records.json'), limits);
  if (!probe) session.log('warning: the host probe could not start; repetitions are not checked for a slowed-down host');
  session.run.settings.host_probe = probe ? probe.settings() : null;
  session.save();
  return probe;
}

export type { HttpImpl };
