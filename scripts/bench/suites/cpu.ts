/**
 * CPU suite: the kernels timed in long-lived workers (workers.ts), without
 * process start-up. Per kernel, each implementation first runs the whole
 * problem once as a process, whose answer is checked against
 * bench/cpu/kernels.json as before, and its worker solves the quick-size
 * problem once (`count`), checked the same way, which proves that its work
 * units add up to the problem. Then interleaved rounds (rounds.ts): each round
 * starts a fresh worker per member with a random layout (process-layout.ts),
 * warms it, and gives every member quarter-second slices in several passes
 * over the round's random order (worker-rounds.ts). A member's figure for the
 * round is the seconds of the whole problem: seconds per unit × units per
 * problem. Afterwards, instructions per unit under callgrind where meaningful.
 */
import { CPU_KERNELS, type Cell, type CpuCell, type ProcessRepetition, type Verification } from '../../../src/schemas/run.ts';
import { median, summarize } from '../../../src/lib/statistics.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { groupOf, groupSchedule, recordComparison, roundsGroup, roundsSettings, twinId, twinOf, type GroupBudget, type GroupPlan } from '../groups.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { KERNEL_UNITS, loadKernels, sameOutput, type KernelSpec, type KernelUnit, type Kernels } from '../kernels.ts';
import { laidOut, startWorker } from '../member-workers.ts';
import { shellQuote, substitute } from '../placeholders.ts';
import { lastLines } from '../processes.ts';
import { RUNNER_TOOLS, firstMissing } from '../requirements.ts';
import { runRounds } from '../rounds.ts';
import type { Session } from '../session.ts';
import { failureOf, runTimed } from '../timed.ts';
import { inParallel, unitInstructions } from '../unit-instructions.ts';
import { PASSES, SLICE_SECONDS, takeWorkerRound, type MemberRound, type RoundMember } from '../worker-rounds.ts';
import { hashString } from '../../../src/lib/statistics.ts';
import { runClockMhz } from '../../../src/lib/clock.ts';
import { memberCell, planGroups, type Suite } from './suite.ts';

type CpuEntry = Extract<Impl, { suite: 'cpu' }>;

const PROCESS_TIMEOUT_MS = 10 * 60 * 1000;
/** Longest one slice may take (a single chunk of CPython's spectral-norm is about a second). */
const SLICE_TIMEOUT_MS = 2 * 60 * 1000;
/** Ratios of a kernel are taken to the first of these that was measured. */
export const CPU_REFERENCES = ['cpp', 'c'];
const JIT_NOTE = 'JIT runtime: instruction counts under callgrind vary too much to publish';

/** One comparison group per kernel: the implementations that have it, plus the A/A twin. */
function cpuGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const cpu = impls.filter((i): i is CpuEntry => i.suite === 'cpu');
  const out: GroupPlan[] = [];
  for (const kernel of CPU_KERNELS) {
    if (tests && !tests.includes(kernel)) continue;
    const ids = cpu.filter((i) => i.manifest.kernels[kernel] !== undefined).map((i) => i.id);
    if (ids.length === 0) continue;
    out.push(groupOf('cpu', kernel, ids, aa, CPU_REFERENCES));
  }
  return out;
}

interface Member {
  id: string;
  impl: CpuEntry;
  cell: CpuCell;
  unit: KernelUnit;
  /** Units of the problem at the run's size. */
  perProblem: number;
  workerArgv: (n: string, start: number) => string[];
  jit: boolean;
}

/** The unit a worker's state starts at in a round: random, seeded, so kernels whose units cost unequal amounts (fannkuch) are sampled across the problem. */
export function startUnit(runId: string, role: string, perProblem: number): number {
  return hashString(`${runId}/start/${role}`) % perProblem;
}

/**
 * Before the rounds: the whole problem once as a process (its answer checked,
 * as the Benchmarks Game checks it), then the worker's quick-size problem
 * (`count`), checked against the same file. A failed cell, or the member.
 */
async function prepare(session: Session, id: string, impl: CpuEntry, kernel: string, spec: KernelSpec | undefined): Promise<Member | Cell> {
  const cellId: CellId = { suite: 'cpu', impl: id, test: kernel };
  const startedAt = nowIso();
  const quick = session.options.quick;
  const fail = (reason: string) => failedCell(cellId, reason, startedAt);
  if (!spec) return fail(`bench/cpu/kernels.json has no entry for ${kernel}; add its argument and expected output`);
  const unit = KERNEL_UNITS[kernel];
  if (!unit) return fail(`the runner knows no work unit for kernel ${kernel} (scripts/bench/kernels.ts KERNEL_UNITS)`);
  const workerTemplate = impl.manifest.worker?.[kernel];
  if (!workerTemplate) return fail(`${impl.manifestPath} has no worker for ${kernel}: add "worker": {"${kernel}": [argv]} (bench/README.md, "Workers")`);
  const argument = quick ? spec.quickArgument : spec.argument;
  const expected = spec.expected.get(argument) ?? null;
  const template = impl.manifest.kernels[kernel]!;
  const env = impl.manifest.env;
  const argv = (n: string) => substitute(template, { n, iterations: 1, cores: session.split.serverCount });
  const workerArgv = (n: string, start: number) => substitute(workerTemplate, { n, start, cores: session.split.serverCount });
  const checks = [`exit code 0`, expected !== null ? `stdout = expected output for ${argument} (bench/cpu/kernels.json)` : `no expected output for ${argument} in bench/cpu/kernels.json`];
  const cell = blankCell(cellId, 'ok', null) as CpuCell;
  cell.started_at = startedAt;
  cell.argument = argument;
  if (id !== impl.id) cell.twin_of = impl.id;
  const failedVerification = (detail: string, reason = `verification failed: ${detail}`): Cell => ({
    ...cell,
    status: 'failed',
    reason,
    finished_at: nowIso(),
    verification: { passed: false, checks, detail },
  });

  session.step(cellId, `verifying (${shellQuote(argv(argument))})`);
  const l = laidOut(session, `cpu/${kernel}/${id}/verify`, argv(argument), impl.dir, env);
  const warm = await runTimed(l.argv, { cwd: l.cwd, env: l.env, cpus: session.split.server, timeoutMs: PROCESS_TIMEOUT_MS, maxStdoutBytes: 1024 * 1024 });
  const warmFail = failureOf(warm, 'the program');
  if (warmFail) return failedVerification(warmFail, `${warmFail}${lastLines(warm.stderr, 6) ? `:\n${lastLines(warm.stderr, 6)}` : ''}`);
  if (expected !== null && !sameOutput(warm.stdout, expected)) {
    return failedVerification(`stdout was ${JSON.stringify(warm.stdout.slice(0, 200))}, expected ${JSON.stringify(expected.slice(0, 200))}`);
  }

  // The worker's units must add up to the problem: its quick-size problem, solved by `count`, gives the file's answer.
  const quickUnits = unit.perProblem(Number(spec.quickArgument));
  const quickExpected = spec.expected.get(spec.quickArgument) ?? null;
  checks.push(
    quickExpected !== null
      ? `worker: "count ${kernel} ${quickUnits}" at size ${spec.quickArgument} answers the expected output (bench/cpu/kernels.json)`
      : `worker: no expected output for ${spec.quickArgument} in bench/cpu/kernels.json`,
  );
  session.step(cellId, `verifying the worker (count ${kernel} ${quickUnits})`);
  let worker;
  try {
    worker = await startWorker(session, `cpu/${kernel}/${id}/verify-worker`, workerArgv(spec.quickArgument, 0), impl.dir, env, session.split.server);
    const answer = await worker.count(kernel, quickUnits, PROCESS_TIMEOUT_MS);
    if (quickExpected !== null && !sameOutput(answer.checksum, quickExpected)) {
      return failedVerification(`the worker's count of ${quickUnits} units at size ${spec.quickArgument} answered ${JSON.stringify(answer.checksum.slice(0, 200))}, expected ${JSON.stringify(quickExpected.slice(0, 200))}`);
    }
  } catch (e) {
    return failedVerification((e as Error).message);
  } finally {
    await worker?.quit();
  }
  cell.verification = { passed: true, checks, detail: expected === null ? 'output not checked: no expected value' : null } satisfies Verification;
  cell.warmup_runs = 1;
  cell.unit = { name: unit.name, per_problem: unit.perProblem(Number(argument)) };
  return { id, impl, cell, unit, perProblem: cell.unit.per_problem, workerArgv, jit: impl.manifest.jit };
}

function roundMember(session: Session, m: Member, kernel: string): RoundMember {
  return {
    id: m.id,
    test: kernel,
    jit: m.jit,
    timeoutMs: SLICE_TIMEOUT_MS,
    start: (round) => {
      const role = `cpu/${kernel}/${m.id}/round ${round}`;
      return startWorker(session, role, m.workerArgv(m.cell.argument!, startUnit(session.run.id, role, m.perProblem)), m.impl.dir, m.impl.manifest.env, session.split.server);
    },
    // A slice's checksum is the kernel's state part-way through a problem: recorded, checked only through `count` above.
    check: () => null,
  };
}

/** Instructions per unit under callgrind, or why there are none. */
async function instructions(session: Session, m: Member, kernel: string): Promise<CpuCell['instructions']> {
  const argument = m.cell.argument;
  if (!m.impl.manifest.callgrind || m.jit) return { count: null, tool: 'callgrind', argument: null, note: JIT_NOTE };
  if (m.id !== m.impl.id) return { count: null, tool: 'callgrind', argument: null, note: 'A/A twin: counted once, on the implementation itself' };
  if (session.options.quick) return { count: null, tool: 'callgrind', argument: null, note: 'not measured in --quick runs' };
  const missing = firstMissing([RUNNER_TOOLS.valgrind], m.impl.dir);
  if (missing) return { count: null, tool: 'callgrind', argument, note: `valgrind not found (${missing.fix})` };
  session.step({ suite: 'cpu', impl: m.id, test: kernel }, `callgrind (count ${m.unit.callgrindUnits.join(' and ')} units)`);
  const size = m.unit.callgrindSize;
  const scaled = size !== undefined ? (Number(argument) / size) ** 2 : null;
  const per = await unitInstructions(
    { argv: m.workerArgv(size !== undefined ? String(size) : argument!, 0), cwd: m.impl.dir, env: m.impl.manifest.env, cpus: null, name: `cpu/${kernel}/${m.id}` },
    kernel,
    m.unit.callgrindUnits,
  );
  const total = per.per_unit === null ? null : Math.max(0, Math.round(per.per_unit * (scaled ?? 1) * m.perProblem));
  return { count: total, tool: 'callgrind', argument, note: per.note ?? (total !== null ? `instructions per unit × ${m.perProblem} units${m.unit.callgrindNote ? `; ${m.unit.callgrindNote}` : ''}` : null), per_unit: per };
}

/** After the rounds: the cell from its rounds' slices, the JIT's warm-up curve and the instruction counts. */
function finish(session: Session, m: Member, rounds: { round: number; position: number; record: MemberRound }[], failure: string | null, counted: CpuCell['instructions']): Cell {
  const cell = m.cell;
  if (failure) return { ...cell, status: 'failed', reason: failure, finished_at: nowIso(), summary: null };
  if (rounds.length === 0) return { ...cell, status: 'failed', reason: 'no round finished', finished_at: nowIso(), summary: null };
  cell.slices = rounds.flatMap((r) => r.record.slices);
  cell.repetitions = rounds.map((r): ProcessRepetition => ({
    wall_seconds: r.record.secondsPerUnit * m.perProblem,
    user_seconds: null,
    sys_seconds: null,
    max_rss_bytes: null,
    round: r.round,
    position: r.position,
  }));
  // The warm-up of the first round, as seconds for the whole problem per slice: how long the JIT took to settle.
  const firstWarmup = rounds[0]!.record.warmup;
  cell.jit_warmup_seconds = m.jit && firstWarmup.length > 0 ? firstWarmup.map((a) => (a.seconds / a.units) * m.perProblem) : null;
  cell.instructions = counted;
  const mhz = runClockMhz(session.run.machine);
  const perUnit = median(cell.repetitions.map((r) => r.wall_seconds)) / m.perProblem;
  cell.cycles_per_unit = mhz ? perUnit * mhz * 1e6 : null;
  cell.summary = { wall_seconds: summarize(cell.repetitions.map((r) => r.wall_seconds)), max_rss_bytes: null };
  cell.flags = [];
  cell.finished_at = nowIso();
  return cell;
}

async function runKernelGroup(session: Session, group: GroupPlan, byId: Map<string, CpuEntry>, spec: KernelSpec | undefined, budget: GroupBudget): Promise<void> {
  const kernel = group.tests[0]!;
  const members: Member[] = [];
  for (const id of group.members) {
    if (session.stopping) return;
    if (session.has({ suite: 'cpu', impl: id, test: kernel })) continue;
    const impl = byId.get(id) ?? byId.get(twinOf(id) ?? '');
    if (!impl) continue;
    const m = await prepare(session, id, impl, kernel, spec);
    if ('suite' in m) session.record(m);
    else members.push(m);
  }
  if (members.length === 0 || !spec) return;
  const ids = members.map((m) => m.id);
  const reference = ids.includes(group.reference) ? group.reference : ids[0]!;
  const settings = roundsSettings(session, group, budget);
  const byMember = new Map(members.map((m) => [m.id, roundMember(session, m, kernel)]));
  const perProblem = new Map(members.map((m) => [m.id, m.perProblem]));
  const result = await runRounds<MemberRound>(roundsGroup(group), [kernel], ids, reference, settings, {
    takeRound: (order, round) =>
      takeWorkerRound(order.map((id) => byMember.get(id)!), round, {
        sliceSeconds: SLICE_SECONDS,
        passes: session.options.quick ? 1 : PASSES,
        jitWarmup: !session.options.quick,
        scale: (rm) => perProblem.get(rm.id)!,
        step: (rm, what) => session.step({ suite: 'cpu', impl: rm.id, test: kernel }, what, true),
        stopping: () => session.stopping,
      }),
    onRound: (round, worst, elapsedMs) => session.roundProgress(`cpu/${kernel}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
    stopping: () => session.stopping,
  });
  if (session.stopping) return;
  const ok = (m: Member) => !result.failed.has(m.id) && result.records.get(m.id)!.length > 0;
  const counted = await inParallel(members, session.split.all.length, (m) => (ok(m) ? instructions(session, m, kernel) : Promise.resolve(null)));
  if (session.stopping) return;
  members.forEach((m, i) => session.record(finish(session, m, result.records.get(m.id)!, result.failed.get(m.id) ?? null, counted[i]!)));
  recordComparison(session, group, ids, reference, result);
}

async function runCpuSuite(session: Session, impls: readonly Impl[], kernels: Kernels, groups: readonly GroupPlan[]): Promise<void> {
  const byId = new Map<string, CpuEntry>();
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'cpu') continue;
    const todo = groups.filter((g) => g.members.includes(impl.id) && !session.has({ suite: 'cpu', impl: impl.id, test: g.tests[0]! }));
    if (todo.length === 0) continue;
    const build = await buildImplementation(impl, (cmd) => session.step({ suite: 'cpu', impl: impl.id, test: todo[0]!.tests[0]! }, `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      const at = nowIso();
      for (const g of todo) {
        session.record(failedCell({ suite: 'cpu', impl: impl.id, test: g.tests[0]! }, build, at));
        if (g.members.includes(twinId(impl.id))) session.record(failedCell({ suite: 'cpu', impl: twinId(impl.id), test: g.tests[0]! }, build, at));
      }
      continue;
    }
    refreshLibraries(session, impl);
    byId.set(impl.id, impl);
  }
  const schedule = groupSchedule(session, 'cpu', groups);
  for (const g of groups) {
    if (session.stopping) return;
    await runKernelGroup(session, g, byId, kernels.get(g.tests[0]!), schedule.budgetMs(g));
    schedule.done(g);
  }
}

export const cpuSuite: Suite = {
  id: 'cpu',
  manifests: 'cpu',
  tests: CPU_KERNELS,
  inAll: true,
  // A CPU round of nine members costs about 12 s here with its JIT warm-ups (ops: budget share beside it).
  rounds: { precision: 0.03, budgetShare: 0.32, quickSampleSeconds: 0.3 },
  loadGenerator: false,
  workers: true,
  everyCpu: false,
  randomLayout: true,
  toolVersions: ['valgrind'],
  implByRuntime: false,
  hasTest: (impl, test) => impl === null || (impl.suite === 'cpu' && impl.manifest.kernels[test] !== undefined),
  preflight: ({ benchDir }) => void loadKernels(benchDir),
  groups: cpuGroups,
  // Verification, worker checks and callgrind on top of the rounds (a quick run's small sizes take well under a second).
  plan: (ctx) => planGroups(ctx.groups, ctx.budgetSeconds, ctx.quick ? 1 : 8, memberCell),
  run: (session, impls, groups) => runCpuSuite(session, impls, loadKernels(session.benchDir), groups),
};
