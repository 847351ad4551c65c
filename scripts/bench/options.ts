/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { SUITES, HTTP_TESTS, CPU_KERNELS, OPS, THREAD_MODES, BUILD_KINDS, type SuiteId } from '../../src/schemas/run.ts';
import { UserError } from './errors.ts';

export const HELP = `Usage: npm run bench -- [options]

Measures the benchmarked programs under bench/ on this machine and writes
data/runs/<id>.json (schema: src/schemas/run.ts).

Options:
  --suite S        http | cpu | ops | threads | build | all   (default: http)
  --impl a,b       only these implementations (ids from the manifests)
  --test x,y       only these tests (http: ${HTTP_TESTS.join(' ')};
                   cpu: ${CPU_KERNELS.join(' ')}; ops: ${OPS.join(' ')};
                   threads: ${THREAD_MODES.join(' ')}; build: ${BUILD_KINDS.join(' ')})
  --duration S     seconds per timed http repetition  (default 5; quick 2)
  --warmup S       seconds per http warm-up run       (default 5; quick 1)
  --reps N         timed repetitions per cell         (default 5; quick 2; build 3/1)
  --quick          short run for a first look or CI (fewer, shorter repetitions)
  --resume [RUN]   finish an interrupted run (an id or a path; default: the latest
                   incomplete run in --out); only the missing cells run
  --out DIR        where run files go                 (default data/runs)
  --bench-dir DIR  where the implementations are      (default bench)
  --data-dir DIR   shared test data                   (default <bench-dir>/data)
  --ready-timeout S  seconds a server may take to answer GET /  (default 60)
  --no-pin         do not pin processes to CPUs with taskset
  --no-host-probe  do not check the host's speed around HTTP repetitions
                   (by default a slowed-down host delays or reruns them)
  --build-only     only run each implementation's build commands (used by setup)
  --strict         exit 1 if any cell failed
  --help           this text

Examples:
  npm run bench -- --quick --impl node,go
  npm run bench -- --suite all
  npm run bench -- --resume`;

export type SuiteChoice = SuiteId | 'all';

export interface Options {
  suite: SuiteChoice;
  impls: string[] | null;
  tests: string[] | null;
  quick: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  /** null = the suite's default */
  reps: number | null;
  resume: string | true | null;
  outDir: string;
  benchDir: string;
  dataDir: string | null;
  readyTimeoutSeconds: number;
  pin: boolean;
  /** Gate HTTP repetitions on the host probe (scripts/bench/host-probe.ts). */
  hostProbe: boolean;
  buildOnly: boolean;
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
        duration: { type: 'string' },
        warmup: { type: 'string' },
        reps: { type: 'string' },
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        'bench-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        'ready-timeout': { type: 'string' },
        'no-pin': { type: 'boolean', default: false },
        'no-host-probe': { type: 'boolean', default: false },
        'build-only': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\nRun \`npm run bench -- --help\` for the options.`);
  }
  const v = parsed.values;
  const suite = (v.suite ?? 'http') as SuiteChoice;
  if (!(SUITES as readonly string[]).includes(suite) && suite !== 'all') {
    throw new UserError(`--suite ${suite}: unknown suite; use one of ${[...SUITES, 'all'].join(', ')}`);
  }
  const quick = v.quick ?? false;
  const tests = list(v.test);
  if (tests) {
    const known = new Set<string>([...HTTP_TESTS, ...CPU_KERNELS, ...OPS, ...THREAD_MODES, ...BUILD_KINDS]);
    const unknown = tests.filter((t) => !known.has(t));
    if (unknown.length > 0) throw new UserError(`--test ${unknown.join(',')}: unknown test; run --help for the list`);
  }
  return {
    suite,
    impls: list(v.impl),
    tests,
    quick,
    durationSeconds: v.duration !== undefined ? positive('duration', v.duration, false) : quick ? 2 : 5,
    warmupSeconds: v.warmup !== undefined ? positive('warmup', v.warmup, false) : quick ? 1 : 5,
    reps: v.reps !== undefined ? positive('reps', v.reps, true) : null,
    resume,
    outDir: v.out ?? 'data/runs',
    benchDir: v['bench-dir'] ?? 'bench',
    dataDir: v['data-dir'] ?? null,
    readyTimeoutSeconds: v['ready-timeout'] !== undefined ? positive('ready-timeout', v['ready-timeout'], false) : 60,
    pin: !(v['no-pin'] ?? false),
    hostProbe: !(v['no-host-probe'] ?? false),
    buildOnly: v['build-only'] ?? false,
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
    duration_seconds: o.durationSeconds,
    warmup_seconds: o.warmupSeconds,
    reps: o.reps,
    bench_dir: o.benchDir,
    data_dir: o.dataDir,
    ready_timeout_seconds: o.readyTimeoutSeconds,
    pin: o.pin,
    host_probe: o.hostProbe,
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
    durationSeconds: num('duration_seconds', current.durationSeconds),
    warmupSeconds: num('warmup_seconds', current.warmupSeconds),
    reps: typeof rec['reps'] === 'number' ? (rec['reps'] as number) : null,
    benchDir: str('bench_dir') ?? current.benchDir,
    dataDir: str('data_dir'),
    readyTimeoutSeconds: num('ready_timeout_seconds', current.readyTimeoutSeconds),
    pin: typeof rec['pin'] === 'boolean' ? (rec['pin'] as boolean) : current.pin,
    hostProbe: typeof rec['host_probe'] === 'boolean' ? (rec['host_probe'] as boolean) : current.hostProbe,
  };
}
