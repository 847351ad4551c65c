/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { SUITES, HTTP_TESTS, CPU_KERNELS, OPS, THREAD_MODES, BUILD_KINDS, STACK_TESTS, type SuiteId } from '../../src/schemas/run.ts';
import { UserError } from './errors.ts';
import { defaultPrecision, SUITE_REGISTRY } from './suites/index.ts';

const DEFAULT_BUDGET_SECONDS = 1000;
export const QUICK_ROUNDS = 1;
const QUICK_ROUNDS_TEXT = QUICK_ROUNDS === 1 ? 'one round' : `${QUICK_ROUNDS} rounds`;
const DEFAULT_AA = 'go';

export const HELP = `Usage: npm run bench -- [options]

Measures the benchmarked programs under bench/ on this machine and writes
data/runs/<id>.json (schema: src/schemas/run.ts).

Measuring happens in rounds: every round runs each implementation of a test
once, in a fresh random order, and rounds go on until every ratio to the
test's reference implementation is known to ±--precision (95 % interval) or
the time budget is spent.

Options:
  --suite S        http | cpu | ops | threads | build | stack | vintages | all
                   (default: all; all = http cpu ops threads build; the web-stack
                   suite, with its own PostgreSQL and Redis, runs only as --suite
                   stack; vintages = cpu ops threads for the runtimes manifests list,
                   2019's beside today's, with C and C++ as references: a run of
                   its own that the site shows beside the default run)
  --impl a,b       only these implementations (ids from the manifests)
  --test x,y       only these tests (http: ${HTTP_TESTS.join(' ')};
                   cpu: ${CPU_KERNELS.join(' ')}; ops: ${OPS.join(' ')};
                   threads: ${THREAD_MODES.join(' ')}; build: ${BUILD_KINDS.join(' ')};
                   stack: ${STACK_TESTS.join(' ')})
  --precision P    target half-width of every ratio's 95 % interval, in %
                   (default: 5 for http, ops, threads and stack, 3 for cpu)
  --budget S       seconds of rounds in the whole run, shared by the tests
                   (default ${DEFAULT_BUDGET_SECONDS}; quick: no budget, ${QUICK_ROUNDS_TEXT})
  --rounds N       exactly N rounds per test (no adaptive stopping)
  --slice S        seconds of one http warm-up load (wrk), whole seconds (default 1);
                   timed slices are sub-second (scripts/bench/README.md, "HTTP protocol")
  --aa IMPL        A/A check: also measure IMPL under a second name; its ratio's
                   interval should contain 1 (default in full runs: ${DEFAULT_AA})
  --no-aa          no A/A check
  --reps N         build suite: timed repetitions (default 5; quick 1)
  --quick          smoke run of every suite (${QUICK_ROUNDS_TEXT}, small problem
                   sizes, no intervals; about 3 min on two cores, see README)
  --resume [RUN]   finish an interrupted run (an id or a path; default: the latest
                   incomplete run in --out); only the missing cells run
  --out DIR        where run files go                 (default data/runs)
  --bench-dir DIR  where the implementations are      (default bench)
  --data-dir DIR   shared test data                   (default <bench-dir>/data)
  --ready-timeout S  seconds a server may take to answer GET /  (default 60)
  --no-pin         do not pin processes to CPUs with taskset
  --server-cpus L  CPUs for servers and programs, a taskset list like 0-5
  --client-cpus L  CPUs for the load generator (default: the last quarter of
                   the CPUs, at least one; servers get the rest)
  --hosts FILE     run server, load generator and database on the hosts the
                   file names, over SSH (schema: src/schemas/hosts.ts; see README)
  --setup-remote   with --hosts: run npm run bench:setup on every host first
  --vintages       also measure each implementation under the older and newer
                   runtimes its manifest lists (cpython@3.7, go@1.13, node@12…; ids
                   like cpython-3-7); one that is not installed is skipped with
                   the fix (npm run bench:setup -- --vintages installs them)
  --runtime S=P    use the program at P for runtime S, e.g.
                   --runtime cpython@3.14=/opt/python3.14/bin/python3.14
                   (repeatable; also read from ~/.config/diezmil/runtimes.json)
  --build-only     only run each implementation's build commands (used by setup)
  --strict         exit 1 if any cell failed
  --help           this text

Examples:
  npm run bench -- --quick --impl node,go
  npm run bench -- --suite all
  npm run bench -- --suite http --test json --rounds 10 --aa go
  npm run bench -- --suite stack --quick
  npm run bench -- --suite vintages
  npm run bench -- --resume`;

/** 'vintages': the vintage run (scripts/bench/vintage-run.ts). */
type SuiteChoice = SuiteId | 'all' | 'vintages';


export interface Options {
  suite: SuiteChoice;
  impls: string[] | null;
  tests: string[] | null;
  quick: boolean;
  /** Target half-width per suite (fractions). */
  precision: Record<string, number>;
  budgetSeconds: number;
  /** --rounds: a fixed number of rounds, or null for adaptive stopping. */
  rounds: number | null;
  sliceSeconds: number;
  /** Implementation measured twice for the A/A check, or null. */
  aa: string | null;
  /** Whether --aa was given (a default A/A implementation that is not selected is simply left out). */
  aaExplicit: boolean;
  /** Build suite repetitions; null = its default. */
  reps: number | null;
  resume: string | true | null;
  outDir: string;
  benchDir: string;
  dataDir: string | null;
  readyTimeoutSeconds: number;
  pin: boolean;
  serverCpus: string | null;
  clientCpus: string | null;
  hosts: string | null;
  setupRemote: boolean;
  buildOnly: boolean;
  /** --vintages: members for the runtimes manifests list besides today's. */
  vintages: boolean;
  /** --runtime SPEC=PATH, as given. */
  runtimes: string[];
  strict: boolean;
  help: boolean;
}

function positive(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name} ${text}: expected a positive ${integer ? 'whole number' : 'number'}, e.g. --${name} ${integer ? 5 : 2}`);
  }
  return n;
}

function list(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : null;
}

export function parseOptions(argv: readonly string[]): Options {
  // --resume takes an optional value, which parseArgs cannot express.
  const args = [...argv];
  let resume: string | true | null = null;
  const ri = args.findIndex((a) => a === '--resume' || a.startsWith('--resume='));
  if (ri >= 0) {
    const a = args[ri]!;
    if (a.startsWith('--resume=')) {
      resume = a.slice('--resume='.length) || true;
      args.splice(ri, 1);
    } else {
      const next = args[ri + 1];
      if (next !== undefined && !next.startsWith('--')) {
        resume = next;
        args.splice(ri, 2);
      } else {
        resume = true;
        args.splice(ri, 1);
      }
    }
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        suite: { type: 'string' },
        impl: { type: 'string' },
        test: { type: 'string' },
        precision: { type: 'string' },
        budget: { type: 'string' },
        rounds: { type: 'string' },
        slice: { type: 'string' },
        aa: { type: 'string' },
        'no-aa': { type: 'boolean', default: false },
        reps: { type: 'string' },
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        'bench-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        'ready-timeout': { type: 'string' },
        'no-pin': { type: 'boolean', default: false },
        'server-cpus': { type: 'string' },
        'client-cpus': { type: 'string' },
        hosts: { type: 'string' },
        'setup-remote': { type: 'boolean', default: false },
        'build-only': { type: 'boolean', default: false },
        vintages: { type: 'boolean', default: false },
        runtime: { type: 'string', multiple: true },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\nRun \`npm run bench -- --help\` for the options.`);
  }
  const v = parsed.values;
  const suite = (v.suite ?? 'all') as SuiteChoice;
  if (!(SUITES as readonly string[]).includes(suite) && suite !== 'all' && suite !== 'vintages') {
    throw new UserError(`--suite ${suite}: unknown suite; use one of ${[...SUITES, 'vintages', 'all'].join(', ')}`);
  }
  const quick = v.quick ?? false;
  const tests = list(v.test);
  if (tests) {
    const known = new Set<string>(SUITE_REGISTRY.flatMap((s) => s.tests));
    const unknown = tests.filter((t) => !known.has(t));
    if (unknown.length > 0) throw new UserError(`--test ${unknown.join(',')}: unknown test; run --help for the list`);
  }
  const precision = defaultPrecision();
  if (v.precision !== undefined) {
    const p = positive('precision', v.precision, false);
    if (p >= 100) throw new UserError(`--precision ${v.precision}: a half-width in percent below 100, e.g. --precision 5`);
    for (const k of Object.keys(precision)) precision[k] = p / 100;
  }
  const slice = v.slice !== undefined ? positive('slice', v.slice, true) : 1;
  if (v.aa !== undefined && v['no-aa']) throw new UserError('--aa and --no-aa: choose one');
  const impls = list(v.impl);
  // The A/A check belongs to full runs; a run limited by --impl gets one only when asked.
  const aa = v['no-aa'] ? null : v.aa ?? (quick || impls ? null : DEFAULT_AA);
  return {
    suite,
    impls,
    tests,
    quick,
    precision,
    budgetSeconds: v.budget !== undefined ? positive('budget', v.budget, false) : DEFAULT_BUDGET_SECONDS,
    rounds: v.rounds !== undefined ? positive('rounds', v.rounds, true) : quick ? QUICK_ROUNDS : null,
    sliceSeconds: slice,
    aa,
    aaExplicit: v.aa !== undefined,
    reps: v.reps !== undefined ? positive('reps', v.reps, true) : null,
    resume,
    outDir: v.out ?? 'data/runs',
    benchDir: v['bench-dir'] ?? 'bench',
    dataDir: v['data-dir'] ?? null,
    readyTimeoutSeconds: v['ready-timeout'] !== undefined ? positive('ready-timeout', v['ready-timeout'], false) : 60,
    pin: !(v['no-pin'] ?? false),
    serverCpus: cpuListOption('server-cpus', v['server-cpus']),
    clientCpus: cpuListOption('client-cpus', v['client-cpus']),
    hosts: v.hosts ?? null,
    setupRemote: v['setup-remote'] ?? false,
    buildOnly: v['build-only'] ?? false,
    vintages: (v.vintages ?? false) || suite === 'vintages',
    runtimes: v.runtime ?? [],
    strict: v.strict ?? false,
    help: v.help ?? false,
  };
}

/** The options as recorded in the run file (settings.options), and read back on --resume. */
export function optionsRecord(o: Options): Record<string, string | number | boolean | null> {
  return {
    suite: o.suite,
    impl: o.impls ? o.impls.join(',') : null,
    test: o.tests ? o.tests.join(',') : null,
    quick: o.quick,
    precision: JSON.stringify(o.precision),
    budget_seconds: o.budgetSeconds,
    rounds: o.rounds,
    slice_seconds: o.sliceSeconds,
    aa: o.aa,
    reps: o.reps,
    bench_dir: o.benchDir,
    data_dir: o.dataDir,
    ready_timeout_seconds: o.readyTimeoutSeconds,
    pin: o.pin,
    server_cpus: o.serverCpus,
    client_cpus: o.clientCpus,
    hosts: o.hosts,
    vintages: o.vintages,
    runtimes: o.runtimes.length > 0 ? JSON.stringify(o.runtimes) : null,
  };
}

/** Restores the measuring options of an interrupted run; the rest (out dir, strict) come from the command line. */
export function optionsFromRecord(rec: Record<string, unknown>, current: Options): Options {
  const str = (k: string) => (typeof rec[k] === 'string' ? (rec[k] as string) : null);
  const num = (k: string, d: number) => (typeof rec[k] === 'number' ? (rec[k] as number) : d);
  return {
    ...current,
    suite: (str('suite') ?? current.suite) as SuiteChoice,
    impls: list(str('impl') ?? undefined),
    tests: list(str('test') ?? undefined),
    quick: typeof rec['quick'] === 'boolean' ? (rec['quick'] as boolean) : current.quick,
    precision: parsePrecision(str('precision')) ?? current.precision,
    budgetSeconds: num('budget_seconds', current.budgetSeconds),
    rounds: typeof rec['rounds'] === 'number' ? (rec['rounds'] as number) : null,
    sliceSeconds: num('slice_seconds', current.sliceSeconds),
    aa: str('aa'),
    aaExplicit: str('aa') !== null,
    reps: typeof rec['reps'] === 'number' ? (rec['reps'] as number) : null,
    benchDir: str('bench_dir') ?? current.benchDir,
    dataDir: str('data_dir'),
    readyTimeoutSeconds: num('ready_timeout_seconds', current.readyTimeoutSeconds),
    pin: typeof rec['pin'] === 'boolean' ? (rec['pin'] as boolean) : current.pin,
    serverCpus: str('server_cpus') ?? current.serverCpus,
    clientCpus: str('client_cpus') ?? current.clientCpus,
    // A resumed run goes back to the hosts it started on (the file may be given again to move it).
    hosts: current.hosts ?? str('hosts'),
    vintages: typeof rec['vintages'] === 'boolean' ? (rec['vintages'] as boolean) : current.vintages,
    runtimes: current.runtimes.length > 0 ? current.runtimes : parseList(str('runtimes')),
  };
}

function cpuListOption(name: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) throw new UserError(`--${name} ${text}: expected a taskset CPU list such as 0-2 or 0,2`);
  return text;
}

function parseList(text: string | null): string[] {
  if (text === null) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v)) return v.map(String);
  } catch {
    /* recorded by an older runner */
  }
  return [];
}

function parsePrecision(text: string | null): Record<string, number> | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'number' && x > 0)) return v as Record<string, number>;
  } catch {
    /* recorded by an older runner */
  }
  return null;
}
