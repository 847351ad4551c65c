/**
 * One run at a time: a lock per checkout (its run files, builds and work
 * folders) and a lock per CPU it measures on (two runs on the same CPUs would
 * slow each other down and record it as the programs' speed). A lock is a
 * small JSON file naming the run that holds it: its pid and that process's
 * start time, so that a lock left by a runner that died (SIGKILL, power cut)
 * is seen as stale and taken over, with a message, like PostgreSQL's
 * postmaster.pid.
 *
 * Where: the checkout's lock is `.bench-work/run.lock`; the CPUs' locks are
 * machine-wide, `<tmp>/diezmil-locks/cpu<N>.lock`. $DIEZMIL_LOCK_DIR puts all
 * of them in one folder instead (tests, so that unrelated test runs never
 * refuse each other).
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from './errors.ts';
import { isAlive, processStart } from './proc.ts';
import { createExclusive } from './exclusive-file.ts';

export interface Holder {
  pid: number;
  /** The holder's start time (proc.ts), null where /proc is not there. */
  start: string | null;
  host: string;
  /** The run id, once known (null while the run is starting). */
  run_id: string | null;
  started_at: string;
  command: string;
  checkout: string;
}

export interface Lock {
  file: string;
  /** The stale lock this one replaced (its runner had died), if any. */
  tookOver: Holder | null;
  /** Names the run in the lock once its id is known. */
  setRunId(id: string): void;
  release(): void;
}

/** The holder record of this process. */
export function selfHolder(checkout: string, command: string): Holder {
  return { pid: process.pid, start: processStart(process.pid), host: os.hostname(), run_id: null, started_at: new Date().toISOString(), command, checkout };
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs (a holder on another host cannot be checked: it counts as running). */
function holderAlive(h: Holder): boolean {
  if (h.host !== os.hostname()) return true;
  return isAlive(h.pid, h.start);
}

const same = (a: Holder | null, b: Holder | null) => a !== null && b !== null && a.pid === b.pid && a.start === b.start && a.started_at === b.started_at;


function describeHolder(h: Holder): string {
  const since = h.started_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `${h.run_id ? `run ${h.run_id}` : 'a run that is starting'} (pid ${h.pid}, started ${since}: ${h.command}${h.checkout ? ` in ${h.checkout}` : ''})`;
}

/**
 * Takes the lock at `file` for `me`, or throws a UserError naming the run
 * that holds it. A lock whose holder is gone is taken over (tookOver says
 * whose it was). `what` says what is locked, for the message.
 */
export function acquireLock(file: string, me: Holder, what: string): Lock {
  mkdirSync(path.dirname(file), { recursive: true });
  let tookOver: Holder | null = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusive(file, `${JSON.stringify(me)}\n`)) return handle(file, me, tookOver);
    const holder = readHolder(file);
    if (holder && same(holder, me)) return handle(file, me, tookOver);
    if (holder && holderAlive(holder)) {
      throw new UserError(
        `another run is measuring ${what}: ${describeHolder(holder)}.\n` +
          `  Two runs at once would slow each other down and record it as the programs' speed. Wait for it to end, or stop it (kill ${holder.pid}; it keeps its finished cells and can be resumed).`,
      );
    }
    // Stale (or unreadable): move it aside atomically, and make sure what was moved is the stale lock
    // read above, not a lock another starting run has just written in its place.
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // gone meanwhile: try again
    }
    const moved = readHolder(aside);
    if (moved && holder && !same(moved, holder) && holderAlive(moved)) {
      try {
        linkSync(aside, file);
      } catch {
        /* a third run has it now */
      }
      rmSync(aside, { force: true });
      continue;
    }
    rmSync(aside, { force: true });
    tookOver = moved ?? holder;
  }
  throw new UserError(`${file}: could not take the lock (other runs keep starting); try again`);
}

function handle(file: string, me: Holder, tookOver: Holder | null): Lock {
  let released = false;
  return {
    file,
    tookOver,
    setRunId(id: string) {
      me.run_id = id;
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(me)}\n`);
      renameSync(tmp, file);
    },
    release() {
      if (released) return;
      released = true;
      // Only our own lock: never one a later run took over.
      if (same(readHolder(file), me)) {
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      }
    },
  };
}

/** Where the checkout's lock goes. */
export function checkoutLockFile(root: string): string {
  const dir = process.env['DIEZMIL_LOCK_DIR'];
  return dir ? path.join(dir, 'checkout.lock') : path.join(root, '.bench-work', 'run.lock');
}

/** Where the lock of one CPU goes (machine-wide: every checkout and user share it). */
function cpuLockFile(cpu: number, tmpBase: string): string {
  const dir = process.env['DIEZMIL_LOCK_DIR'] ?? path.join(tmpBase, 'diezmil-locks');
  if (!process.env['DIEZMIL_LOCK_DIR']) {
    mkdirSync(dir, { recursive: true });
    try {
      chmodSync(dir, 0o1777); // every user's runs share the CPUs
    } catch {
      /* another user's folder: it already has that mode */
    }
  }
  return path.join(dir, `cpu${cpu}.lock`);
}

/** Takes every CPU's lock, in order; on a refusal, gives back the ones it took. */
export function acquireCpuLocks(cpus: readonly number[], me: Holder, tmpBase: string): Lock[] {
  const taken: Lock[] = [];
  try {
    for (const cpu of [...new Set(cpus)].sort((a, b) => a - b)) taken.push(acquireLock(cpuLockFile(cpu, tmpBase), me, `CPU ${cpu}`));
  } catch (e) {
    for (const l of taken) l.release();
    throw e;
  }
  return taken;
}
