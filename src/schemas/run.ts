/**
 * The benchmark run: the spine of Diez Mil.
 *
 * The pipeline (scripts/bench) writes files of this shape to data/runs/ and
 * the site reads them; both import this module, and `npm run schema:export`
 * writes data/run.schema.json for tools in other languages.
 *
 * Conventions: units live in field names (`_seconds`, `_bytes`, `_us`, `_ns`);
 * a value that was not measured is `null`, never a sentinel; raw samples are
 * kept beside their summaries.
 */
import { z } from 'zod';

export const RUN_SCHEMA_VERSION = 1 as const;

/** The suites a run can hold. Each has a fixed list of tests and metrics (see metric-ids.ts). */
export const SUITES = ['http', 'cpu', 'ops', 'threads', 'build'] as const;
export const SuiteId = z.enum(SUITES);
export type SuiteId = z.infer<typeof SuiteId>;

export const HTTP_TESTS = ['plaintext', 'msgpack', 'json', 'transfer', 'loop'] as const;
export const CPU_KERNELS = ['nbody', 'spectralnorm', 'fannkuch', 'loop'] as const;
export const OPS = [
  'empty_loop',
  'call',
  'attribute',
  'map_lookup',
  'map_insert',
  'alloc',
  'format',
  'record_logic',
] as const;
export const THREAD_MODES = ['single', 'threads', 'processes'] as const;
export const BUILD_KINDS = ['cold', 'incremental'] as const;

/** Lower-case ids with dashes: `go`, `rust-axum`, `cpython`. */
export const ImplId = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'an id like "go" or "rust-axum"');

const nonNegative = z.number().nonnegative();
const count = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });

/** Summary statistics of a series of repetitions. `cv` is stddev ÷ mean (0.05 = 5 %). */
export const Summary = z
  .object({
    n: z.number().int().positive(),
    median: z.number(),
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    stddev: nonNegative,
    cv: nonNegative.nullable(),
  })
  .strict();
export type Summary = z.infer<typeof Summary>;

/** Outcome of a cell. `failed` and `skipped` always carry a reason a reader can act on. */
export const CellStatus = z.enum(['ok', 'failed', 'skipped']);
export type CellStatus = z.infer<typeof CellStatus>;

/** What the runner checked before timing anything. */
export const Verification = z
  .object({
    passed: z.boolean(),
    /** Human-readable list of what was checked, e.g. "status 200", "body = 'Welcome!\\n'". */
    checks: z.array(z.string()),
    /** Why it failed, or a note; null when there is nothing to say. */
    detail: z.string().nullable(),
  })
  .strict();
export type Verification = z.infer<typeof Verification>;

/** A sanity check that fired on a cell; the site shows it beside the number. */
export const FLAG_KINDS = ['noisy', 'errors', 'littles_law', 'client_bound', 'few_samples', 'timeouts', 'disturbed'] as const;
export const Flag = z.object({ kind: z.enum(FLAG_KINDS), detail: z.string() }).strict();
export type Flag = z.infer<typeof Flag>;

const cellBase = {
  impl: ImplId,
  status: CellStatus,
  /** Required when status is failed or skipped. */
  reason: z.string().nullable(),
  /** For skipped cells: the exact command that would make the cell runnable. */
  fix: z.string().nullable(),
  verification: Verification.nullable(),
  flags: z.array(Flag),
  started_at: isoTime.nullable(),
  finished_at: isoTime.nullable(),
};

// ---------------------------------------------------------------- http

/**
 * The host probe's speed just before and just after a repetition, relative to
 * the best speed it saw in this run (1 = undisturbed); see scripts/bench/host-probe.ts.
 */
export const HostSpeed = z.object({ before: nonNegative, after: nonNegative }).strict();
export type HostSpeed = z.infer<typeof HostSpeed>;

export const HttpRepetition = z
  .object({
    duration_seconds: nonNegative,
    requests: count,
    requests_per_second: nonNegative,
    transfer_bytes_per_second: nonNegative,
    latency_us: z
      .object({
        mean: nonNegative,
        stdev: nonNegative,
        p50: nonNegative,
        p90: nonNegative,
        p99: nonNegative,
        max: nonNegative,
      })
      .strict(),
    errors: z
      .object({ connect: count, read: count, write: count, timeout: count, status_non_2xx: count })
      .strict(),
    /** CPU time the load generator used ÷ wall time; near 1.0 means wrk, not the server, was the limit. */
    client_cpu_utilization: nonNegative.nullable(),
    /** Absent in runs made before the host probe existed; null when it could not run. */
    host_speed: HostSpeed.nullable().optional(),
  })
  .strict();
export type HttpRepetition = z.infer<typeof HttpRepetition>;

export const HttpLoad = z
  .object({
    connections: z.number().int().positive(),
    threads: z.number().int().positive(),
    duration_seconds: z.number().positive(),
    timeout_seconds: z.number().positive(),
    warmup_seconds: nonNegative,
    warmup_runs: count,
    repetitions: z.number().int().positive(),
  })
  .strict();

export const HttpCell = z
  .object({
    suite: z.literal('http'),
    test: z.enum(HTTP_TESTS),
    ...cellBase,
    load: HttpLoad.nullable(),
    response_bytes: count.nullable(),
    repetitions: z.array(HttpRepetition),
    summary: z
      .object({
        requests_per_second: Summary,
        transfer_bytes_per_second: Summary,
        latency_mean_us: Summary,
        latency_p50_us: Summary,
        latency_p90_us: Summary,
        latency_p99_us: Summary,
        latency_max_us: Summary,
      })
      .strict()
      .nullable(),
    /** Repetitions rerun because the host probe found the machine slowed down around them; never summarised. */
    discarded_repetitions: z.array(HttpRepetition).optional(),
    /** Whole process tree of the server, sampled while the test was under load. */
    memory: z
      .object({
        peak_rss_bytes: count,
        peak_pss_bytes: count.nullable(),
        processes: z.number().int().positive(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type HttpCell = z.infer<typeof HttpCell>;

// ---------------------------------------------------------------- cpu

export const ProcessRepetition = z
  .object({
    wall_seconds: nonNegative,
    user_seconds: nonNegative.nullable(),
    sys_seconds: nonNegative.nullable(),
    max_rss_bytes: count.nullable(),
  })
  .strict();
export type ProcessRepetition = z.infer<typeof ProcessRepetition>;

export const CpuCell = z
  .object({
    suite: z.literal('cpu'),
    test: z.enum(CPU_KERNELS),
    ...cellBase,
    /** The size argument given to the program, e.g. "5000000". */
    argument: z.string().nullable(),
    warmup_runs: count,
    repetitions: z.array(ProcessRepetition),
    summary: z.object({ wall_seconds: Summary, max_rss_bytes: Summary.nullable() }).strict().nullable(),
    /** In-process iteration times for JIT runtimes: shows how long the JIT took to settle. */
    jit_warmup_seconds: z.array(nonNegative).nullable(),
    instructions: z
      .object({
        count: count.nullable(),
        tool: z.literal('callgrind'),
        argument: z.string().nullable(),
        /** Why there is no count (e.g. JIT runtimes vary too much under callgrind). */
        note: z.string().nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type CpuCell = z.infer<typeof CpuCell>;

// ---------------------------------------------------------------- ops

export const OpsCell = z
  .object({
    suite: z.literal('ops'),
    test: z.enum(OPS),
    ...cellBase,
    /** The harness that timed it: "timeit", "testing.B", "black_box loop", "tinybench"… */
    harness: z.string().nullable(),
    iterations_per_sample: count.nullable(),
    samples_ns_per_op: z.array(nonNegative),
    summary: z.object({ ns_per_op: Summary }).strict().nullable(),
    /** Cost of the harness loop alone, per iteration, measured the same way. */
    harness_overhead_ns_per_op: nonNegative.nullable(),
    /** Whether summary.ns_per_op already has the harness overhead subtracted. */
    overhead_subtracted: z.boolean(),
  })
  .strict();
export type OpsCell = z.infer<typeof OpsCell>;

// ---------------------------------------------------------------- threads

export const ThreadsCell = z
  .object({
    suite: z.literal('threads'),
    test: z.enum(THREAD_MODES),
    ...cellBase,
    workers: z.number().int().positive().nullable(),
    free_threaded: z.boolean().nullable(),
    repetitions: z.array(ProcessRepetition),
    summary: z.object({ wall_seconds: Summary }).strict().nullable(),
  })
  .strict();
export type ThreadsCell = z.infer<typeof ThreadsCell>;

// ---------------------------------------------------------------- build

export const BuildCell = z
  .object({
    suite: z.literal('build'),
    test: z.enum(BUILD_KINDS),
    ...cellBase,
    command: z.string().nullable(),
    /** For incremental builds: the file touched before rebuilding. */
    touched_file: z.string().nullable(),
    repetitions: z.array(ProcessRepetition),
    summary: z.object({ wall_seconds: Summary }).strict().nullable(),
  })
  .strict();
export type BuildCell = z.infer<typeof BuildCell>;

// ---------------------------------------------------------------- run

export const Cell = z
  .discriminatedUnion('suite', [HttpCell, CpuCell, OpsCell, ThreadsCell, BuildCell])
  .superRefine((cell, ctx) => {
    if (cell.status !== 'ok' && !cell.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `a ${cell.status} cell needs a reason` });
    }
    if (cell.status === 'ok' && cell.summary === null) {
      ctx.addIssue({ code: 'custom', path: ['summary'], message: 'an ok cell needs a summary' });
    }
    if (cell.status === 'ok' && cell.verification && !cell.verification.passed) {
      ctx.addIssue({ code: 'custom', path: ['verification'], message: 'an ok cell must have passed verification' });
    }
  });
export type Cell = z.infer<typeof Cell>;

export const Machine = z
  .object({
    hostname: z.string(),
    cpu_model: z.string(),
    cpu_cores: z.number().int().positive(),
    cpu_threads: z.number().int().positive(),
    cpu_mhz: z.number().positive().nullable(),
    memory_bytes: count,
    os: z.string(),
    kernel: z.string(),
    cpu_governor: z.string().nullable(),
    virtualization: z.string().nullable(),
  })
  .strict();
export type Machine = z.infer<typeof Machine>;

export const Toolchain = z
  .object({ version: z.string(), command: z.string() })
  .strict();

export const Implementation = z
  .object({
    suite: SuiteId,
    language: z.string(),
    runtime: z.string(),
    /** Repository path of the source, e.g. "bench/http/go". */
    source_dir: z.string(),
    libraries: z.record(z.string(), z.string()),
    workers: z.number().int().positive().nullable(),
  })
  .strict();
export type Implementation = z.infer<typeof Implementation>;

export const HostProbeSettings = z
  .object({
    workload: z.string(),
    window_ms: z.number().int().positive(),
    /** A probe slower than (1 − tolerance) × the reference counts as a disturbed host. */
    tolerance: z.number().min(0).max(1),
    max_wait_seconds: nonNegative,
    max_extra_repetitions: z.number().int().min(0),
    /** The best speed the probe reached in this run. */
    reference_ops_per_second: nonNegative,
  })
  .strict();
export type HostProbeSettings = z.infer<typeof HostProbeSettings>;

export const RunSettings = z
  .object({
    load_generator: z
      .object({ tool: z.literal('wrk'), version: z.string().nullable(), script: z.string() })
      .strict()
      .nullable(),
    /** CPUs given to servers/programs and to the load generator (taskset lists), null if unpinned. */
    server_cpus: z.string().nullable(),
    client_cpus: z.string().nullable(),
    /** CV above which a cell is flagged noisy. */
    noisy_cv_threshold: z.number().positive(),
    /** The HTTP suite's host probe; absent in older runs, null when it was off or could not run. */
    host_probe: HostProbeSettings.nullable().optional(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .strict();
export type RunSettings = z.infer<typeof RunSettings>;

export const Run = z
  .object({
    schema_version: z.literal(RUN_SCHEMA_VERSION),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    mode: z.enum(['full', 'quick']),
    /** True when every planned cell reached ok, failed or skipped. */
    complete: z.boolean(),
    started_at: isoTime,
    finished_at: isoTime.nullable(),
    git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }).strict(),
    machine: Machine,
    /** Keyed by tool: "go", "rustc", "cargo", "java", "node", "python3", "pypy3", "gcc", "wrk", "uwsgi"… */
    toolchains: z.record(z.string(), Toolchain),
    /** Keyed by `${suite}/${impl}`. */
    implementations: z.record(z.string(), Implementation),
    settings: RunSettings,
    cells: z.array(Cell),
  })
  .strict();
export type Run = z.infer<typeof Run>;

export type CellOf<S extends SuiteId> = Extract<Cell, { suite: S }>;
