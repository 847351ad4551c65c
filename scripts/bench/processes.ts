/**
 * Child processes: every child is spawned detached, in its own process group,
 * and registered, so that Ctrl-C (or a hung server) kills whole process trees
 * with `kill(-pgid)` and nothing is left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const groups = new Set<number>();

/** Told of every process group started (leftovers.ts records them, so that they can be found after the runner died). */
let onGroup: ((pgid: number) => void) | null = null;
export function watchGroups(hook: (pgid: number) => void): void {
  onGroup = hook;
}

/** Sends a signal to a whole process group; false if none of it is left. */
function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group, then SIGKILL after `graceMs`; resolves when the group is gone (bounded). */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<'terminated' | 'killed' | 'gone'> {
  if (!killGroup(pgid, 'SIGTERM')) {
    groups.delete(pgid);
    return 'gone';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) {
      groups.delete(pgid);
      return 'terminated';
    }
    await sleep(50);
  }
  killGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 3000;
  while (Date.now() < killDeadline && groupAlive(pgid)) await sleep(50);
  groups.delete(pgid);
  return 'killed';
}

/** Kills every registered group at once (signal handlers, exit). Synchronous. */
export function killAllGroupsSync(signal: NodeJS.Signals = 'SIGKILL'): number {
  let n = 0;
  for (const pgid of groups) {
    if (killGroup(pgid, signal)) n++;
  }
  return n;
}

/** Gracefully stops every registered group (TERM, then KILL). */
export async function stopAllGroups(graceMs = 3000): Promise<void> {
  await Promise.all([...groups].map((g) => stopGroup(g, graceMs)));
}

export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Keep at most this many bytes of stdout (the head) — enough for outputs we verify. */
  maxStdoutBytes?: number;
  /** Keep at most this many bytes of stderr (the tail). */
  maxStderrBytes?: number;
  stdin?: 'ignore' | 'pipe';
}

export interface Spawned {
  child: ChildProcess;
  pid: number | null;
  /** Resolves when the process exits (or fails to start). */
  exited: Promise<ExitInfo>;
  stdout(): string;
  stderr(): string;
  /** True once the process has exited. */
  done(): boolean;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError: string | null;
}

export function spawnDetached(argv: readonly string[], opts: SpawnOptions): Spawned {
  const maxOut = opts.maxStdoutBytes ?? 8 * 1024 * 1024;
  const maxErr = opts.maxStderrBytes ?? 64 * 1024;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    env: { ...process.env, ...(opts.env ?? {}) },
    detached: true,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? null;
  if (pid !== null) {
    groups.add(pid);
    onGroup?.(pid);
  }
  let out = Buffer.alloc(0);
  let err = Buffer.alloc(0);
  child.stdout?.on('data', (chunk: Buffer) => {
    if (out.length < maxOut) out = Buffer.concat([out, chunk.subarray(0, maxOut - out.length)]);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err = Buffer.concat([err, chunk]);
    if (err.length > maxErr) err = err.subarray(err.length - maxErr);
  });
  let finished = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      finished = true;
      if (pid !== null) groups.delete(pid);
      resolve({ code: null, signal: null, spawnError: e.code === 'ENOENT' ? `${argv[0]}: command not found` : e.message });
    });
    child.on('close', (code, signal) => {
      finished = true;
      // The leader is gone; its group may still have members (killed by stopGroup).
      if (pid !== null && !groupAlive(pid)) groups.delete(pid);
      resolve({ code, signal, spawnError: null });
    });
  });
  return {
    child,
    pid,
    exited,
    stdout: () => out.toString('utf8'),
    stderr: () => err.toString('utf8'),
    done: () => finished,
  };
}

export interface RunResult extends ExitInfo {
  stdout: string;
  stderr: string;
  timedOut: boolean;
  wallSeconds: number;
}

/** Runs a command to completion, killing its whole tree after `timeoutMs`. */
export async function runCommand(
  argv: readonly string[],
  opts: SpawnOptions & { timeoutMs: number },
): Promise<RunResult> {
  const start = process.hrtime.bigint();
  const p = spawnDetached(argv, opts);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (p.pid !== null) void stopGroup(p.pid, 2000);
  }, opts.timeoutMs);
  const info = await p.exited;
  clearTimeout(timer);
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  // Leftover grandchildren of a finished command are not ours to keep.
  if (p.pid !== null && groupAlive(p.pid)) await stopGroup(p.pid, 1000);
  return { ...info, stdout: p.stdout(), stderr: p.stderr(), timedOut, wallSeconds };
}

/** Whether a command can be run: exits 0 within a few seconds. */
export function commandWorks(argv: readonly string[], cwd = process.cwd()): boolean {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: 'ignore', timeout: 15000 });
  return !r.error && r.status === 0;
}

/** stdout+stderr of a short command, or null if it cannot run (bounded to 15 s). */
export function commandOutput(argv: readonly string[], cwd = process.cwd(), env?: Record<string, string>): { ok: boolean; output: string } | null {
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd,
    env: { ...process.env, ...(env ?? {}) },
    encoding: 'utf8',
    timeout: 15000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return null;
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The last `n` non-empty lines of a text, for failure reasons. */
export function lastLines(text: string, n = 8): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n)
    .join('\n');
}
