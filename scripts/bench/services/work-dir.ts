/**
 * The web-stack suite's work folder: `.bench-work/<run id>-XXXXXX/` in the
 * project (or under $DIEZMIL_WORK_ROOT), holding PostgreSQL's data directory,
 * Redis's directory and each stack's DIEZMIL_WORK_DIR. It is removed when the
 * suite ends, fails or is interrupted (bench.ts's signal handler calls
 * `removeWorkDirsSync` after the services' process groups are gone). A
 * folder left by a runner that was killed outright (SIGKILL, power cut) is
 * removed by the next run: each folder names the pid of its runner.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OWNER_FILE = 'runner.pid';
const live = new Set<string>();

/** Where work folders go: $DIEZMIL_WORK_ROOT, or `.bench-work` in the project. */
export function workRoot(projectRoot: string): string {
  return path.resolve(process.env['DIEZMIL_WORK_ROOT'] || path.join(projectRoot, '.bench-work'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes folders of runners that no longer run; returns their names. */
export function removeStaleWorkDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const dir = path.join(root, name);
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(path.join(dir, OWNER_FILE), 'utf8'), 10);
    } catch {
      continue; // not one of ours, or still being created
    }
    if (Number.isInteger(pid) && pid > 0 && !alive(pid) && !live.has(dir)) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * Creates this run's folder. It is world-readable (0755) because PostgreSQL
 * runs as its own unprivileged user when the runner is root, and must reach
 * its data directory inside.
 */
export function createWorkDir(root: string, runId: string): string {
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, `${runId}-`));
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  live.add(dir);
  return dir;
}

/** Removes a work folder, and the default `.bench-work` root once it is empty. */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  live.delete(dir);
  const root = path.dirname(dir);
  if (path.basename(root) === '.bench-work') {
    try {
      if (readdirSync(root).length === 0) rmdirSync(root);
    } catch {
      /* another run's folder is there, or it is already gone */
    }
  }
}

/** For signal handlers and exit: removes every work folder this process still has. */
export function removeWorkDirsSync(): void {
  for (const dir of [...live]) {
    try {
      removeWorkDir(dir);
    } catch {
      /* best effort on the way out */
    }
  }
}
