/**
 * Nothing of a run outlives it. Every runner gets a private folder,
 * `<tmp>/diezmil-run.<pid>.XXXXXX`, which becomes TMPDIR for the runner and
 * everything it starts (nginx-front.sh's folders, the slicer's build, GNU
 * time's output, PostgreSQL's socket…), and every child carries
 * DIEZMIL_RUNNER=<that folder> in its environment, which its own children
 * inherit: a process is the run's when its environment says so, whatever
 * group or session it moved to.
 *
 * - Every process group the runner starts is recorded in the folder (its
 *   leader's pid and start time): PostgreSQL and Redis rewrite their process
 *   titles over their environment, so the mark cannot be read there; a
 *   recorded group whose leader is still that process is the run's too.
 * - A small supervisor (reaper.ts), started first, waits for the runner's end
 *   on a pipe; when the runner dies by any signal, SIGKILL included, the pipe
 *   closes and it stops every process of the run (their process groups, TERM
 *   then KILL) and removes the folder.
 * - If the supervisor was killed too, the next run (or --resume) does the
 *   same for every folder whose runner is gone, and says what it stopped.
 * - Folders nginx-front.sh made in /tmp before runs had a folder of their own
 *   (`diezmil-nginx.*`) are removed when no process uses them.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { allPids, isAlive, processCommand, processEnviron, processStart, procStat } from './proc.ts';
import { watchGroups } from './processes.ts';

const RUNNER_ENV = 'DIEZMIL_RUNNER';
const PREFIX = 'diezmil-run.';
const OWNER = 'owner.json';
/** One line per process group the runner started: "<pgid> <start time of its leader>". */
const GROUPS = 'groups';
const REAPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reaper.ts');

interface Owner {
  pid: number;
  start: string | null;
  run_id: string | null;
  checkout: string;
  started_at: string;
}

export interface RunFolder {
  dir: string;
  /** The temporary folder the runner was given (the parent of dir). */
  tmpBase: string;
  setRunId(id: string): void;
  /** Removes the folder (the end of a run). Synchronous, for exit handlers. */
  removeSync(): void;
}

let current: RunFolder | null = null;

/**
 * Creates the runner's private folder, points TMPDIR at it, marks every later
 * child with DIEZMIL_RUNNER and starts the supervisor. Call once, early.
 */
export function startRunFolder(checkout: string): RunFolder {
  if (current) return current;
  const tmpBase = os.tmpdir();
  const dir = mkdtempSync(path.join(tmpBase, `${PREFIX}${process.pid}.`));
  // Services that run as their own user (PostgreSQL, nginx's workers when the runner is root) reach their sockets here.
  chmodSync(dir, 0o755);
  const owner: Owner = { pid: process.pid, start: processStart(process.pid), run_id: null, checkout, started_at: new Date().toISOString() };
  const writeOwner = () => writeFileSync(path.join(dir, OWNER), `${JSON.stringify(owner)}\n`);
  writeOwner();
  startReaper(dir, checkout);
  watchGroups((pgid) => {
    try {
      appendFileSync(path.join(dir, GROUPS), `${pgid} ${processStart(pgid) ?? '-'}\n`);
    } catch {
      /* the folder is gone: the run is ending */
    }
  });
  process.env['TMPDIR'] = dir;
  process.env[RUNNER_ENV] = dir;
  let removed = false;
  current = {
    dir,
    tmpBase,
    setRunId(id) {
      owner.run_id = id;
      if (!removed) writeOwner();
    },
    removeSync() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return current;
}

/** The supervisor: its stdin is a pipe from this process, which closes when this process ends, however it ends. */
function startReaper(dir: string, checkout: string): void {
  const env = { ...process.env };
  delete env[RUNNER_ENV];
  const child = spawn(process.execPath, [REAPER, dir, checkout], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env, cwd: os.tmpdir() });
  // Neither the child nor the pipe keeps the runner alive; the pipe closes when the runner exits.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.stdin?.on('error', () => {});
}

export interface Stopped {
  pid: number;
  command: string;
}

/** Every live process whose environment names `dir` as its runner's folder (never this process). */
function processesOf(dir: string): Stopped[] {
  const mark = `${RUNNER_ENV}=${dir}`;
  const found: Stopped[] = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    if (processEnviron(pid).includes(mark)) found.push({ pid, command: processCommand(pid) || procStat(pid)?.comm || '?' });
  }
  return found;
}

/**
 * Stops every process of the run whose folder is `dir`: TERM to their
 * process groups (a server's forked workers included, even those that
 * cleared their environment, as nginx's do), KILL to what is left after
 * `graceMs`. Returns what it found.
 */
export async function stopProcessesOf(dir: string, graceMs = 3000): Promise<Stopped[]> {
  const found = processesOf(dir);
  const groups = new Set<number>();
  for (const p of found) {
    const st = procStat(p.pid);
    if (st) groups.add(st.pgrp);
  }
  for (const g of recordedGroups(dir)) {
    if (groups.has(g)) continue;
    groups.add(g);
    for (const pid of allPids()) {
      if (pid !== process.pid && procStat(pid)?.pgrp === g && !found.some((f) => f.pid === pid)) found.push({ pid, command: processCommand(pid) || procStat(pid)?.comm || '?' });
    }
  }
  if (found.length === 0) return [];
  const signal = (sig: NodeJS.Signals) => {
    for (const g of groups) {
      try {
        process.kill(-g, sig);
      } catch {
        /* gone */
      }
    }
    for (const p of found) {
      try {
        process.kill(p.pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  const left = () => processesOf(dir).length > 0 || [...groups].some((g) => groupExists(g));
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && left()) await sleep(100);
  if (left()) {
    signal('SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (Date.now() < killDeadline && left()) await sleep(50);
  }
  return found;
}

/**
 * The recorded groups that still have processes of this run: the leader is
 * the very process started (same start time), or, the leader gone, members
 * started after it (Linux does not give a group's id to a new process while
 * the group has members).
 */
function recordedGroups(dir: string): number[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, GROUPS), 'utf8');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const [pgidText, start] = line.split(' ');
    const pgid = Number(pgidText);
    if (!Number.isInteger(pgid) || pgid <= 1 || !start || start === '-') continue;
    const leader = procStat(pgid);
    if (leader) {
      if (leader.start === start && leader.pgrp === pgid) out.push(pgid);
      continue;
    }
    const members = allPids().map((pid) => procStat(pid)).filter((st) => st !== null && st.pgrp === pgid && BigInt(st.start) >= BigInt(start));
    if (members.length > 0) out.push(pgid);
  }
  return out;
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function readOwner(dir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, OWNER), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

/** What a sweep found and did, in words, one line per earlier run. */
export interface SweepReport {
  lines: string[];
}

/**
 * Finds what earlier runs left behind (their runner is gone) in `tmpBase`,
 * stops it and removes it. Runs of other live runners are never touched.
 */
export async function sweepLeftovers(tmpBase: string): Promise<SweepReport> {
  const lines: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpBase);
  } catch {
    return { lines };
  }
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(tmpBase, name);
    if (current?.dir === dir) continue;
    const owner = readOwner(dir);
    if (!owner) {
      // Being created right now, or not one of ours: only a folder older than a minute without an owner is removed.
      try {
        if (ageSeconds(dir) > 60 && processesOf(dir).length === 0) rmSync(dir, { recursive: true, force: true });
      } catch {
        /* another user's */
      }
      continue;
    }
    if (isAlive(owner.pid, owner.start)) continue;
    const stopped = await stopProcessesOf(dir);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      // Another user's run: not ours to remove.
      lines.push(`Could not remove ${dir}, left by a run that is gone (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); remove it as its owner.`);
      continue;
    }
    const who = `${owner.run_id ? `run ${owner.run_id}` : 'a run'} (runner pid ${owner.pid}, gone)`;
    if (stopped.length > 0) {
      lines.push(`Stopped ${stopped.length} process(es) left by ${who}: ${stopped.map((s) => `${s.pid} ${shorten(s.command)}`).join('; ')}. Removed ${dir}.`);
    } else {
      lines.push(`Removed ${dir}, left by ${who}.`);
    }
  }
  // nginx-front.sh's folders from runners that had no folder of their own.
  for (const name of names.filter((n) => n.startsWith('diezmil-nginx.'))) {
    const dir = path.join(tmpBase, name);
    if (ageSeconds(dir) < 60 || inUse(dir)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      continue; // another user's
    }
    lines.push(`Removed ${dir} (an nginx folder no process uses).`);
  }
  return { lines };
}

function ageSeconds(dir: string): number {
  try {
    return (Date.now() - statSync(dir).mtimeMs) / 1000;
  } catch {
    return 0;
  }
}

/** Whether a live process names the folder on its command line. */
function inUse(dir: string): boolean {
  return allPids().some((pid) => pid !== process.pid && processCommand(pid).includes(dir));
}

function shorten(command: string): string {
  return command.length > 80 ? `${command.slice(0, 77)}…` : command;
}
