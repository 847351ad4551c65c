/**
 * Runs a process and measures it. Wall time comes from the runner's monotonic
 * clock (spawn to exit; includes ~1 ms of exec overhead for time and taskset);
 * user and system CPU time and the peak resident set size come from GNU time
 * (`/usr/bin/time -f`, Debian package `time`), which reads the child's rusage
 * (10 ms resolution for CPU times). Without GNU time those three are null.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProcessRepetition } from '../../src/schemas/run.ts';
import { pinned } from './cpus.ts';
import { runCommand, type RunResult } from './processes.ts';

export const GNU_TIME = '/usr/bin/time';
let hasGnuTime: boolean | null = null;
export function gnuTimeAvailable(): boolean {
  if (hasGnuTime === null) hasGnuTime = existsSync(GNU_TIME);
  return hasGnuTime;
}

export interface TimedResult extends RunResult {
  rep: ProcessRepetition;
}

/** Parses GNU time's `-f '%e %U %S %M'` output (the last line; the program's own output is elsewhere). */
export function parseGnuTime(text: string): { elapsed: number; user: number; sys: number; maxRssKb: number } | null {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  if (!m) return null;
  return { elapsed: Number(m[1]), user: Number(m[2]), sys: Number(m[3]), maxRssKb: Number(m[4]) };
}

export async function runTimed(
  argv: readonly string[],
  opts: { cwd: string; env?: Record<string, string>; cpus: string | null; timeoutMs: number; maxStdoutBytes?: number },
): Promise<TimedResult> {
  const useTime = gnuTimeAvailable();
  const dir = useTime ? mkdtempSync(path.join(os.tmpdir(), 'diezmil-time-')) : null;
  const timeFile = dir ? path.join(dir, 'time.txt') : null;
  const command = pinned(argv, opts.cpus);
  const full = timeFile ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, ...command] : command;
  const r = await runCommand(full, {
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.maxStdoutBytes ? { maxStdoutBytes: opts.maxStdoutBytes } : {}),
  });
  let parsed: ReturnType<typeof parseGnuTime> = null;
  if (timeFile) {
    try {
      parsed = parseGnuTime(readFileSync(timeFile, 'utf8'));
    } catch {
      parsed = null;
    }
    rmSync(dir!, { recursive: true, force: true });
  }
  // GNU time reports a failed exec ("Command exited with non-zero status", code 127) itself.
  let stderr = r.stderr;
  if (r.code === 127 && /No such file or directory|cannot run/.test(stderr)) {
    stderr = `${argv[0]}: command not found\n${stderr}`;
  }
  return {
    ...r,
    stderr,
    rep: {
      wall_seconds: r.wallSeconds,
      user_seconds: parsed ? parsed.user : null,
      sys_seconds: parsed ? parsed.sys : null,
      max_rss_bytes: parsed ? parsed.maxRssKb * 1024 : null,
    },
  };
}

/** Why a finished process counts as failed, or null if it exited 0. */
export function failureOf(r: RunResult, what: string): string | null {
  if (r.spawnError) return `${what}: ${r.spawnError}`;
  if (r.timedOut) return `${what}: timed out after ${r.wallSeconds.toFixed(0)} s and was killed`;
  if (r.signal) return `${what}: killed by ${r.signal}`;
  if (r.code !== 0) return `${what}: exited with code ${r.code}`;
  return null;
}
