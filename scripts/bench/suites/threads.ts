/**
 * Threads suite (the GIL): the `run` command in each mode — single, threads,
 * processes — with {workers} = every CPU of the machine (unpinned: the point
 * is to use them all). Its JSON line gives wall_seconds and a result that must
 * be the same in every mode and repetition.
 */
import { THREAD_MODES, type Cell, type ProcessRepetition, type ThreadsCell } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { noisyFlag } from '../flags.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { substitute } from '../placeholders.ts';
import { lastLines } from '../processes.ts';
import type { Planned } from '../progress.ts';
import type { Session } from '../session.ts';
import { summarize } from '../stats.ts';
import { failureOf, runTimed } from '../timed.ts';

export const THREADS_TIMEOUT_MS = 10 * 60 * 1000;

function selected(tests: string[] | null): string[] {
  return THREAD_MODES.filter((t) => !tests || tests.includes(t));
}

export function planThreads(impls: readonly Impl[], tests: string[] | null, reps: number): Planned[] {
  const out: Planned[] = [];
  for (const impl of impls) {
    if (impl.suite !== 'threads') continue;
    for (const mode of selected(tests)) out.push({ id: { suite: 'threads', impl: impl.id, test: mode }, estimateSeconds: reps * 5 });
  }
  return out;
}

export interface ThreadsLine {
  wall_seconds: number;
  result: unknown;
  free_threaded: boolean | null;
}

export function parseThreadsOutput(stdout: string): ThreadsLine | null {
  for (const raw of stdout.split('\n').reverse()) {
    const t = raw.trim();
    if (!t.startsWith('{')) continue;
    try {
      const j = JSON.parse(t) as Record<string, unknown>;
      const wall = j['wall_seconds'];
      if (typeof wall !== 'number' || !Number.isFinite(wall) || wall < 0 || !('result' in j)) continue;
      return { wall_seconds: wall, result: j['result'], free_threaded: typeof j['free_threaded'] === 'boolean' ? (j['free_threaded'] as boolean) : null };
    } catch {
      /* not this line */
    }
  }
  return null;
}

export async function runThreadsSuite(session: Session, impls: readonly Impl[], tests: string[] | null): Promise<void> {
  const workers = session.split.all.length || 1;
  const reps = session.options.reps ?? (session.options.quick ? 2 : 5);
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'threads') continue;
    const idOf = (mode: string): CellId => ({ suite: 'threads', impl: impl.id, test: mode });
    const todo = selected(tests).filter((m) => !session.has(idOf(m)));
    if (todo.length === 0) continue;
    const build = await buildImplementation(impl, (cmd) => session.step(idOf(todo[0]!), `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      const at = nowIso();
      for (const m of todo) session.record(failedCell(idOf(m), build, at));
      continue;
    }
    refreshLibraries(session, impl);
    // The result every mode must agree on: taken from an earlier cell of this run if there is one.
    let reference: string | null = null;
    for (const mode of todo) {
      if (session.stopping) return;
      const id = idOf(mode);
      const startedAt = nowIso();
      const argv = substitute(impl.manifest.run, { mode, workers, cores: workers });
      const cell = blankCell(id, 'ok', null) as ThreadsCell;
      cell.started_at = startedAt;
      cell.workers = workers;
      const checks = ['exit code 0', 'prints {"wall_seconds", "result", "free_threaded"}', 'the same result in every mode and repetition'];
      let failure: string | null = null;
      const repetitions: ProcessRepetition[] = [];
      for (let i = 0; i < reps && !failure; i++) {
        if (session.stopping) return;
        session.step(id, `repetition ${i + 1}/${reps}`);
        const r = await runTimed(argv, { cwd: impl.dir, env: impl.manifest.env, cpus: null, timeoutMs: THREADS_TIMEOUT_MS });
        const f = failureOf(r, `repetition ${i + 1}`);
        if (f) {
          const tail = lastLines(r.stderr, 6);
          failure = `${f}${tail ? `:\n${tail}` : ''}`;
          break;
        }
        const line = parseThreadsOutput(r.stdout);
        if (!line) {
          failure = `repetition ${i + 1} printed no {"wall_seconds":…, "result":…} line: ${JSON.stringify(r.stdout.slice(0, 200))}`;
          break;
        }
        const result = JSON.stringify(line.result);
        if (reference === null) reference = result;
        if (result !== reference) {
          failure = `verification failed: ${mode} repetition ${i + 1} gave result ${result}, another run gave ${reference}`;
          cell.verification = { passed: false, checks, detail: failure };
          break;
        }
        cell.free_threaded = line.free_threaded;
        repetitions.push({ ...r.rep, wall_seconds: line.wall_seconds });
      }
      cell.repetitions = repetitions;
      cell.finished_at = nowIso();
      let out: Cell;
      if (failure) {
        out = { ...cell, status: 'failed', reason: failure, summary: null };
      } else {
        cell.verification = { passed: true, checks, detail: `result ${reference}` };
        const walls = repetitions.map((r) => r.wall_seconds);
        cell.summary = { wall_seconds: summarize(walls) };
        const noisy = noisyFlag(walls, session.noisyThreshold, 'Run time');
        cell.flags = noisy ? [noisy] : [];
        out = cell;
      }
      session.record(out);
    }
  }
}
