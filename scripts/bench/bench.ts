/**
 * `npm run bench`: discovers the implementations, plans the cells, checks what
 * is installed, runs the suites and writes data/runs/<id>.json after every
 * finished cell. cli.ts calls main(); tests call it through the CLI.
 */
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImplId, RUN_SCHEMA_VERSION, type Run, type RunMode, type SuiteId } from '../../src/schemas/run.ts';
import { BOOTSTRAP_DEFAULTS, DEFAULT_ESTIMATOR } from '../../src/lib/statistics.ts';
import { cellKey } from '../../src/lib/cell-ids.ts';
import { skippedCell, type CellId } from './cells.ts';
import { availableCpus, formatCpuList, parseCpuList, splitCpus, type CpuSplit } from './cpus.ts';
import { HOST_PROBLEM_PREFIX, closeLayout, prepareLayout } from './hosts/prepare.ts';
import { discover, type Impl, type ManifestProblem } from './discovery.ts';
import { parseRuntimeOptions, readRuntimesFile } from './runtimes/resolve.ts';
import { UserError } from './errors.ts';
import { DEFAULT_NOISY_CV } from './flags.ts';
import { suiteBudgetSeconds, twinId, type GroupPlan } from './groups.ts';
import { buildImplementation, describeImplementation } from './implementations.ts';
import { CLOCK_FULL, CLOCK_QUICK, measureClockMhz } from './clock.ts';
import { gitState, machineInfo, versionOf } from './machine.ts';
import { HELP, optionsFromRecord, optionsRecord, parseOptions, type Options } from './options.ts';
import { commandWorks, killAllGroupsSync, stopAllGroups } from './processes.ts';
import { Progress, type Planned } from './progress.ts';
import { requirementsFor } from './plan-requirements.ts';
import { runnerToolMissing, type Missing } from './requirements.ts';
import { DEFAULT_MAX_ROUNDS, DEFAULT_MIN_ROUNDS } from './rounds.ts';
import { createRunFile, readRun, resolveResume, writeRun } from './run-file.ts';
import { acquireCpuLocks, acquireLock, checkoutLockFile, selfHolder, type Lock } from './lock.ts';
import { startRunFolder, sweepLeftovers, type RunFolder } from './leftovers.ts';
import { removeStaleWorkDirs, workRoot } from './services/work-dir.ts';
import { Session } from './session.ts';
import { summaryTable } from './summary-table.ts';
import { removeSlicers, SLICER_LATENCY_ERROR, SLICER_SOURCE } from './slicer-run.ts';
import { SUITE_REGISTRY, suiteById } from './suites/index.ts';
import type { Suite } from './suites/suite.ts';
import { REPORT_LUA } from './wrk-run.ts';
import { gnuTimeAvailable } from './timed.ts';
import { layoutLinks, layoutSettings } from './process-layout.ts';
import { SLICE_SECONDS } from './worker-rounds.ts';
import { VINTAGE_SUITES, vintageRunImpls } from './vintage-run.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}

/** The suites a run measures, in the registry's order: `--suite all` is every suite marked `inAll`. */
function suitesOf(o: Options): Suite[] {
  if (o.suite === 'vintages') return VINTAGE_SUITES.map(suiteById);
  return o.suite === 'all' ? SUITE_REGISTRY.filter((s) => s.inAll) : [suiteById(o.suite)];
}

/** full: every implementation and test of its suites; quick: a smoke run; partial: limited by --impl or --test. */
export function runMode(o: Options): RunMode {
  if (o.quick) return 'quick';
  return o.impls || o.tests ? 'partial' : 'full';
}

/** The runtime an implementation is also picked by (`--impl cpython` picks CPython's HTTP deployments), or null. */
function pickedByRuntime(i: Impl): string | null {
  return suiteById(i.suite).implByRuntime ? i.manifest.runtime.toLowerCase() : null;
}

function filterImpls(impls: Impl[], problems: ManifestProblem[], o: Options): Impl[] {
  if (!o.impls) return impls;
  const known = new Set([...impls.map((i) => i.id), ...impls.flatMap((i) => pickedByRuntime(i) ?? []), ...problems.map((p) => p.folder)]);
  const unknown = o.impls.filter((i) => !known.has(i));
  if (unknown.length > 0) {
    const ids = [...new Set(impls.map((i) => i.id))].sort().join(', ');
    throw new UserError(`--impl ${unknown.join(',')}: no such implementation in ${o.benchDir}/ for --suite ${o.suite}; known ids: ${ids || '(none)'}`);
  }
  return impls.filter((i) => o.impls!.includes(i.id) || o.impls!.includes(pickedByRuntime(i) ?? ''));
}

async function buildOnly(o: Options, benchDir: string): Promise<number> {
  const { impls, problems } = discover(benchDir, ROOT, [...new Set(SUITE_REGISTRY.map((s) => s.manifests))]);
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

/** Each round-based suite's share of --budget, for the suites of the run. */
function budgetShares(suites: readonly Suite[]): Map<SuiteId, number> {
  return new Map(suites.flatMap((s) => (s.rounds ? [[s.id, s.rounds.budgetShare] as const] : [])));
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

/** One run at a time per checkout, then what an earlier run left behind is stopped (leftovers.ts). */
async function lockCheckout(me: ReturnType<typeof selfHolder>, tmpBase: string): Promise<void> {
  const lock = acquireLock(checkoutLockFile(ROOT), me, 'in this checkout');
  held.locks.push(lock);
  if (lock.tookOver) say(`note: took over the lock of ${lock.tookOver.run_id ? `run ${lock.tookOver.run_id}` : 'a run'} (pid ${lock.tookOver.pid} is gone; it ended without cleaning up)\n`);
  for (const line of (await sweepLeftovers(tmpBase)).lines) say(`${line}\n`);
  // The web-stack suite's work folders (PostgreSQL's data…) of runners that are gone.
  const work = workRoot(ROOT);
  for (const name of removeStaleWorkDirs(work)) say(`Removed ${shown(path.join(work, name))}, the work folder of a run whose runner is gone.\n`);
}

/** The interrupted run --resume finishes: not complete, measured here; cells skipped because a host could not be used are tried again. */
function readResumed(runFile: string): Run {
  const resumed = readRun(runFile);
  if (resumed.complete) throw new UserError(`${runFile}: this run is complete; nothing to resume (start a new run without --resume)`);
  if (resumed.machine.hostname !== os.hostname()) {
    throw new UserError(`${runFile}: measured on ${resumed.machine.hostname}, not on this machine (${os.hostname()}); start a new run without --resume`);
  }
  resumed.cells = resumed.cells.filter((c) => !(c.status === 'skipped' && (c.reason ?? '').startsWith(HOST_PROBLEM_PREFIX)));
  return resumed;
}

/** Which implementations a run measures (and the manifests it could not read), as --suite, --impl and --vintages select them. */
function selectImplementations(o: Options, benchDir: string, suites: readonly Suite[]): { impls: Impl[]; problems: ManifestProblem[] } {
  // Vintage members (cpython-3-7, go-1-13…) join with --vintages, or when --impl names them.
  const withVintages = o.vintages || o.impls !== null;
  const found = discover(benchDir, ROOT, [...new Set(suites.map((s) => s.manifests))], { vintages: withVintages, runtimeOverrides: parseRuntimeOptions(o.runtimes), runtimesFile: withVintages ? readRuntimesFile() : {} });
  found.impls = found.impls.filter((i) => !i.vintage || i.vintage.default || o.vintages || (o.impls?.includes(i.id) ?? false));
  // The vintage run: the runtimes' members and the references only.
  if (o.suite === 'vintages') found.impls = vintageRunImpls(found.impls);
  for (const p of found.problems) process.stdout.write(`warning: ${p.message}\n  Its cells are skipped; the run goes on.\n`);
  return { impls: filterImpls(found.impls, found.problems, o), problems: found.problems.filter((p) => !o.impls || o.impls.includes(p.folder)) };
}

/** The CPU split, this run's locks on the CPUs it measures on, and the machine card (with the running clock when a suite times workers). */
async function prepareMachine(o: Options, suites: readonly Suite[], me: ReturnType<typeof selfHolder>): Promise<{ split: CpuSplit; machine: Run['machine'] }> {
  const tasksetOk = o.pin && commandWorks(['taskset', '-V']);
  if (o.pin && !tasksetOk) process.stdout.write('warning: taskset not found; processes run unpinned (fix: apt-get install -y util-linux)\n');
  const cpus = availableCpus();
  for (const [name, list] of [['server-cpus', o.serverCpus], ['client-cpus', o.clientCpus]] as const) {
    const outside = list ? parseCpuList(list).filter((c) => !cpus.includes(c)) : [];
    if (outside.length > 0) throw new UserError(`--${name} ${list}: CPU ${outside.join(', ')} is not available here (this process may use ${formatCpuList(cpus)})`);
  }
  const split = splitCpus(cpus, tasksetOk, { server: o.serverCpus, client: o.clientCpus });
  // And one run at a time per CPU, across checkouts: the CPUs this run measures on (all of them when
  // unpinned, and for the suites whose processes use every CPU).
  if (!o.hosts) {
    const everyCpu = !split.server || !split.client || suites.some((s) => s.everyCpu);
    const measured = everyCpu ? cpus : [...parseCpuList(split.server!), ...parseCpuList(split.client!)];
    held.locks.push(...acquireCpuLocks(measured, me, held.folder!.tmpBase));
  }
  if (!gnuTimeAvailable()) {
    process.stdout.write('warning: GNU time (/usr/bin/time) not found; user/sys CPU time, max RSS and wrk\'s CPU use are not recorded (fix: apt-get install -y time)\n');
  }
  const clock = o.hosts || !suites.some((s) => s.workers) ? null : await measureClockMhz(split.server, o.quick ? CLOCK_QUICK : CLOCK_FULL);
  if (clock && 'error' in clock) process.stdout.write(`note: the CPU's running clock was not measured (${clock.error}); cycles per operation use the clock /proc/cpuinfo reports\n`);
  return { split, machine: { ...machineInfo(), ...(clock && 'mhz' in clock ? { cpu_mhz_measured: Math.round(clock.mhz) } : {}) } };
}

/** --aa: the default twin is dropped when its implementation is not selected; an explicit one must exist and have a free name. */
function checkAa(o: Options, impls: readonly Impl[]): Options {
  if (o.aa && !o.aaExplicit && !impls.some((i) => i.id === o.aa)) o = { ...o, aa: null };
  if (o.aa && !impls.some((i) => i.id === o.aa)) {
    throw new UserError(`--aa ${o.aa}: no implementation with that id among those selected; pick one of ${[...new Set(impls.map((i) => i.id))].sort().join(', ')}`);
  }
  if (o.aa && impls.some((i) => i.id === twinId(o.aa!))) {
    throw new UserError(`--aa ${o.aa}: an implementation is already called ${twinId(o.aa)}, the name the A/A twin needs; rename it or pick another --aa`);
  }
  return o;
}

interface RunPlan {
  planned: Planned[];
  groups: Map<SuiteId, GroupPlan[]>;
  /** Implementations by `suite/impl` of the cells planned. */
  byImpl: Map<string, Impl>;
  /** Cells of folders whose manifest is invalid. */
  problemCells: CellId[];
}

/**
 * Every cell the run will record: the groups of each suite's implementations
 * that can run (with --hosts, what an implementation needs is on the server
 * host: its build there says what is missing), a skipped cell per test for
 * those that cannot, and for each folder whose manifest is invalid.
 */
function planRun(o: Options, suites: readonly Suite[], impls: readonly Impl[], problems: readonly ManifestProblem[]): RunPlan {
  const planned: Planned[] = [];
  const byImpl = new Map<string, Impl>();
  const groups = new Map<SuiteId, GroupPlan[]>();
  const implsOf = (s: Suite) => impls.filter((i) => i.suite === s.manifests);
  const canRun = (i: Impl) => o.hosts !== null || requirementsFor(i) === null;
  for (const s of suites) for (const i of implsOf(s)) byImpl.set(`${s.id}/${i.id}`, i);
  for (const s of suites) groups.set(s.id, s.groups(implsOf(s).filter(canRun), o.tests, o.aa, o.vintages));
  const shares = budgetShares(suites);
  const budgetFor = (s: Suite) => (g: GroupPlan) => {
    // A quick run's rounds are one short slice per member.
    if (o.rounds !== null) return o.rounds * g.members.length * (o.quick ? (s.rounds?.quickSampleSeconds ?? 0) : 3);
    return suiteBudgetSeconds(o.budgetSeconds, shares, s.id) / Math.max(1, groups.get(s.id)!.length);
  };
  for (const s of suites) planned.push(...s.plan({ groups: groups.get(s.id)!, impls: implsOf(s), tests: o.tests, quick: o.quick, budgetSeconds: budgetFor(s) }));
  // Implementations that cannot run still get a (skipped) cell per test.
  for (const s of suites) {
    for (const i of implsOf(s)) {
      if (canRun(i)) continue;
      for (const t of s.tests) if ((!o.tests || o.tests.includes(t)) && s.hasTest(i, t)) planned.push({ id: { suite: s.id, impl: i.id, test: t }, estimateSeconds: 0 });
    }
  }
  const problemCells: CellId[] = [];
  for (const p of problems) {
    if (!ImplId.safeParse(p.folder).success) continue;
    for (const s of suites) {
      if (s.manifests !== p.suite) continue;
      for (const t of s.tests) {
        if ((o.tests && !o.tests.includes(t)) || !s.hasTest(null, t)) continue;
        const id: CellId = { suite: s.id, impl: p.folder, test: t };
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
  return { planned, groups, byImpl, problemCells };
}

/** A new run's record, before its id is settled (createRunFile). */
function newRun(o: Options, suites: readonly Suite[], split: CpuSplit, machine: Run['machine'], startedAt: Date): Run {
  const ids = suites.map((s) => s.id);
  const loads = suites.some((s) => s.loadGenerator);
  return {
    schema_version: RUN_SCHEMA_VERSION,
    // The id is settled when the file is created (createRunFile), never reusing one.
    id: 'new',
    mode: runMode(o),
    suites: ids,
    complete: false,
    started_at: startedAt.toISOString(),
    finished_at: null,
    git: gitState(ROOT),
    machine,
    toolchains: {},
    implementations: {},
    settings: {
      load_generator: loads
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
        estimator: DEFAULT_ESTIMATOR,
        confidence_level: BOOTSTRAP_DEFAULTS.level,
        bootstrap_replicates: BOOTSTRAP_DEFAULTS.replicates,
        bootstrap_seed: BOOTSTRAP_DEFAULTS.seed,
        precision_target: Object.fromEntries(ids.filter((x) => o.precision[x] !== undefined).map((x) => [x, o.precision[x]!])),
        budget_seconds: o.budgetSeconds,
        min_rounds: o.rounds ?? DEFAULT_MIN_ROUNDS,
        max_rounds: o.rounds ?? DEFAULT_MAX_ROUNDS,
        http_slice_seconds: loads ? o.sliceSeconds : null,
      },
      ...(suites.some((s) => s.workers) ? { worker_slice_seconds: SLICE_SECONDS } : {}),
      options: optionsRecord(o),
    },
    cells: [],
    comparisons: [],
    aa: [],
  };
}

/**
 * Before the suites: the skipped cells (an invalid manifest, a host that
 * cannot be used, a missing tool of the runner's or of an implementation),
 * and the implementations and toolchains the run records. Returns the
 * implementations that can run, by `suite/impl`.
 */
function recordSkips(session: Session, suites: readonly Suite[], plan: RunPlan, problems: readonly ManifestProblem[], hostProblem: { message: string; fix: string } | null): Set<string> {
  const o = session.options;
  for (const id of plan.problemCells) {
    const p = problems.find((x) => x.folder === id.impl && x.suite === suiteById(id.suite).manifests)!;
    if (!session.has(id)) session.record(skippedCell(id, `invalid manifest: ${p.message}`, `fix ${p.manifestPath} (see src/schemas/manifest.ts)`));
  }
  if (hostProblem) {
    process.stdout.write(`${hostProblem.message}\n  fix: ${hostProblem.fix}\n  Its cells are skipped; --resume tries them again.\n`);
    for (const p of plan.planned) if (!session.has(p.id)) session.record(skippedCell(p.id, hostProblem.message, hostProblem.fix));
  }
  // wrk warms servers up and loads them for memory; cc compiles the load generator of the timed slices.
  const loadGeneratorMissing = !o.hosts && suites.some((s) => s.loadGenerator) ? (runnerToolMissing('wrk') ?? runnerToolMissing('cc')) : null;
  const runnable = new Set<string>();
  for (const p of plan.planned) {
    const impl = plan.byImpl.get(`${p.id.suite}/${p.id.impl}`);
    if (!impl || session.has(p.id)) continue;
    const missing: Missing | null = (suiteById(p.id.suite).loadGenerator ? loadGeneratorMissing : null) ?? (o.hosts ? null : requirementsFor(impl));
    if (missing) session.record(skippedCell(p.id, missing.reason, missing.fix));
    else runnable.add(`${p.id.suite}/${p.id.impl}`);
  }
  for (const key of runnable) describeImplementation(session, plan.byImpl.get(key)!);
  const versions = new Set(suites.flatMap((s) => s.toolVersions));
  for (const [tool, argv] of [['wrk', ['wrk', '-v']], ['gcc', ['gcc', '--version']], ['valgrind', ['valgrind', '--version']]] as const) {
    if (tool === 'wrk' && (o.hosts || !versions.has('wrk'))) continue;
    if (tool === 'valgrind' && !versions.has('valgrind')) continue;
    const v = versionOf(argv);
    if (v) session.addToolchain(tool, v, argv.join(' '));
  }
  session.save();
  return runnable;
}

/** The resume command of an unfinished run. */
function resumeCommand(run: Run, o: Options, withHosts: boolean): string {
  return `npm run bench -- --resume ${run.id}${o.outDir !== 'data/runs' ? ` --out ${o.outDir}` : ''}${withHosts && o.hosts ? ` --hosts ${o.hosts}` : ''}`;
}

/**
 * Ctrl-C (and SIGTERM, and a reader of the output that went away): the
 * children are killed, what a suite started outside the runner's process
 * groups (PostgreSQL's children) is stopped by the suite, the finished cells
 * are saved and the resume command printed; exit 130. A second signal kills
 * at once.
 */
function signalHandler(session: Session, suites: readonly Suite[], resumed: boolean): (sig: string) => void {
  const run = session.run;
  let signalled = false;
  return (sig) => {
    if (signalled) {
      killAllGroupsSync('SIGKILL');
      process.exit(130);
    }
    signalled = true;
    session.stopping = true;
    session.progress?.end();
    say(`\n${sig}: stopping; killing child processes…\n`);
    killAllGroupsSync('SIGTERM');
    void stopAllGroups(2000)
      .then(async () => {
        for (const s of suites) await s.cleanUp?.async();
      })
      .then(removeSlicers)
      .finally(() => {
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
            `Resume with: ${resumeCommand(run, session.options, false)}\n`,
        );
        process.exit(130);
      });
  };
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
  if (!o.buildOnly) await lockCheckout(me, held.folder.tmpBase);
  let runFile: string | null = null;
  let resumed: Run | null = null;
  if (o.resume !== null) {
    runFile = resolveResume(o.resume, outDir);
    resumed = readResumed(runFile);
    o = optionsFromRecord(resumed.settings.options, o);
  }
  const benchDir = path.resolve(o.benchDir);
  if (!existsSync(benchDir)) throw new UserError(`--bench-dir ${o.benchDir}: no such folder; run from the project root or pass --bench-dir`);
  const dataDir = path.resolve(o.dataDir ?? path.join(o.benchDir, 'data'));
  if (o.buildOnly) return buildOnly(o, benchDir);

  const suites = suitesOf(o);
  const { impls, problems } = selectImplementations(o, benchDir, suites);
  for (const s of suites) s.preflight?.({ benchDir, dataDir });
  const { split, machine } = await prepareMachine(o, suites, me);
  o = checkAa(o, impls);
  const plan = planRun(o, suites, impls, problems);

  // ------------------------------------------------------------ the run
  const run: Run = resumed ?? newRun(o, suites, split, machine, new Date());
  if (resumed && (resumed.settings.server_cpus !== split.server || resumed.settings.client_cpus !== split.client)) {
    process.stdout.write(`warning: the run was pinned server=${resumed.settings.server_cpus} client=${resumed.settings.client_cpus}; now server=${split.server} client=${split.client}\n`);
  }
  const prepared = await prepareLayout(o, ROOT, split, suites.map((s) => s.id), run, (m) => process.stdout.write(`${m}\n`));
  if (!resumed) runFile = createRunFile(outDir, new Date(run.started_at), machine.hostname, run);
  // The layouts are drawn from the run id, settled only now.
  const laidOutSuites = suites.filter((s) => s.randomLayout).map((s) => s.id);
  if (!resumed && laidOutSuites.length > 0) run.settings.layout = layoutSettings(run.id, laidOutSuites);
  for (const l of held.locks) l.setRunId(run.id);
  held.folder.setRunId(run.id);
  const session = new Session({ run, file: runFile!, root: ROOT, benchDir, dataDir, options: o, split, budgetShares: budgetShares(suites), layout: prepared.layout });
  const progress = new Progress(plan.planned, run.cells.map((c) => cellKey(c)));
  session.progress = progress;

  // ------------------------------------------------------------ Ctrl-C
  const onSignal = signalHandler(session, suites, resumed !== null);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stopOnClosedStdout = onSignal;
  process.on('exit', () => {
    killAllGroupsSync('SIGKILL');
    for (const s of suites) s.cleanUp?.sync();
  });

  session.save();
  process.stdout.write(
    `${resumed ? 'Resuming' : 'Run'} ${run.id} (${run.mode}): ${plan.planned.length} cells, ${progress.finished} already done · ` +
      `server CPUs ${split.server ?? 'unpinned'}, client CPU ${split.client ?? 'unpinned'}\n` +
      `Writing ${shown(session.file)}\n`,
  );

  // ------------------------------------------------------------ suites
  const runnable = recordSkips(session, suites, plan, problems, prepared.problem);
  for (const s of suites) {
    if (session.stopping) break;
    const ready = [...runnable].filter((k) => k.startsWith(`${s.id}/`)).map((k) => plan.byImpl.get(k)!);
    await s.run(session, ready, plan.groups.get(s.id)!);
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
        `Resume with: ${resumeCommand(run, o, true)}\n`,
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
  const missing = plan.planned.filter((p) => !session.has(p.id));
  // Cells skipped because a host could not be used are not done: the run stays open for --resume.
  const hostSkips = run.cells.filter((c) => c.status === 'skipped' && (c.reason ?? '').startsWith(HOST_PROBLEM_PREFIX)).length;
  run.complete = missing.length === 0 && hostSkips === 0;
  run.finished_at = run.complete ? new Date().toISOString() : null;
  session.save();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // The run is saved: a reader that goes away now only cuts the summary short.
  stopOnClosedStdout = () => process.exit(0);
  return report(run, plan.planned, session.file, o, missing.length + hostSkips);
}

/** The summary at the end of a finished run; the exit code (--strict: 1 when a cell failed). */
function report(run: Run, planned: readonly Planned[], file: string, o: Options, toMeasure: number): number {
  const byKey = new Map(run.cells.map((c) => [cellKey(c), c]));
  const cells = planned.map((p) => byKey.get(cellKey(p.id))).filter((c) => c !== undefined);
  process.stdout.write(`\n${summaryTable(run, cells)}\n\n`);
  const failed = cells.filter((c) => c.status === 'failed').length;
  const skipped = cells.filter((c) => c.status === 'skipped').length;
  process.stdout.write(
    `${cells.length - failed - skipped} ok, ${failed} failed, ${skipped} skipped · ${shown(file)}${run.complete ? '' : ` (incomplete: ${toMeasure} cells to measure; --resume ${run.id}${o.hosts ? ` --hosts ${o.hosts}` : ''})`}\n`,
  );
  const fixes = new Map<string, string>();
  for (const c of cells) if (c.status === 'skipped' && c.fix) fixes.set(`${c.suite}/${c.impl}`, c.fix);
  for (const [impl, fix] of fixes) process.stdout.write(`  to run ${impl}: ${fix}\n`);
  return o.strict && failed > 0 ? 1 : 0;
}
