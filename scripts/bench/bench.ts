/**
 * `npm run bench`: discovers the implementations, plans the cells, checks what
 * is installed, runs the suites and writes data/runs/<id>.json after every
 * finished cell. cli.ts calls main(); tests call it through the CLI.
 */
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CPU_KERNELS, HTTP_TESTS, ImplId, OPS, RUN_SCHEMA_VERSION, STACK_TESTS, THREAD_MODES, type Run, type RunMode, type SuiteId } from '../../src/schemas/run.ts';
import { BOOTSTRAP_DEFAULTS } from '../../src/lib/statistics.ts';
import { cellKey, skippedCell, type CellId } from './cells.ts';
import { availableCpus, formatCpuList, parseCpuList, splitCpus } from './cpus.ts';
import { HOST_PROBLEM_PREFIX, closeLayout, prepareLayout } from './hosts/prepare.ts';
import { discover, type Impl, type ManifestProblem } from './discovery.ts';
import { parseRuntimeOptions, readRuntimesFile } from './runtimes/resolve.ts';
import { UserError } from './errors.ts';
import { DEFAULT_NOISY_CV } from './flags.ts';
import { ESTIMATOR, suiteBudgetSeconds, twinId, type GroupPlan } from './groups.ts';
import { buildImplementation, describeImplementation } from './implementations.ts';
import { CLOCK_FULL, CLOCK_QUICK, measureClockMhz } from './clock.ts';
import { gitState, machineInfo, versionOf } from './machine.ts';
import { DEFAULT_MAX_ROUNDS, DEFAULT_MIN_ROUNDS, HELP, optionsFromRecord, optionsRecord, parseOptions, type Options } from './options.ts';
import { killAllGroupsSync, stopAllGroups } from './processes.ts';
import { Progress, type Planned } from './progress.ts';
import { requirementsFor } from './plan-requirements.ts';
import { createRunFile, readRun, resolveResume, writeRun } from './run-file.ts';
import { acquireCpuLocks, acquireLock, checkoutLockFile, selfHolder, type Lock } from './lock.ts';
import { startRunFolder, sweepLeftovers, type RunFolder } from './leftovers.ts';
import { removeStaleWorkDirs, workRoot } from './services/work-dir.ts';
import { Session } from './session.ts';
import { summaryTable } from './summary-table.ts';
import { planBuild, runBuildSuite } from './suites/build.ts';
import { cpuGroups, loadKernels, planCpu, runCpuSuite } from './suites/cpu.ts';
import { httpGroups, planHttp, runHttpSuite } from './suites/http.ts';
import { opsGroups, planOps, runOpsSuite } from './suites/ops.ts';
import { removeSlicers, SLICER_LATENCY_ERROR, SLICER_SOURCE } from './slicer-run.ts';
import { cleanUpStack, cleanUpStackSync, planStack, runStackSuite, stackGroups } from './suites/stack.ts';
import { planThreads, runThreadsSuite, threadsGroups } from './suites/threads.ts';
import { REPORT_LUA } from './wrk-run.ts';
import { commandWorks } from './processes.ts';
import { gnuTimeAvailable } from './timed.ts';
import { LAYOUT_SUITES, layoutLinks, layoutSettings } from './process-layout.ts';
import { SLICE_SECONDS } from './worker-rounds.ts';
import { VINTAGE_SUITES, vintageRunImpls } from './vintage-run.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}

function suitesOf(o: Options): SuiteId[] {
  if (o.suite === 'vintages') return [...VINTAGE_SUITES];
  return o.suite === 'all' ? ['http', 'cpu', 'ops', 'threads', 'build'] : [o.suite];
}

/** full: every implementation and test of its suites; quick: a smoke run; partial: limited by --impl or --test. */
export function runMode(o: Options): RunMode {
  if (o.quick) return 'quick';
  return o.impls || o.tests ? 'partial' : 'full';
}

/** Tests of a suite a manifest problem would have had, for its skipped cells. */
function testsOfSuite(suite: SuiteId, tests: string[] | null): string[] {
  const all: readonly string[] =
    suite === 'http' ? HTTP_TESTS : suite === 'cpu' ? CPU_KERNELS : suite === 'ops' ? OPS : suite === 'threads' ? THREAD_MODES : suite === 'stack' ? STACK_TESTS : [];
  return all.filter((t) => !tests || tests.includes(t));
}

function filterImpls(impls: Impl[], problems: ManifestProblem[], o: Options): Impl[] {
  if (!o.impls) return impls;
  const known = new Set([...impls.map((i) => i.id), ...impls.filter((i) => i.suite === 'http' || i.suite === 'stack').map((i) => i.manifest.runtime.toLowerCase()), ...problems.map((p) => p.folder)]);
  const unknown = o.impls.filter((i) => !known.has(i));
  if (unknown.length > 0) {
    const ids = [...new Set(impls.map((i) => i.id))].sort().join(', ');
    throw new UserError(`--impl ${unknown.join(',')}: no such implementation in ${o.benchDir}/ for --suite ${o.suite}; known ids: ${ids || '(none)'}`);
  }
  // `--impl cpython` also picks CPython's HTTP deployments (cpython-uwsgi, cpython-nginx): a runtime names them all.
  return impls.filter((i) => o.impls!.includes(i.id) || ((i.suite === 'http' || i.suite === 'stack') && o.impls!.includes(i.manifest.runtime.toLowerCase())));
}

async function buildOnly(o: Options, benchDir: string): Promise<number> {
  const { impls, problems } = discover(benchDir, ROOT, ['http', 'cpu', 'ops', 'threads', 'stack']);
  for (const p of problems) process.stdout.write(`skipped ${p.message}\n`);
  const selected = filterImpls(impls, problems, o);
  let failed = 0;
  // Setup must leave every implementation runnable or say which cannot run and the fix: a skip counts as a failure.
  let skipped = problems.length;
  const builtDirs = new Set<string>();
  for (const impl of selected) {
    const req = requirementsFor(impl);
    if (req) {
      skipped++;
      process.stdout.write(`skip   ${impl.suite}/${impl.id}: ${req.reason}; fix: ${req.fix}\n`);
      continue;
    }
    if (impl.manifest.build.length === 0) {
      process.stdout.write(`ok     ${impl.suite}/${impl.id}: nothing to build\n`);
      continue;
    }
    const key = `${impl.dir}\0${JSON.stringify(impl.manifest.build)}`;
    if (builtDirs.has(key)) continue;
    builtDirs.add(key);
    process.stdout.write(`build  ${impl.suite}/${impl.id} …\n`);
    const began = Date.now();
    const err = await buildImplementation(impl, (cmd) => process.stdout.write(`       $ ${cmd}\n`));
    // Setup's longest step is these builds: each says how long it took (scripts/setup.sh sums them up).
    const took = `${Math.round((Date.now() - began) / 1000)} s`;
    if (err) {
      failed++;
      process.stdout.write(`FAILED ${impl.suite}/${impl.id} (after ${took}): ${err}\n`);
    } else {
      process.stdout.write(`ok     ${impl.suite}/${impl.id} (built in ${took})\n`);
    }
  }
  if (failed + skipped > 0) process.stdout.write(`${failed} failed to build, ${skipped} cannot run yet; each line above says why, with the fix.\n`);
  return failed + skipped > 0 ? 1 : 0;
}

/** A suite's share of --budget, as groups.ts computes it during the run. */
function suiteBudgetSecondsFor(o: Options, suites: SuiteId[], suite: SuiteId): number {
  return suiteBudgetSeconds({ options: o, suites } as Parameters<typeof suiteBudgetSeconds>[0], suite);
}

/**
 * How the run stops when stdout goes away (`npm run bench | head`): like
 * Ctrl-C once the run has started, quietly before. Messages then go to stderr.
 */
let stopOnClosedStdout: (why: string) => void = () => {
  killAllGroupsSync('SIGKILL');
  process.exit(130);
};
let stdoutClosed = false;
/** Writes to stdout, or to stderr once stdout is gone. */
function say(text: string): void {
  (stdoutClosed ? process.stderr : process.stdout).write(text);
}
function watchStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // Later writes fail too (ERR_STREAM_DESTROYED): the first error decides.
    if (stdoutClosed) return;
    stdoutClosed = true;
    stopOnClosedStdout(e.code === 'EPIPE' ? 'EPIPE (the reader of the output went away)' : `stdout: ${e.code ?? e.message}`);
  });
}

/** Locks and the private folder of this process, given back however it ends. */
const held: { locks: Lock[]; folder: RunFolder | null } = { locks: [], folder: null };
function releaseAll(): void {
  for (const l of held.locks) l.release();
  held.locks = [];
  held.folder?.removeSync();
}

export async function main(argv: readonly string[]): Promise<number> {
  let o = parseOptions(argv);
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  watchStdout();
  // Before anything is started: every child gets this run's folder as TMPDIR and its mark (leftovers.ts).
  held.folder = startRunFolder(ROOT);
  process.on('exit', () => {
    killAllGroupsSync('SIGKILL');
    releaseAll();
  });
  const outDir = path.resolve(o.outDir);
  const me = selfHolder(ROOT, `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`);
  if (!o.buildOnly) {
    // One run at a time per checkout, then what an earlier run left behind is stopped (leftovers.ts).
    const lock = acquireLock(checkoutLockFile(ROOT), me, 'in this checkout');
    held.locks.push(lock);
    if (lock.tookOver) say(`note: took over the lock of ${lock.tookOver.run_id ? `run ${lock.tookOver.run_id}` : 'a run'} (pid ${lock.tookOver.pid} is gone; it ended without cleaning up)\n`);
    for (const line of (await sweepLeftovers(held.folder.tmpBase)).lines) say(`${line}\n`);
    // The web-stack suite's work folders (PostgreSQL's data…) of runners that are gone.
    const work = workRoot(ROOT);
    for (const name of removeStaleWorkDirs(work)) say(`Removed ${shown(path.join(work, name))}, the work folder of a run whose runner is gone.\n`);
  }

  // ------------------------------------------------------------ resume or new
  let resumed: Run | null = null;
  let runFile: string | null = null;
  if (o.resume !== null) {
    runFile = resolveResume(o.resume, outDir);
    resumed = readRun(runFile);
    if (resumed.complete) throw new UserError(`${runFile}: this run is complete; nothing to resume (start a new run without --resume)`);
    if (resumed.machine.hostname !== os.hostname()) {
      throw new UserError(`${runFile}: measured on ${resumed.machine.hostname}, not on this machine (${os.hostname()}); start a new run without --resume`);
    }
    o = optionsFromRecord(resumed.settings.options, o);
    // Cells skipped because a host could not be used are tried again.
    resumed.cells = resumed.cells.filter((c) => !(c.status === 'skipped' && (c.reason ?? '').startsWith(HOST_PROBLEM_PREFIX)));
  }
  const benchDir = path.resolve(o.benchDir);
  if (!existsSync(benchDir)) throw new UserError(`--bench-dir ${o.benchDir}: no such folder; run from the project root or pass --bench-dir`);
  const dataDir = path.resolve(o.dataDir ?? path.join(o.benchDir, 'data'));
  if (o.buildOnly) return buildOnly(o, benchDir);

  const suites = suitesOf(o);
  const manifestSuites = [...new Set(suites.map((s) => (s === 'build' ? 'http' : s)))] as Array<'http' | 'cpu' | 'ops' | 'threads' | 'stack'>;
  // Vintage members (cpython-3-7, go-1-13…) join with --vintages, or when --impl names them.
  const found = discover(benchDir, ROOT, manifestSuites, { vintages: o.vintages || o.impls !== null, runtimeOverrides: parseRuntimeOptions(o.runtimes), runtimesFile: o.vintages || o.impls !== null ? readRuntimesFile() : {} });
  found.impls = found.impls.filter((i) => !i.vintage || i.vintage.default || o.vintages || (o.impls?.includes(i.id) ?? false));
  // The vintage run: the runtimes' members and the references only.
  if (o.suite === 'vintages') found.impls = vintageRunImpls(found.impls);
  for (const p of found.problems) process.stdout.write(`warning: ${p.message}\n  Its cells are skipped; the run goes on.\n`);
  const impls = filterImpls(found.impls, found.problems, o);
  const problems = found.problems.filter((p) => !o.impls || o.impls.includes(p.folder));

  if ((suites.includes('http') || suites.includes('stack')) && !existsSync(path.join(dataDir, 'records.json'))) {
    throw new UserError(`${path.join(dataDir, 'records.json')}: missing; the http and stack suites verify responses against it (regenerate with \`python3 bench/data/generate.py\` or pass --data-dir)`);
  }

  // ------------------------------------------------------------ machine
  const tasksetOk = o.pin && commandWorks(['taskset', '-V']);
  if (o.pin && !tasksetOk) process.stdout.write('warning: taskset not found; processes run unpinned (fix: apt-get install -y util-linux)\n');
  const cpus = availableCpus();
  for (const [name, list] of [['server-cpus', o.serverCpus], ['client-cpus', o.clientCpus]] as const) {
    const outside = list ? parseCpuList(list).filter((c) => !cpus.includes(c)) : [];
    if (outside.length > 0) throw new UserError(`--${name} ${list}: CPU ${outside.join(', ')} is not available here (this process may use ${formatCpuList(cpus)})`);
  }
  const split = splitCpus(cpus, tasksetOk, { server: o.serverCpus, client: o.clientCpus });
  // And one run at a time per CPU, across checkouts: the CPUs this run measures on (all of them when
  // unpinned, and for the threads and build suites, which use every CPU).
  if (!o.hosts) {
    const everyCpu = !split.server || !split.client || suitesOf(o).some((s) => s === 'threads' || s === 'build');
    const measured = everyCpu ? cpus : [...parseCpuList(split.server!), ...parseCpuList(split.client!)];
    held.locks.push(...acquireCpuLocks(measured, me, held.folder.tmpBase));
  }
  if (!gnuTimeAvailable()) {
    process.stdout.write('warning: GNU time (/usr/bin/time) not found; user/sys CPU time, max RSS and wrk\'s CPU use are not recorded (fix: apt-get install -y time)\n');
  }
  const clock = o.hosts || !suites.some((s) => s === 'cpu' || s === 'ops') ? null : await measureClockMhz(split.server, o.quick ? CLOCK_QUICK : CLOCK_FULL);
  if (clock && 'error' in clock) process.stdout.write(`note: the CPU's running clock was not measured (${clock.error}); cycles per operation use the clock /proc/cpuinfo reports\n`);
  const machine = { ...machineInfo(), ...(clock && 'mhz' in clock ? { cpu_mhz_measured: Math.round(clock.mhz) } : {}) };

  const kernels = suites.includes('cpu') ? loadKernels(benchDir) : null;
  if (o.aa && !o.aaExplicit && !impls.some((i) => i.id === o.aa)) o = { ...o, aa: null };
  if (o.aa && !impls.some((i) => i.id === o.aa)) {
    throw new UserError(`--aa ${o.aa}: no implementation with that id among those selected; pick one of ${[...new Set(impls.map((i) => i.id))].sort().join(', ')}`);
  }
  if (o.aa && impls.some((i) => i.id === twinId(o.aa!))) {
    throw new UserError(`--aa ${o.aa}: an implementation is already called ${twinId(o.aa)}, the name the A/A twin needs; rename it or pick another --aa`);
  }

  // ------------------------------------------------------------ plan
  const planned: Planned[] = [];
  const byImpl = new Map<string, Impl>();
  const groups = new Map<SuiteId, GroupPlan[]>();
  const suiteImplsOf = (suite: SuiteId) => impls.filter((i) => i.suite === (suite === 'build' ? 'http' : suite));
  for (const suite of suites) for (const i of suiteImplsOf(suite)) byImpl.set(`${suite}/${i.id}`, i);
  // Groups are planned over the implementations that can run; skipped ones get their cells below.
  // With --hosts, what an implementation needs is on the server host: its build there says what is missing.
  const canRun = (i: Impl) => o.hosts !== null || requirementsFor(i) === null;
  if (suites.includes('http')) groups.set('http', httpGroups(suiteImplsOf('http').filter(canRun), o.tests, o.aa));
  if (suites.includes('cpu')) groups.set('cpu', cpuGroups(suiteImplsOf('cpu').filter(canRun), o.tests, o.aa));
  if (suites.includes('ops')) groups.set('ops', opsGroups(suiteImplsOf('ops').filter(canRun), o.tests, o.aa));
  if (suites.includes('threads')) groups.set('threads', threadsGroups(suiteImplsOf('threads').filter(canRun), o.tests, o.vintages));
  if (suites.includes('stack')) groups.set('stack', stackGroups(suiteImplsOf('stack').filter(canRun), o.tests, o.aa));
  const budgetFor = (suite: SuiteId) => (g: GroupPlan) => {
    // A quick run's rounds are one short slice per member (about a second for http and stack loads, less elsewhere).
    if (o.rounds !== null) return o.rounds * g.members.length * (o.quick ? (suite === 'http' || suite === 'stack' ? 1.5 : 0.3) : 3);
    const list = groups.get(suite) ?? [];
    return suiteBudgetSecondsFor(o, suites, suite) / Math.max(1, list.length);
  };
  for (const suite of suites) {
    if (suite === 'http') planned.push(...planHttp(groups.get('http')!, budgetFor('http'), o.quick));
    if (suite === 'cpu') planned.push(...planCpu(groups.get('cpu')!, budgetFor('cpu'), o.quick));
    if (suite === 'ops') planned.push(...planOps(groups.get('ops')!, budgetFor('ops')));
    if (suite === 'threads') planned.push(...planThreads(groups.get('threads')!, budgetFor('threads')));
    if (suite === 'build') planned.push(...planBuild(suiteImplsOf('build'), o.tests, o.quick));
    if (suite === 'stack') planned.push(...planStack(groups.get('stack')!, budgetFor('stack')));
  }
  // Implementations that cannot run still get a (skipped) cell per test.
  for (const suite of suites) {
    if (suite === 'build') continue;
    for (const i of suiteImplsOf(suite)) {
      if (canRun(i)) continue;
      for (const t of testsOfSuite(suite, o.tests)) {
        if (suite === 'cpu' && (i.suite !== 'cpu' || i.manifest.kernels[t] === undefined)) continue;
        if (suite === 'stack' && (i.suite !== 'stack' || !i.manifest.tests.includes(t as never))) continue;
        planned.push({ id: { suite, impl: i.id, test: t }, estimateSeconds: 0 });
      }
    }
  }
  const problemCells: CellId[] = [];
  for (const p of problems) {
    if (!ImplId.safeParse(p.folder).success) continue;
    for (const s of suites) {
      if ((s === 'build' ? 'http' : s) !== p.suite || s === 'build') continue;
      for (const t of testsOfSuite(s, o.tests)) {
        const id = { suite: s, impl: p.folder, test: t } as CellId;
        if (!planned.some((x) => cellKey(x.id) === cellKey(id))) {
          problemCells.push(id);
          planned.push({ id, estimateSeconds: 0 });
        }
      }
    }
  }
  if (planned.length === 0) {
    throw new UserError(`nothing to run: no implementation in ${o.benchDir}/ matches --suite ${o.suite}${o.impls ? ` --impl ${o.impls.join(',')}` : ''}${o.tests ? ` --test ${o.tests.join(',')}` : ''}`);
  }

  // ------------------------------------------------------------ the run
  const startedAt = new Date();
  const run: Run = resumed ?? {
    schema_version: RUN_SCHEMA_VERSION,
    // The id is settled when the file is created (createRunFile), never reusing one.
    id: 'new',
    mode: runMode(o),
    suites,
    complete: false,
    started_at: startedAt.toISOString(),
    finished_at: null,
    git: gitState(ROOT),
    machine,
    toolchains: {},
    implementations: {},
    settings: {
      load_generator: suites.includes('http') || suites.includes('stack')
        ? {
            tool: 'wrk',
            version: versionOf(['wrk', '-v']),
            script: path.relative(ROOT, REPORT_LUA),
            // The slicer times the rounds, so the latencies are raw; wrk only warms up and loads for memory, and none of its latencies is kept.
            latency: 'raw',
            timed: { tool: 'slicer', source: path.relative(ROOT, SLICER_SOURCE), rate: 'overlap', latency_percentile_error: SLICER_LATENCY_ERROR },
          }
        : null,
      server_cpus: split.server,
      client_cpus: split.client,
      noisy_cv_threshold: DEFAULT_NOISY_CV,
      statistics: {
        estimator: ESTIMATOR,
        confidence_level: BOOTSTRAP_DEFAULTS.level,
        bootstrap_replicates: BOOTSTRAP_DEFAULTS.replicates,
        bootstrap_seed: BOOTSTRAP_DEFAULTS.seed,
        precision_target: Object.fromEntries(suites.filter((x) => o.precision[x] !== undefined).map((x) => [x, o.precision[x]!])),
        budget_seconds: o.budgetSeconds,
        min_rounds: o.rounds ?? DEFAULT_MIN_ROUNDS,
        max_rounds: o.rounds ?? DEFAULT_MAX_ROUNDS,
        http_slice_seconds: suites.includes('http') || suites.includes('stack') ? o.sliceSeconds : null,
      },
      ...(suites.includes('cpu') || suites.includes('ops') ? { worker_slice_seconds: SLICE_SECONDS } : {}),
      options: optionsRecord(o),
    },
    cells: [],
    comparisons: [],
    aa: [],
  };
  if (resumed && (resumed.settings.server_cpus !== split.server || resumed.settings.client_cpus !== split.client)) {
    process.stdout.write(`warning: the run was pinned server=${resumed.settings.server_cpus} client=${resumed.settings.client_cpus}; now server=${split.server} client=${split.client}\n`);
  }
  // ------------------------------------------------------------ hosts
  const prepared = await prepareLayout(o, ROOT, split, suites, run, (m) => process.stdout.write(`${m}\n`));
  if (!resumed) runFile = createRunFile(outDir, startedAt, machine.hostname, run);
  // The layouts are drawn from the run id, settled only now.
  if (!resumed && suites.some((x) => LAYOUT_SUITES.includes(x))) run.settings.layout = layoutSettings(run.id, suites);
  for (const l of held.locks) l.setRunId(run.id);
  held.folder.setRunId(run.id);
  const session = new Session({ run, file: runFile!, root: ROOT, benchDir, dataDir, options: o, split, suites, layout: prepared.layout });
  const progress = new Progress(planned, run.cells.map((c) => cellKey(c)));
  session.progress = progress;

  // ------------------------------------------------------------ Ctrl-C
  let signalled = false;
  const onSignal = (sig: string) => {
    if (signalled) {
      killAllGroupsSync('SIGKILL');
      process.exit(130);
    }
    signalled = true;
    session.stopping = true;
    progress.end();
    say(`\n${sig}: stopping; killing child processes…\n`);
    killAllGroupsSync('SIGTERM');
    // PostgreSQL's children are in groups of their own: the stack suite stops them and removes its work folder.
    void stopAllGroups(2000).then(cleanUpStack).then(removeSlicers).finally(() => {
      const done = run.cells.length;
      if (done === 0 && !resumed) {
        // Nothing was measured: an empty run file would only be clutter in data/runs.
        rmSync(session.file, { force: true });
        say(`No cell had finished; removed ${shown(session.file)}.\n`);
        process.exit(130);
      }
      try {
        run.complete = false;
        run.finished_at = null;
        writeRun(session.file, run);
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
      }
      say(
        `Saved ${done} finished cell(s) to ${shown(session.file)} (incomplete; a test whose rounds were cut short is measured again on resume).\n` +
          `Resume with: npm run bench -- --resume ${run.id}${o.outDir !== 'data/runs' ? ` --out ${o.outDir}` : ''}\n`,
      );
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stopOnClosedStdout = onSignal;
  process.on('exit', () => {
    killAllGroupsSync('SIGKILL');
    cleanUpStackSync();
  });

  session.save();
  process.stdout.write(
    `${resumed ? 'Resuming' : 'Run'} ${run.id} (${run.mode}): ${planned.length} cells, ${progress.finished} already done · ` +
      `server CPUs ${split.server ?? 'unpinned'}, client CPU ${split.client ?? 'unpinned'}\n` +
      `Writing ${shown(session.file)}\n`,
  );

  // ------------------------------------------------------------ skips
  for (const id of problemCells) {
    const p = problems.find((x) => x.folder === id.impl && x.suite === id.suite)!;
    if (!session.has(id)) session.record(skippedCell(id, `invalid manifest: ${p.message}`, `fix ${p.manifestPath} (see src/schemas/manifest.ts)`));
  }
  if (prepared.problem) {
    process.stdout.write(`${prepared.problem.message}\n  fix: ${prepared.problem.fix}\n  Its cells are skipped; --resume tries them again.\n`);
    for (const p of planned) if (!session.has(p.id)) session.record(skippedCell(p.id, prepared.problem.message, prepared.problem.fix));
  }
  // wrk warms servers up and loads them for memory; cc compiles the load generator of the timed slices.
  const wrkMissing = !o.hosts && (suites.includes('http') || suites.includes('stack')) ? (requirementsFor(null, 'wrk') ?? requirementsFor(null, 'cc')) : null;
  const runnable = new Set<string>();
  for (const p of planned) {
    const impl = byImpl.get(`${p.id.suite}/${p.id.impl}`);
    if (!impl || session.has(p.id)) continue;
    const missing = (p.id.suite === 'http' || p.id.suite === 'stack' ? wrkMissing : null) ?? (o.hosts ? null : requirementsFor(impl));
    if (missing) session.record(skippedCell(p.id, missing.reason, missing.fix));
    else runnable.add(`${p.id.suite}/${p.id.impl}`);
  }
  for (const key of runnable) describeImplementation(session, byImpl.get(key)!);
  for (const [tool, argv] of [['wrk', ['wrk', '-v']], ['gcc', ['gcc', '--version']], ['valgrind', ['valgrind', '--version']]] as const) {
    if (tool === 'wrk' && (o.hosts || (!suites.includes('http') && !suites.includes('stack')))) continue;
    if (tool === 'valgrind' && !suites.includes('cpu')) continue;
    const v = versionOf(argv);
    if (v) session.addToolchain(tool, v, argv.join(' '));
  }
  session.save();

  // ------------------------------------------------------------ suites
  const implsOf = (s: SuiteId) => [...runnable].filter((k) => k.startsWith(`${s}/`)).map((k) => byImpl.get(k)!);
  for (const suite of suites) {
    if (session.stopping) break;
    if (suite === 'http') await runHttpSuite(session, implsOf('http'), groups.get('http')!);
    if (suite === 'cpu') await runCpuSuite(session, implsOf('cpu'), kernels!, groups.get('cpu')!);
    if (suite === 'ops') await runOpsSuite(session, implsOf('ops'), groups.get('ops')!);
    if (suite === 'threads') await runThreadsSuite(session, implsOf('threads'), groups.get('threads')!);
    if (suite === 'build') await runBuildSuite(session, implsOf('build'), o.tests);
    if (suite === 'stack') await runStackSuite(session, implsOf('stack'), groups.get('stack')!);
  }
  if (session.hostLost) {
    progress.end();
    run.complete = false;
    run.finished_at = null;
    session.save();
    await closeLayout(session.layout);
    process.stdout.write(
      `\n${session.hostLost.message}\n  fix: ${session.hostLost.fix}\n` +
        `Saved ${run.cells.length} finished cell(s) to ${shown(session.file)} (incomplete; the test that was running is measured again on resume).\n` +
        `Resume with: npm run bench -- --resume ${run.id}${o.outDir !== 'data/runs' ? ` --out ${o.outDir}` : ''}${o.hosts ? ` --hosts ${o.hosts}` : ''}\n`,
    );
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    stopOnClosedStdout = () => process.exit(3);
    return 3;
  }
  if (session.stopping) return new Promise(() => {}); // the signal handler exits
  await closeLayout(session.layout);
  layoutLinks.remove();

  // ------------------------------------------------------------ end
  progress.end();
  const missing = planned.filter((p) => !session.has(p.id));
  // Cells skipped because a host could not be used are not done: the run stays open for --resume.
  const hostSkips = run.cells.filter((c) => c.status === 'skipped' && (c.reason ?? '').startsWith(HOST_PROBLEM_PREFIX)).length;
  run.complete = missing.length === 0 && hostSkips === 0;
  run.finished_at = run.complete ? new Date().toISOString() : null;
  session.save();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // The run is saved: a reader that goes away now only cuts the summary short.
  stopOnClosedStdout = () => process.exit(0);

  const byKey = new Map(run.cells.map((c) => [cellKey(c), c]));
  const cells = planned.map((p) => byKey.get(cellKey(p.id))).filter((c) => c !== undefined);
  process.stdout.write(`\n${summaryTable(cells, run.comparisons ?? [])}\n\n`);
  const failed = cells.filter((c) => c.status === 'failed').length;
  const skipped = cells.filter((c) => c.status === 'skipped').length;
  process.stdout.write(
    `${cells.length - failed - skipped} ok, ${failed} failed, ${skipped} skipped · ${shown(session.file)}${run.complete ? '' : ` (incomplete: ${missing.length + hostSkips} cells to measure; --resume ${run.id}${o.hosts ? ` --hosts ${o.hosts}` : ''})`}\n`,
  );
  const fixes = new Map<string, string>();
  for (const c of cells) if (c.status === 'skipped' && c.fix) fixes.set(`${c.suite}/${c.impl}`, c.fix);
  for (const [impl, fix] of fixes) process.stdout.write(`  to run ${impl}: ${fix}\n`);
  return o.strict && failed > 0 ? 1 : 0;
}
