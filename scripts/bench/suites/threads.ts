/**
 * Threads suite (the GIL): the `run` command in each mode — single, threads,
 * processes — with {workers} = every CPU of the machine (unpinned: the point
 * is to use them all), the modes interleaved in rounds. Its JSON line gives
 * wall_seconds and a result that must be the same in every mode and round.
 */
import { THREAD_MODES, type Cell, type ProcessRepetition, type ThreadsCell } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { substitute } from '../placeholders.ts';
import { lastLines } from '../processes.ts';
import type { Session } from '../session.ts';
import { summarize } from '../../../src/lib/statistics.ts';
import { groupSchedule, recordComparison, roundsGroup, roundsSettings, type GroupPlan } from '../groups.ts';
import { runRounds, type Taken } from '../rounds.ts';
import { failureOf, runTimed } from '../timed.ts';
import { laidOut } from '../member-workers.ts';
import { planGroups, selectedTests, type Suite } from './suite.ts';

const THREADS_TIMEOUT_MS = 10 * 60 * 1000;


interface ThreadsLine {
  wall_seconds: number;
  result: unknown;
  free_threaded: boolean | null;
}

function parseThreadsOutput(stdout: string): ThreadsLine | null {
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

/**
 * One group per implementation: its modes are the members (single, threads,
 * processes), measured in interleaved rounds, so the speedups of threads and
 * of processes over one thread are per-round ratios. In the run's record the
 * group's `test` is the implementation and its members are the modes.
 */
function threadsGroups(impls: readonly Impl[], tests: string[] | null): GroupPlan[] {
  const modes = selectedTests(THREAD_MODES, tests);
  if (modes.length === 0) return [];
  return impls
    .filter((i) => i.suite === 'threads')
    .map((i) => ({ suite: 'threads' as const, tests: [i.id], members: modes, reference: modes.includes('single') ? 'single' : modes[0]! }));
}

async function runThreadsSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  const workers = session.split.all.length || 1;
  const schedule = groupSchedule(session, 'threads', groups);
  for (const group of groups) {
    if (session.stopping) return;
    const impl = impls.find((i) => i.suite === 'threads' && i.id === group.tests[0]);
    if (!impl || impl.suite !== 'threads') continue;
    const idOf = (mode: string): CellId => ({ suite: 'threads', impl: impl.id, test: mode });
    const todo = group.members.filter((m) => !session.has(idOf(m)));
    if (todo.length === 0) continue;
    const startedAt = nowIso();
    const build = await buildImplementation(impl, (cmd) => session.step(idOf(todo[0]!), `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      for (const m of todo) session.record(failedCell(idOf(m), build, startedAt));
      continue;
    }
    refreshLibraries(session, impl);
    const checks = ['exit code 0', 'prints {"wall_seconds", "result", "free_threaded"}', 'the same result in every mode and round'];
    // The result every mode and round must agree on.
    let expected: string | null = null;
    let freeThreaded: boolean | null = null;
    const budget = schedule.budgetMs(group);
    const settings = roundsSettings(session, group, budget);
    const key = impl.id;
    const result = await runRounds<ProcessRepetition>(roundsGroup(group), [key], todo, todo.includes(group.reference) ? group.reference : todo[0]!, settings, {
      take: async (mode, round, position): Promise<Taken<ProcessRepetition>> => {
        session.step(idOf(mode), `round ${round + 1}`, true);
        const argv = substitute(impl.manifest.run, { mode, workers, cores: workers });
        // A layout of its own per process (environment size, argv[0], working-directory path): bias becomes variance.
        const l = laidOut(session, `threads/${impl.id}/${mode}/round ${round}`, argv, impl.dir, impl.manifest.env);
        const at = nowIso();
        const r = await runTimed(l.argv, { cwd: l.cwd, env: l.env, cpus: null, timeoutMs: THREADS_TIMEOUT_MS });
        const f = failureOf(r, `round ${round + 1}`);
        if (f) {
          const tail = lastLines(r.stderr, 6);
          return { error: `${f}${tail ? `:\n${tail}` : ''}` };
        }
        const line = parseThreadsOutput(r.stdout);
        if (!line) return { error: `round ${round + 1} printed no {"wall_seconds":…, "result":…} line: ${JSON.stringify(r.stdout.slice(0, 200))}` };
        const got = JSON.stringify(line.result);
        expected ??= got;
        if (got !== expected) return { error: `verification failed: ${mode} in round ${round + 1} gave result ${got}, another run gave ${expected}` };
        freeThreaded = line.free_threaded;
        return { values: { [key]: line.wall_seconds }, record: { ...r.rep, wall_seconds: line.wall_seconds, round, position, started_at: at, finished_at: nowIso() } };
      },
      onRound: (round, worst, elapsedMs) => session.roundProgress(`threads/${impl.id}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
      stopping: () => session.stopping,
    });
    if (session.stopping) return;
    for (const mode of todo) {
      const cell = blankCell(idOf(mode), 'ok', null) as ThreadsCell;
      cell.started_at = startedAt;
      cell.finished_at = nowIso();
      cell.workers = workers;
      cell.free_threaded = freeThreaded;
      cell.repetitions = result.records.get(mode)!.map((p) => p.record);
      const failure = result.failed.get(mode) ?? (cell.repetitions.length === 0 ? 'no round finished' : null);
      if (failure) {
        cell.verification = failure.startsWith('verification failed') ? { passed: false, checks, detail: failure } : null;
        session.record({ ...cell, status: 'failed', reason: failure, summary: null } as Cell);
        continue;
      }
      cell.verification = { passed: true, checks, detail: `result ${expected}` };
      cell.summary = { wall_seconds: summarize(cell.repetitions.map((r) => r.wall_seconds)) };
      session.record(cell);
    }
    recordComparison(session, group, todo, todo.includes(group.reference) ? group.reference : todo[0]!, result);
  }
}

export const threadsSuite: Suite = {
  id: 'threads',
  manifests: 'threads',
  tests: THREAD_MODES,
  inAll: true,
  rounds: { precision: 0.05, budgetShare: 0.04, quickSampleSeconds: 0.3 },
  loadGenerator: false,
  workers: false,
  // Unpinned: the point is to use every CPU.
  everyCpu: true,
  randomLayout: true,
  toolVersions: [],
  implByRuntime: false,
  hasTest: () => true,
  groups: (impls, tests) => threadsGroups(impls, tests),
  // A group's members are the modes of one implementation (its `test` in the comparison).
  plan: (ctx) => planGroups(ctx.groups, ctx.budgetSeconds, 2, (g, mode) => ({ suite: 'threads', impl: g.tests[0]!, test: mode })),
  run: runThreadsSuite,
};
