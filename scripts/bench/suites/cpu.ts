/**
 * CPU suite: each kernel program run as a process, pinned to the server CPUs.
 * Build once; one warm-up run that also verifies the output; then timed
 * repetitions (wall, user, sys, max RSS — see timed.ts), capped in total time;
 * JIT warm-up curve for JIT runtimes; instruction counts under callgrind for
 * ahead-of-time compiled ones.
 */
import { CPU_KERNELS, type Cell, type CpuCell, type ProcessRepetition, type Verification } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import { pinned } from '../cpus.ts';
import type { Impl } from '../discovery.ts';
import { noisyFlag } from '../flags.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { sameOutput, type KernelSpec, type Kernels } from '../kernels.ts';
import { shellQuote, substitute } from '../placeholders.ts';
import { lastLines, runCommand } from '../processes.ts';
import type { Planned } from '../progress.ts';
import { RUNNER_TOOLS, firstMissing } from '../requirements.ts';
import type { Session } from '../session.ts';
import { summarize } from '../stats.ts';
import { failureOf, runTimed } from '../timed.ts';

export { loadKernels } from '../kernels.ts';

type CpuEntry = Extract<Impl, { suite: 'cpu' }>;

export const PROCESS_TIMEOUT_MS = 10 * 60 * 1000;
export const CALLGRIND_TIMEOUT_MS = 15 * 60 * 1000;
/** Stop adding repetitions once a cell has run this long and has at least MIN_REPS. */
export const CELL_TIME_CAP_SECONDS = 60;
export const MIN_REPS = 3;
export const JIT_RUNTIMES = ['pypy', 'java', 'jvm', 'openjdk', 'hotspot', 'node', 'graal'];
export const JIT_ITERATIONS = 5;
export const JIT_NOTE = 'JIT runtime: instruction counts under callgrind vary too much to publish';

export function isJitRuntime(runtime: string): boolean {
  const r = runtime.toLowerCase();
  return JIT_RUNTIMES.some((j) => r.includes(j));
}

function kernelsOf(impl: CpuEntry, tests: string[] | null): string[] {
  return CPU_KERNELS.filter((k) => impl.manifest.kernels[k] !== undefined && (!tests || tests.includes(k)));
}

export function planCpu(impls: readonly Impl[], tests: string[] | null, _kernels: Kernels, quick: boolean): Planned[] {
  const out: Planned[] = [];
  for (const impl of impls) {
    if (impl.suite !== 'cpu') continue;
    for (const k of kernelsOf(impl, tests)) out.push({ id: { suite: 'cpu', impl: impl.id, test: k }, estimateSeconds: quick ? 5 : 40 });
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

async function runKernel(session: Session, impl: CpuEntry, kernel: string, spec: KernelSpec | undefined): Promise<Cell> {
  const id: CellId = { suite: 'cpu', impl: impl.id, test: kernel };
  const startedAt = nowIso();
  const quick = session.options.quick;
  if (!spec) return failedCell(id, `bench/cpu/kernels.json has no entry for ${kernel}; add its argument and expected output`, startedAt);
  const argument = quick ? spec.quickArgument : spec.argument;
  const expected = spec.expected.get(argument) ?? null;
  const template = impl.manifest.kernels[kernel]!;
  const argvFor = (n: string, iterations: number) => substitute(template, { n, iterations, cores: session.split.serverCount });
  const cpus = session.split.server;
  const opts = { cwd: impl.dir, env: impl.manifest.env, cpus, timeoutMs: PROCESS_TIMEOUT_MS, maxStdoutBytes: 1024 * 1024 };

  const checks = [`exit code 0`, expected !== null ? `stdout = expected output for ${argument} (bench/cpu/kernels.json)` : `no expected output for ${argument} in bench/cpu/kernels.json`];
  const cell = blankCell(id, 'ok', null) as CpuCell;
  cell.started_at = startedAt;
  cell.argument = argument;
  const fail = (reason: string, verification: Verification | null = null): Cell => {
    const c = { ...cell, status: 'failed' as const, reason, finished_at: nowIso(), summary: null, verification: verification ?? cell.verification };
    return c;
  };

  // Warm-up run, which also verifies the output.
  session.step(id, `warm-up (${shellQuote(argvFor(argument, 1))})`);
  const warm = await runTimed(argvFor(argument, 1), opts);
  const warmFail = failureOf(warm, 'the program');
  if (warmFail) return fail(`${warmFail}${lastLines(warm.stderr, 6) ? `:\n${lastLines(warm.stderr, 6)}` : ''}`, { passed: false, checks, detail: warmFail });
  if (expected !== null && !sameOutput(warm.stdout, expected)) {
    const detail = `stdout was ${JSON.stringify(warm.stdout.slice(0, 200))}, expected ${JSON.stringify(expected.slice(0, 200))}`;
    return fail(`verification failed: ${detail}`, { passed: false, checks, detail });
  }
  cell.verification = { passed: true, checks, detail: expected === null ? 'output not checked: no expected value' : null };
  cell.warmup_runs = 1;

  const reps = session.options.reps ?? (quick ? 2 : 5);
  const repetitions: ProcessRepetition[] = [];
  const began = Date.now();
  for (let i = 0; i < reps; i++) {
    if (session.stopping) return fail('interrupted');
    if (repetitions.length >= MIN_REPS && (Date.now() - began) / 1000 > CELL_TIME_CAP_SECONDS) break;
    session.step(id, `repetition ${i + 1}/${reps}`);
    const r = await runTimed(argvFor(argument, 1), opts);
    const f = failureOf(r, `repetition ${i + 1}`);
    if (f) return fail(`${f}${lastLines(r.stderr, 6) ? `:\n${lastLines(r.stderr, 6)}` : ''}`);
    if (expected !== null && !sameOutput(r.stdout, expected)) return fail(`repetition ${i + 1} printed a different result: ${JSON.stringify(r.stdout.slice(0, 200))}`);
    repetitions.push(r.rep);
  }
  cell.repetitions = repetitions;

  // JIT warm-up curve.
  if (isJitRuntime(impl.manifest.runtime)) {
    session.step(id, `JIT warm-up (${JIT_ITERATIONS} iterations in one process)`);
    const r = await runTimed(argvFor(argument, JIT_ITERATIONS), opts);
    cell.jit_warmup_seconds = failureOf(r, 'jit') ? null : parseIterationSeconds(r.stderr);
    if (cell.jit_warmup_seconds === null) session.log(`note: ${impl.id}/${kernel} printed no {"iteration_seconds":[…]} line on stderr with ${JIT_ITERATIONS} iterations`);
  }

  // Instruction counts.
  if (!impl.manifest.callgrind) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: JIT_NOTE };
  } else if (quick) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: 'not measured in --quick runs' };
  } else if (spec.callgrindArgument === null) {
    cell.instructions = { count: null, tool: 'callgrind', argument: null, note: 'bench/cpu/kernels.json gives no callgrind_argument for this kernel' };
  } else {
    const missing = firstMissing([RUNNER_TOOLS.valgrind], impl.dir);
    if (missing) {
      cell.instructions = { count: null, tool: 'callgrind', argument: spec.callgrindArgument, note: `valgrind not found (${missing.fix})` };
    } else {
      session.step(id, 'callgrind');
      const cgArgv = pinned(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', ...argvFor(spec.callgrindArgument, 1)], cpus);
      const r = await runCommand(cgArgv, { cwd: impl.dir, env: impl.manifest.env, timeoutMs: CALLGRIND_TIMEOUT_MS });
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

  const walls = repetitions.map((r) => r.wall_seconds);
  const rss = repetitions.map((r) => r.max_rss_bytes);
  cell.summary = {
    wall_seconds: summarize(walls),
    max_rss_bytes: rss.every((x): x is number => x !== null) ? summarize(rss) : null,
  };
  const noisy = noisyFlag(walls, session.noisyThreshold, 'Run time');
  cell.flags = noisy ? [noisy] : [];
  cell.finished_at = nowIso();
  return cell;
}

export async function runCpuSuite(session: Session, impls: readonly Impl[], tests: string[] | null, kernels: Kernels): Promise<void> {
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'cpu') continue;
    const todo = kernelsOf(impl, tests).filter((k) => !session.has({ suite: 'cpu', impl: impl.id, test: k }));
    if (todo.length === 0) continue;
    const build = await buildImplementation(impl, (cmd) => session.step({ suite: 'cpu', impl: impl.id, test: todo[0]! }, `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      const at = nowIso();
      for (const k of todo) session.record(failedCell({ suite: 'cpu', impl: impl.id, test: k }, build, at));
      continue;
    }
    refreshLibraries(session, impl);
    for (const k of todo) {
      if (session.stopping) return;
      const cell = await runKernel(session, impl, k, kernels.get(k));
      if (!session.stopping) session.record(cell);
    }
  }
}
