/**
 * CPU suite: each kernel program run as a whole process (startup included, as
 * the Benchmarks Game times them), pinned to the server CPUs. Per kernel: one
 * run per implementation that also verifies the output, then interleaved
 * rounds (scripts/bench/rounds.ts) in which every implementation gets a slot:
 * one run, or several when a run is shorter than the slot, so that short and
 * long programs are compared over similar stretches of the host's time.
 * Afterwards: the JIT warm-up curve for JIT runtimes, and instruction counts
 * under callgrind where they are meaningful.
 */
import { CPU_KERNELS, type Cell, type CpuCell, type ProcessRepetition, type Verification } from '../../../src/schemas/run.ts';
import { median, summarize } from '../../../src/lib/statistics.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import { pinned } from '../cpus.ts';
import type { Impl } from '../discovery.ts';
import { groupSchedule, recordComparison, roundsSettings, twinId, type GroupBudget, type GroupPlan } from '../groups.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { sameOutput, type KernelSpec, type Kernels } from '../kernels.ts';
import { shellQuote, substitute } from '../placeholders.ts';
import { lastLines, runCommand } from '../processes.ts';
import type { Planned } from '../progress.ts';
import { RUNNER_TOOLS, firstMissing } from '../requirements.ts';
import { runRounds, type Taken } from '../rounds.ts';
import type { Session } from '../session.ts';
import { failureOf, runTimed } from '../timed.ts';

export { loadKernels } from '../kernels.ts';

type CpuEntry = Extract<Impl, { suite: 'cpu' }>;

export const PROCESS_TIMEOUT_MS = 10 * 60 * 1000;
export const CALLGRIND_TIMEOUT_MS = 15 * 60 * 1000;
/**
 * A slot in a round lasts at least this long: a program that finishes sooner
 * runs again (at most SLOT_MAX_RUNS times), and the slot's value is the median
 * of its runs. One run of a second or less sees one phase of the host's
 * speed; several spread over the slot average a few.
 */
export const SLOT_SECONDS = 0.5;
export const SLOT_MAX_RUNS = 10;
/** Ratios of a kernel are taken to the first of these that was measured. */
export const CPU_REFERENCES = ['cpp', 'c'];
export const JIT_RUNTIMES = ['pypy', 'java', 'jvm', 'openjdk', 'hotspot', 'node', 'graal'];
export const JIT_ITERATIONS = 5;
export const JIT_NOTE = 'JIT runtime: instruction counts under callgrind vary too much to publish';

export function isJitRuntime(runtime: string): boolean {
  const r = runtime.toLowerCase();
  return JIT_RUNTIMES.some((j) => r.includes(j));
}

/** One comparison group per kernel: the implementations that have it, plus the A/A twin. */
export function cpuGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const cpu = impls.filter((i): i is CpuEntry => i.suite === 'cpu');
  const out: GroupPlan[] = [];
  for (const kernel of CPU_KERNELS) {
    if (tests && !tests.includes(kernel)) continue;
    const ids = cpu.filter((i) => i.manifest.kernels[kernel] !== undefined).map((i) => i.id);
    if (ids.length === 0) continue;
    const members = aa && ids.includes(aa) ? [...ids, twinId(aa)] : ids;
    const reference = CPU_REFERENCES.find((r) => ids.includes(r)) ?? [...ids].sort()[0]!;
    out.push({ suite: 'cpu', tests: [kernel], members, reference });
  }
  return out;
}

export function planCpu(groups: readonly GroupPlan[], budgetSeconds: (g: GroupPlan) => number, quick = false): Planned[] {
  const out: Planned[] = [];
  for (const g of groups) {
    // Warm-up and checks on top of the rounds (a quick run's small sizes take well under a second).
    const est = budgetSeconds(g) / g.members.length + (quick ? 0 : 5);
    for (const impl of g.members) out.push({ id: { suite: 'cpu', impl, test: g.tests[0]! }, estimateSeconds: est });
  }
  return out;
}

/** Parses the `{"iteration_seconds":[…]}` line a program prints on stderr when run with iterations > 1. */
export function parseIterationSeconds(stderr: string): number[] | null {
  for (const line of stderr.split('\n').reverse()) {
    const t = line.trim();
    if (!t.startsWith('{') || !t.includes('iteration_seconds')) continue;
    try {
      const v = (JSON.parse(t) as { iteration_seconds?: unknown }).iteration_seconds;
      if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) return v as number[];
    } catch {
      /* not this line */
    }
  }
  return null;
}

/** The instruction total from callgrind's stderr ("==123== Collected : 123456"). */
export function parseCallgrindTotal(stderr: string): number | null {
  const m = /Collected\s*:\s*(\d+)/.exec(stderr) ?? /^==\d+==\s+I\s+refs:\s+([\d,]+)/m.exec(stderr);
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

interface Member {
  id: string;
  impl: CpuEntry;
  cell: CpuCell;
  argv: (n: string, iterations: number) => string[];
  expected: string | null;
  opts: { cwd: string; env: Record<string, string>; cpus: string | null; timeoutMs: number; maxStdoutBytes: number };
}

/** The first run of a member: verifies the output (and warms the file cache). A failed cell, or the member. */
async function prepare(session: Session, id: string, impl: CpuEntry, kernel: string, spec: KernelSpec | undefined): Promise<Member | Cell> {
  const cellId: CellId = { suite: 'cpu', impl: id, test: kernel };
  const startedAt = nowIso();
  const quick = session.options.quick;
  if (!spec) return failedCell(cellId, `bench/cpu/kernels.json has no entry for ${kernel}; add its argument and expected output`, startedAt);
  const argument = quick ? spec.quickArgument : spec.argument;
  const expected = spec.expected.get(argument) ?? null;
  const template = impl.manifest.kernels[kernel]!;
  const argv = (n: string, iterations: number) => substitute(template, { n, iterations, cores: session.split.serverCount });
  const opts = { cwd: impl.dir, env: impl.manifest.env, cpus: session.split.server, timeoutMs: PROCESS_TIMEOUT_MS, maxStdoutBytes: 1024 * 1024 };
  const checks = [`exit code 0`, expected !== null ? `stdout = expected output for ${argument} (bench/cpu/kernels.json)` : `no expected output for ${argument} in bench/cpu/kernels.json`];
  const cell = blankCell(cellId, 'ok', null) as CpuCell;
  cell.started_at = startedAt;
  cell.argument = argument;
  if (id !== impl.id) cell.twin_of = impl.id;

  session.step(cellId, `verifying (${shellQuote(argv(argument, 1))})`);
  const warm = await runTimed(argv(argument, 1), opts);
  const warmFail = failureOf(warm, 'the program');
  if (warmFail) {
    return { ...cell, status: 'failed', reason: `${warmFail}${lastLines(warm.stderr, 6) ? `:\n${lastLines(warm.stderr, 6)}` : ''}`, finished_at: nowIso(), verification: { passed: false, checks, detail: warmFail } };
  }
  if (expected !== null && !sameOutput(warm.stdout, expected)) {
    const detail = `stdout was ${JSON.stringify(warm.stdout.slice(0, 200))}, expected ${JSON.stringify(expected.slice(0, 200))}`;
    return { ...cell, status: 'failed', reason: `verification failed: ${detail}`, finished_at: nowIso(), verification: { passed: false, checks, detail } };
  }
  cell.verification = { passed: true, checks, detail: expected === null ? 'output not checked: no expected value' : null } satisfies Verification;
  cell.warmup_runs = 1;
  return { id, impl, cell, argv: (n, it) => argv(n, it), expected, opts };
}

/** One slot of a round: runs until the slot is filled; its value is the median wall time. */
async function slot(session: Session, m: Member, kernel: string, round: number, position: number): Promise<Taken<ProcessRepetition[]>> {
  const runs: ProcessRepetition[] = [];
  const began = Date.now();
  while (runs.length < SLOT_MAX_RUNS) {
    session.step({ suite: 'cpu', impl: m.id, test: kernel }, `round ${round + 1}${runs.length ? ` (run ${runs.length + 1})` : ''}`, true);
    const startedAt = nowIso();
    const r = await runTimed(m.argv(m.cell.argument!, 1), m.opts);
    const f = failureOf(r, `round ${round + 1}`);
    if (f) return { error: `${f}${lastLines(r.stderr, 6) ? `:\n${lastLines(r.stderr, 6)}` : ''}` };
    if (m.expected !== null && !sameOutput(r.stdout, m.expected)) return { error: `round ${round + 1} printed a different result: ${JSON.stringify(r.stdout.slice(0, 200))}` };
    runs.push({ ...r.rep, round, position, started_at: startedAt, finished_at: nowIso() });
    // A quick run is a smoke test: one run per slot.
    if (session.options.quick || (Date.now() - began) / 1000 >= SLOT_SECONDS || session.stopping) break;
  }
  return { values: { [kernel]: median(runs.map((x) => x.wall_seconds)) }, record: runs };
}

/** After the rounds: JIT warm-up curve and instruction counts, then the summary. */
async function finish(session: Session, m: Member, kernel: string, spec: KernelSpec, runs: ProcessRepetition[], failure: string | null): Promise<Cell> {
  const cell = m.cell;
  cell.repetitions = runs;
  if (failure) return { ...cell, status: 'failed', reason: failure, finished_at: nowIso(), summary: null };
  if (runs.length === 0) return { ...cell, status: 'failed', reason: 'no round finished', finished_at: nowIso(), summary: null };
  const cellId: CellId = { suite: 'cpu', impl: m.id, test: kernel };
  const isTwin = m.id !== m.impl.id;
  const quick = session.options.quick;

  if (isJitRuntime(m.impl.manifest.runtime) && !isTwin) {
    session.step(cellId, `JIT warm-up (${JIT_ITERATIONS} iterations in one process)`);
    const r = await runTimed(m.argv(cell.argument!, JIT_ITERATIONS), m.opts);
    cell.jit_warmup_seconds = failureOf(r, 'jit') ? null : parseIterationSeconds(r.stderr);
    if (cell.jit_warmup_seconds === null) session.log(`note: ${m.id}/${kernel} printed no {"iteration_seconds":[…]} line on stderr with ${JIT_ITERATIONS} iterations`);
  }

  if (!m.impl.manifest.callgrind) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: JIT_NOTE };
  } else if (isTwin) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: 'A/A twin: counted once, on the implementation itself' };
  } else if (quick) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: 'not measured in --quick runs' };
  } else if (spec.callgrindArgument === null) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: 'bench/cpu/kernels.json gives no callgrind_argument for this kernel' };
  } else {
    const missing = firstMissing([RUNNER_TOOLS.valgrind], m.impl.dir);
    if (missing) {
      cell.instructions = { count: null, tool: 'callgrind', argument: spec.callgrindArgument, note: `valgrind not found (${missing.fix})` };
    } else {
      session.step(cellId, 'callgrind');
      const cgArgv = pinned(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', ...m.argv(spec.callgrindArgument, 1)], m.opts.cpus);
      const r = await runCommand(cgArgv, { cwd: m.impl.dir, env: m.impl.manifest.env, timeoutMs: CALLGRIND_TIMEOUT_MS });
      const f = failureOf(r, 'callgrind');
      const total = f ? null : parseCallgrindTotal(r.stderr);
      const cgExpected = spec.expected.get(spec.callgrindArgument);
      const wrong = !f && cgExpected !== undefined && !sameOutput(r.stdout, cgExpected);
      cell.instructions = {
        count: wrong ? null : total,
        tool: 'callgrind',
        argument: spec.callgrindArgument,
        note: f ? f : wrong ? 'the program printed a wrong result under callgrind' : total === null ? 'no "Collected" total in callgrind output' : null,
      };
    }
  }

  const rss = runs.map((r) => r.max_rss_bytes);
  cell.summary = {
    wall_seconds: summarize(runs.map((r) => r.wall_seconds)),
    max_rss_bytes: rss.every((x): x is number => x !== null) ? summarize(rss) : null,
  };
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
    const impl = byId.get(id) ?? byId.get(id.replace(/-aa$/, ''));
    if (!impl) continue;
    const m = await prepare(session, id, impl, kernel, spec);
    if ('suite' in m) session.record(m);
    else members.push(m);
  }
  if (members.length === 0 || !spec) return;
  const ids = members.map((m) => m.id);
  const reference = ids.includes(group.reference) ? group.reference : ids[0]!;
  const settings = roundsSettings(session, group, budget);
  const byMember = new Map(members.map((m) => [m.id, m]));
  const result = await runRounds<ProcessRepetition[]>((t) => `cpu/${t}`, [kernel], ids, reference, settings, {
    take: (id, round, position) => slot(session, byMember.get(id)!, kernel, round, position),
    onRound: (round, worst, elapsedMs) => session.roundProgress(`cpu/${kernel}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
    stopping: () => session.stopping,
  });
  if (session.stopping) return;
  for (const m of members) {
    const runs = result.records.get(m.id)!.flatMap((p) => p.record);
    session.record(await finish(session, m, kernel, spec, runs, result.failed.get(m.id) ?? null));
  }
  recordComparison(session, group, ids, reference, result);
}

export async function runCpuSuite(session: Session, impls: readonly Impl[], kernels: Kernels, groups: readonly GroupPlan[]): Promise<void> {
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
