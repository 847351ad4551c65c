/**
 * The servers of the HTTP and web-stack suites: started on a free port of the
 * server host, pinned to the server CPUs, polled until they answer; asked
 * whether they still run; left to drain between loads; stopped at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pinned } from '../cpus.ts';
import type { Impl } from '../discovery.ts';
import { httpGet } from '../http-client.ts';
import { workersOf } from '../implementations.ts';
import type { Host, HostProcess } from '../hosts/host.ts';
import { substitute } from '../placeholders.ts';
import { portInUse } from '../ports.ts';
import { lastLines } from '../processes.ts';
import type { Session } from '../session.ts';

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
const DRAIN_TIMEOUT_MS = 60_000;
export async function settle(server: RunningServer): Promise<void> {
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
