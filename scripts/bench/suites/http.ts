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
import { startSampler } from '../memory.ts';
import { substitute } from '../placeholders.ts';
import { freePort, portInUse } from '../ports.ts';
import { lastLines, spawnDetached, stopGroup, type Spawned } from '../processes.ts';
import type { Planned } from '../progress.ts';
import type { Session } from '../session.ts';
import { summarize } from '../stats.ts';
import { loadExpectations, verifyResponse, type Expectation, type HttpTest } from '../verify.ts';
import { runWrk } from '../wrk-run.ts';
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
      const est = PRIMER_SECONDS + warmupRuns(impl.manifest.runtime) * o.warmupSeconds + o.reps * o.durationSeconds + 2;
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

async function measure(
  session: Session,
  impl: HttpEntry,
  server: RunningServer,
  test: HttpTest,
  exp: Expectation,
  verification: Verification,
  bytes: number | null,
): Promise<Cell> {
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
  const fail = (reason: string): Cell => {
    const c = failedCell(id, reason, startedAt) as HttpCell;
    c.verification = verification;
    c.load = load;
    c.response_bytes = bytes;
    c.repetitions = repetitions;
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
  const sampler = test === 'json' && server.proc.pid !== null ? startSampler(server.proc.pid) : null;
  for (let i = 0; i < reps; i++) {
    if (session.stopping) break;
    session.step(id, `repetition ${i + 1}/${reps}`);
    const r = await runWrk({ ...params, durationSeconds: o.durationSeconds });
    if ('error' in r) {
      sampler?.stop();
      return fail(`repetition ${i + 1} failed: ${r.error}`);
    }
    repetitions.push(r.rep);
    await drain(server);
    const gone = serverGone(server);
    if (gone) {
      sampler?.stop();
      return fail(gone);
    }
  }
  const memory = sampler ? sampler.stop() : null;
  if (session.stopping) return fail('interrupted');
  if (repetitions.every((r) => r.requests === 0)) return fail('no request completed under load (every response failed or timed out)');

  const cell = blankCell(id, 'ok', null) as HttpCell;
  cell.started_at = startedAt;
  cell.finished_at = nowIso();
  cell.verification = verification;
  cell.load = load;
  cell.response_bytes = bytes;
  cell.repetitions = repetitions;
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

async function runImpl(session: Session, impl: HttpEntry, tests: HttpTest[], expectations: Record<HttpTest, Expectation>): Promise<void> {
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
      session.record(await measure(session, impl, server, t, expectations[t], v.verification, v.bytes));
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
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'http') continue;
    await runImpl(session, impl as HttpEntry, selected, expectations);
  }
}

export type { HttpImpl };
