/**
 * What Linux's /proc says about a process: its parent, group, session and
 * start time. The start time (clock ticks since boot) tells a process from a
 * later one that got the same pid (pid_max is often 32768, so pids come back).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Field 22 of /proc/<pid>/stat: when it started, in clock ticks since boot. */
  start: string;
  /** The command name (field 2). */
  comm: string;
}

export function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may itself hold spaces and parentheses.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  if (f.length < 20) return null;
  return { pid, ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]), start: f[19]!, comm };
}

/** The start time of a live process, or null when there is no such process. */
export function processStart(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/** Whether `pid` is the very process recorded with `start` (null start: any process with that pid). */
export function isAlive(pid: number, start: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === null) return true;
  const now = processStart(pid);
  // Without /proc (not Linux) the signal test above is all there is.
  return now === null ? true : now === start;
}

/** Every process id in /proc. */
export function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/** The environment a process started with (empty when it cannot be read: gone, or another user's). */
export function processEnviron(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

/** The command line of a process as one string ('' when gone). */
export function processCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}
