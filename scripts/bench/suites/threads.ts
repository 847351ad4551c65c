/**
 * Threads suite (the GIL): the `run` command in each mode — single, threads,
 * processes — with {workers} = every CPU of the machine (unpinned: the point
 * is to use them all), the modes interleaved in rounds. Its JSON line gives
 * wall_seconds and a result that must be the same in every mode and round.
 */
import { THREAD_MODES, type Cell, type ProcessRepetition, type ThreadMode, type ThreadsCell } from '../../../src/schemas/run.ts';
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
import { spanMemberId, threadsMember } from '../../../src/lib/threads-members.ts';

type ThreadsEntry = Extract<Impl, { suite: 'threads' }>;

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
export function threadsGroups(impls: readonly Impl[], tests: string[] | null, spanRuntimes = false): GroupPlan[] {
  const modes = selectedTests(THREAD_MODES, tests);
  if (modes.length === 0) return [];
  const threads = impls.filter((i) => i.suite === 'threads');
  const reference = modes.includes('single') ? 'single' : modes[0]!;
  const out: GroupPlan[] = [];
  const spanned = new Set<string>();
  for (const i of threads) {
    // With vintages, a manifest's runtimes share one group: CPython 3.14t's threads against its own
    // single thread and against 3.14's threads, in the same rounds (src/lib/threads-members.ts).
    const of = spanRuntimes && i.vintage ? i.vintage.of : null;
    if (of === null) {
      out.push({ suite: 'threads', tests: [i.id], members: modes, reference });
      continue;
    }
    if (spanned.has(of)) continue;
    spanned.add(of);
    const family = threads.filter((x) => x.vintage?.of === of);
    if (family.length === 1) {
      out.push({ suite: 'threads', tests: [i.id], members: modes, reference });
      continue;
    }
    const head = family.find((x) => x.vintage?.default) ?? family[0]!;
    out.push({ suite: 'threads', tests: [of], members: family.flatMap((x) => modes.map((m) => spanMemberId(x.id, m))), reference: spanMemberId(head.id, reference) });
  }
  return out;
}

async function runThreadsSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  const workers = session.split.all.length || 1;
  const schedule = groupSchedule(session, 'threads', groups);
  for (const group of groups) {
    if (session.stopping) return;
    const test = group.tests[0]!;
    /** A member's implementation and mode; members whose implementation cannot run (skipped before) are left out. */
    const parts = new Map<string, { impl: ThreadsEntry; mode: ThreadMode }>();
    for (const member of group.members) {
      const m = threadsMember(test, member);
      const impl = m ? impls.find((i): i is ThreadsEntry => i.suite === 'threads' && i.id === m.impl) : undefined;
      if (m && impl) parts.set(member, { impl, mode: m.mode });
    }
    // Cells of a group that spans implementations say whose rounds they share.
    const spans = group.members.some((m) => !(THREAD_MODES as readonly string[]).includes(m));
    const idOf = (member: string): CellId => ({ suite: 'threads', impl: parts.get(member)!.impl.id, test: parts.get(member)!.mode });
    const todo = group.members.filter((m) => parts.has(m) && !session.has(idOf(m)));
    if (todo.length === 0) continue;
    const startedAt = nowIso();
    const unbuilt = new Map<string, string>();
    for (const impl of new Set(todo.map((m) => parts.get(m)!.impl))) {
      const first = todo.find((m) => parts.get(m)!.impl === impl)!;
      const build = await buildImplementation(impl, (cmd) => session.step(idOf(first), `build: ${cmd}`));
      if (session.stopping) return;
      if (build) unbuilt.set(impl.id, build);
      else refreshLibraries(session, impl);
    }
    for (const m of todo) if (unbuilt.has(parts.get(m)!.impl.id)) session.record(failedCell(idOf(m), unbuilt.get(parts.get(m)!.impl.id)!, startedAt));
    const members = todo.filter((m) => !unbuilt.has(parts.get(m)!.impl.id));
    if (members.length === 0) continue;
    const checks = ['exit code 0', 'prints {"wall_seconds", "result", "free_threaded"}', 'the same result in every mode and round'];
    // The result every mode and round must agree on (and every runtime, in a group that spans them: the same program).
    let expected: string | null = null;
    const freeThreaded = new Map<string, boolean | null>();
    const budget = schedule.budgetMs(group);
    const settings = roundsSettings(session, group, budget);
    const reference = members.includes(group.reference) ? group.reference : members[0]!;
    const result = await runRounds<ProcessRepetition>(roundsGroup(group), [test], members, reference, settings, {
      take: async (member, round, position): Promise<Taken<ProcessRepetition>> => {
        const { impl, mode } = parts.get(member)!;
        session.step(idOf(member), `round ${round + 1}`, true);
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
        if (got !== expected) return { error: `verification failed: ${spans ? `${impl.id} ` : ''}${mode} in round ${round + 1} gave result ${got}, another run gave ${expected}` };
        freeThreaded.set(impl.id, line.free_threaded);
        return { values: { [test]: line.wall_seconds }, record: { ...r.rep, wall_seconds: line.wall_seconds, round, position, started_at: at, finished_at: nowIso() } };
      },
      onRound: (round, worst, elapsedMs) => session.roundProgress(`threads/${test}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
      stopping: () => session.stopping,
    });
    if (session.stopping) return;
    for (const member of members) {
      const cell = blankCell(idOf(member), 'ok', null) as ThreadsCell;
      cell.started_at = startedAt;
      cell.finished_at = nowIso();
      cell.workers = workers;
      cell.free_threaded = freeThreaded.get(parts.get(member)!.impl.id) ?? null;
      if (spans) cell.rounds_group = test;
      cell.repetitions = result.records.get(member)!.map((p) => p.record);
      const failure = result.failed.get(member) ?? (cell.repetitions.length === 0 ? 'no round finished' : null);
      if (failure) {
        cell.verification = failure.startsWith('verification failed') ? { passed: false, checks, detail: failure } : null;
        session.record({ ...cell, status: 'failed', reason: failure, summary: null } as Cell);
        continue;
      }
      cell.verification = { passed: true, checks, detail: `result ${expected}` };
      cell.summary = { wall_seconds: summarize(cell.repetitions.map((r) => r.wall_seconds)) };
      session.record(cell);
    }
    recordComparison(session, group, members, reference, result);
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
  groups: (impls, tests, _aa, spanRuntimes) => threadsGroups(impls, tests, spanRuntimes),
  // A group's members are the modes of one implementation (its `test` in the comparison), or in a
  // vintage run, the modes of each runtime of one manifest (src/lib/threads-members.ts).
  plan: (ctx) =>
    planGroups(ctx.groups, ctx.budgetSeconds, 2, (g, member) => {
      const m = threadsMember(g.tests[0]!, member)!;
      return { suite: 'threads', impl: m.impl, test: m.mode };
    }),
  run: runThreadsSuite,
};
