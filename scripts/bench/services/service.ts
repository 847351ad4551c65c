/**
 * A server the runner starts for the web-stack suite (PostgreSQL, Redis):
 * spawned like every other child (its own process group, registered in
 * processes.ts, so Ctrl-C kills it), waited for until it answers, watched for
 * death during the run, stopped, and recorded in `run.services`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Service } from '../../../src/schemas/run.ts';
import { shellQuote } from '../placeholders.ts';
import { lastLines, spawnDetached, stopGroup, type Spawned } from '../processes.ts';

export interface RunningService {
  /** Display name: "PostgreSQL", "Redis". */
  name: string;
  proc: Spawned;
  argv: string[];
  port: number;
  cpus: string | null;
}

export interface StartOptions {
  name: string;
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
  port: number;
  cpus: string | null;
  /** Resolves true once the service accepts work. */
  ready: () => Promise<boolean>;
  timeoutSeconds: number;
}

function exitText(proc: Spawned): string {
  return lastLines(`${proc.stderr()}\n${proc.stdout()}`, 8);
}

/** Starts the service and waits until `ready`; on failure it is stopped and the reason names what it printed. */
export async function startService(o: StartOptions): Promise<{ service: RunningService } | { error: string }> {
  const proc = spawnDetached(o.argv, { cwd: o.cwd, env: o.env ?? {}, maxStdoutBytes: 64 * 1024 });
  const deadline = Date.now() + o.timeoutSeconds * 1000;
  let delay = 50;
  while (Date.now() < deadline) {
    if (proc.done()) {
      const info = await proc.exited;
      const how = info.spawnError ?? (info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`);
      const tail = exitText(proc);
      return { error: `${o.name} ${how} before it was ready (\`${shellQuote(o.argv)}\`)${tail ? `:\n${tail}` : ''}` };
    }
    if (await o.ready().catch(() => false)) return { service: { name: o.name, proc, argv: o.argv, port: o.port, cpus: o.cpus } };
    await sleep(delay);
    delay = Math.min(500, delay * 2);
  }
  if (proc.pid !== null) await stopGroup(proc.pid, 3000);
  const tail = exitText(proc);
  return { error: `${o.name} was not ready within ${o.timeoutSeconds} s on 127.0.0.1:${o.port}${tail ? `:\n${tail}` : ''}` };
}

/** Why the service is gone, in one line ("PostgreSQL was killed by SIGKILL"), or null while its main process runs. */
export function serviceGone(s: RunningService): string | null {
  if (!s.proc.done()) return null;
  const code = s.proc.child.exitCode;
  const signal = s.proc.child.signalCode;
  return `${s.name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`;
}

/** serviceGone with the service's last output, for failure reasons. */
export function serviceGoneWithLog(s: RunningService): string | null {
  const gone = serviceGone(s);
  if (!gone) return null;
  const tail = exitText(s.proc);
  return `${gone}${tail ? `; its last output:\n${tail}` : ''}`;
}

/** Stops the service's whole process group: SIGTERM (a clean shutdown), then SIGKILL after `graceMs`. */
export async function stopService(s: RunningService, graceMs = 10_000): Promise<void> {
  if (s.proc.pid !== null) await stopGroup(s.proc.pid, graceMs);
}

/** The record of a service in `run.services`. */
export function serviceRecord(s: RunningService, name: string, version: string | null, settings: Record<string, string>): Service {
  return { name, version, command: shellQuote(s.argv), settings, port: s.port, cpus: s.cpus };
}
