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

/**
 * 2: measurements taken in interleaved rounds (samples carry round, position
 * and times; `comparisons` records the rounds). Runs of version 1 (one block of
 * repetitions per cell) still validate and render.
 */
export const RUN_SCHEMA_VERSION = 2 as const;

/** The suites a run can hold. Each has a fixed list of tests and metrics (see metric-ids.ts). */
export const SUITES = ['http', 'cpu', 'ops', 'threads', 'build', 'stack'] as const;
export const SuiteId = z.enum(SUITES);
export type SuiteId = z.infer<typeof SuiteId>;

export const HTTP_TESTS = ['plaintext', 'msgpack', 'json', 'transfer', 'loop'] as const;
/**
 * The web-stack suite (real PostgreSQL, Redis, nginx, PHP-FPM): the five HTTP
 * tests for the stacks that also serve them, and TechEmpower-style database
 * tests — one row (db), 20 rows (queries), fortunes rendered through a
 * template, the same row 40 times straight from PostgreSQL (repeated) and
 * through a Redis read-through cache (cached).
 */
export const STACK_TESTS = [...HTTP_TESTS, 'db', 'queries', 'fortunes', 'repeated', 'cached'] as const;
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
export type ThreadMode = (typeof THREAD_MODES)[number];
export const BUILD_KINDS = ['cold', 'incremental'] as const;

/** Lower-case ids with dashes: `go`, `rust-axum`, `cpython`. */
export const ImplId = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'an id like "go" or "rust-axum"');

/**
 * Runtimes an implementation can be measured under ("vintages": 2019's beside
 * today's). A spec is `kind@version`, `t` marks a free-threaded CPython and
 * `+origin` pins where it comes from: "cpython@3.7", "cpython@3.14t",
 * "cpython@3.13+pyenv", "go@1.13", "node@12", "java@25" (scripts/bench/runtimes/).
 */
export const RUNTIME_KINDS = ['cpython', 'go', 'node', 'java'] as const;
export const RUNTIME_ORIGINS = ['built', 'source', 'system', 'pyenv', 'uv', 'project', 'npm', 'go-modules', 'jvm', 'user'] as const;
export const RuntimeSpec = z
  .string()
  .regex(
    new RegExp(`^(${RUNTIME_KINDS.join('|')})@\\d+(\\.\\d+)?t?(\\+(${RUNTIME_ORIGINS.join('|')}))?$`),
    `a runtime like "cpython@3.7", "cpython@3.14t", "cpython@3.13+pyenv", "go@1.13", "node@12" or "java@25" (kinds: ${RUNTIME_KINDS.join(', ')}; origins after +: ${RUNTIME_ORIGINS.join(', ')})`,
  );
export type RuntimeSpec = z.infer<typeof RuntimeSpec>;

const nonNegative = z.number().nonnegative();
const count = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });

/**
 * Where a sample was taken: its round in the comparison group, its position
 * in that round's random order, and when. Absent in version-1 runs.
 */
const placement = {
  round: count.optional(),
  position: count.optional(),
  started_at: isoTime.optional(),
  finished_at: isoTime.optional(),
};

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
/**
 * `optimised_away`: an operation or kernel timed at under one clock cycle per
 * iteration, or whose instruction count does not grow with the iterations: the
 * compiler or JIT removed the work, so the figure times an empty loop.
 */
const FLAG_KINDS = ['noisy', 'errors', 'littles_law', 'client_bound', 'few_samples', 'timeouts', 'disturbed', 'optimised_away'] as const;
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
  /** A/A check (`--aa IMPL`): this cell measured IMPL again under another name; never shown as an implementation. */
  twin_of: ImplId.nullable().optional(),
  /** With --hosts: the hosts (names from run.hosts) each role ran on. */
  hosts: z
    .object({ server: z.string(), client: z.string().nullable(), database: z.string().nullable() })
    .strict()
    .optional(),
};

// ---------------------------------------------------------------- http

/**
 * The host probe's speed just before and just after a repetition, relative to
 * the best speed it saw in this run (1 = undisturbed): recorded by runners
 * before interleaved rounds replaced the probe (scripts/bench/README.md, "Why
 * rounds (and not a host probe)").
 */
const HostSpeed = z.object({ before: nonNegative, after: nonNegative }).strict();
type HostSpeed = z.infer<typeof HostSpeed>;

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
    /** Only in version-1 runs made with the host probe; null when it could not run. */
    host_speed: HostSpeed.nullable().optional(),
    ...placement,
  })
  .strict();
export type HttpRepetition = z.infer<typeof HttpRepetition>;

/** The warm-up before the rounds: short loads until the rate stopped rising (JIT runtimes) or a fixed minimum. */
export const HttpWarmup = z
  .object({
    /** Rate of each warm-up load, in order. */
    requests_per_second: z.array(nonNegative),
    slice_seconds: nonNegative,
    /** plateau: the rate stopped rising; minimum: not a JIT runtime, the fixed minimum was enough; limit: still rising at the time limit. */
    ended: z.enum(['plateau', 'minimum', 'limit']),
  })
  .strict();
export type HttpWarmup = z.infer<typeof HttpWarmup>;

const HttpLoad = z
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
    /** Version 1 only: repetitions rerun because the host probe found the machine slowed down around them; never summarised. */
    discarded_repetitions: z.array(HttpRepetition).optional(),
    /** Version 2: what the warm-up did. */
    warmup: HttpWarmup.nullable().optional(),
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

// ---------------------------------------------------------------- stack

/** A cell of the web-stack suite: measured like an HTTP cell, against a stack backed by real services. */
export const StackCell = HttpCell.extend({ suite: z.literal('stack'), test: z.enum(STACK_TESTS) }).strict();
export type StackCell = z.infer<typeof StackCell>;

/** A server the runner started for the web-stack suite (PostgreSQL, Redis, nginx, PHP-FPM), with what it ran. */
export const Service = z
  .object({
    name: z.string(),
    version: z.string().nullable(),
    /** The command that started it, as run. */
    command: z.string(),
    /** Settings that matter for the numbers, e.g. shared_buffers, max_connections, fsync. */
    settings: z.record(z.string(), z.string()),
    port: z.number().int().positive().nullable(),
    cpus: z.string().nullable(),
    /** The host of a --hosts layout it ran on (its name in the hosts file); absent: the runner's machine. */
    host: z.string().optional(),
  })
  .strict();
export type Service = z.infer<typeof Service>;

// ---------------------------------------------------------------- workers

/**
 * One slice of a worker's time in a round (scripts/bench/workers.ts): the
 * member ran whole chunks of its test for about a quarter of a second and
 * reported the units it did and the seconds its own clock measured.
 */
export const WorkerSlice = z
  .object({
    round: count,
    /** The pass over the round's order this slice belongs to (0 = first). */
    pass: count,
    position: count,
    units: z.number().int().positive(),
    chunks: z.number().int().positive(),
    seconds: z.number().positive(),
    checksum: z.string(),
    /**
     * CPU time the worker's threads got during the slice (the kernel's
     * scheduler statistics), as the runner saw it; null where unreadable. Well
     * below `seconds`, other processes took the CPU for part of the slice.
     */
    cpu_seconds: nonNegative.nullable().optional(),
  })
  .strict();
export type WorkerSlice = z.infer<typeof WorkerSlice>;

/**
 * Instructions per unit of work under callgrind: two runs of the worker's
 * `count` command, at `units[0]` and `units[1]` units, and the difference of
 * their totals divided by the difference of the units (start-up cancels out).
 */
export const UnitInstructions = z
  .object({
    tool: z.literal('callgrind'),
    units: z.tuple([count, count]),
    /** Instruction totals of the two runs; null when a run could not be counted. */
    counts: z.tuple([count.nullable(), count.nullable()]),
    per_unit: z.number().nullable(),
    note: z.string().nullable(),
  })
  .strict();
export type UnitInstructions = z.infer<typeof UnitInstructions>;

/**
 * What a worker-timed cell was measured on: whole chunks of work units in a
 * long-lived process; `per_problem` units make the kernel's whole problem.
 */
const WorkUnit = z
  .object({
    /** What one unit is, e.g. "one step of advance()". */
    name: z.string(),
    per_problem: z.number().int().positive(),
  })
  .strict();

// ---------------------------------------------------------------- cpu

export const ProcessRepetition = z
  .object({
    wall_seconds: nonNegative,
    user_seconds: nonNegative.nullable(),
    sys_seconds: nonNegative.nullable(),
    max_rss_bytes: count.nullable(),
    ...placement,
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
        /** Worker-timed cells: instructions per work unit (count = per unit × units per problem). */
        per_unit: UnitInstructions.optional(),
      })
      .strict()
      .nullable(),
    /**
     * Worker-timed cells (no process start-up): the work unit, and every
     * slice of every round. Each repetition is then one round: its
     * wall_seconds = the round's seconds per unit × units per problem.
     */
    unit: WorkUnit.optional(),
    slices: z.array(WorkerSlice).optional(),
    /** Seconds per unit × the recorded clock (machine.cpu_mhz): clock cycles per unit, median round. */
    cycles_per_unit: nonNegative.nullable().optional(),
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
    /** Every sample of every process run, in order (for version 2, also grouped by run in `runs`). */
    samples_ns_per_op: z.array(nonNegative),
    /** Version 2: one entry per process run, each taken in a round. */
    runs: z
      .array(z.object({ ...placement, round: count, position: count, samples_ns_per_op: z.array(nonNegative).min(1) }).strict())
      .optional(),
    summary: z.object({ ns_per_op: Summary }).strict().nullable(),
    /** Cost of the harness loop alone, per iteration, measured the same way. */
    harness_overhead_ns_per_op: nonNegative.nullable(),
    /** Whether summary.ns_per_op already has the harness overhead subtracted. */
    overhead_subtracted: z.boolean(),
    /** Worker-timed cells: every slice of every round (each round's ns per op = its seconds ÷ its iterations). */
    slices: z.array(WorkerSlice).optional(),
    /** ns per op (median round) × the recorded clock (machine.cpu_mhz) ÷ 1000; null without a clock. */
    cycles_per_iteration: nonNegative.nullable().optional(),
    /** Instructions per iteration under callgrind (C, C++, Rust, Go, CPython); absent for JIT runtimes. */
    instructions: UnitInstructions.nullable().optional(),
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
    /**
     * The comparison group whose rounds the cell shares, when it spans several
     * implementations (every runtime of one manifest: src/lib/threads-members.ts);
     * absent: the implementation's own modes.
     */
    rounds_group: ImplId.optional(),
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
  .discriminatedUnion('suite', [HttpCell, CpuCell, OpsCell, ThreadsCell, BuildCell, StackCell])
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
    /** The clock /proc/cpuinfo reports: under a hypervisor the nominal one. */
    cpu_mhz: z.number().positive().nullable(),
    /**
     * The clock measured on the pinned CPUs when the run started (a chain of
     * one-cycle adds, the fastest of 40 repetitions spread over about 2.5 s;
     * scripts/bench/clock.ts), in runs with the cpu or ops suite.
     * Cycles per operation are computed from it. Absent in older runs.
     */
    cpu_mhz_measured: z.number().positive().nullable().optional(),
    memory_bytes: count,
    os: z.string(),
    kernel: z.string(),
    cpu_governor: z.string().nullable(),
    virtualization: z.string().nullable(),
  })
  .strict();
export type Machine = z.infer<typeof Machine>;

const Toolchain = z
  .object({ version: z.string(), command: z.string() })
  .strict();

/**
 * The exact runtime a member ran on: its version as the program reports it,
 * the build flags that change its speed, and where it came from. Members of
 * one manifest share `of`: its default (today's runtime, the manifest's own
 * commands and id) and one member per vintage (id `<of>-<version>`, e.g.
 * cpython-3-7, go-1-13, cpython-3-13t, cpython-3-13-pyenv).
 */
export const RuntimeBuild = z
  .object({
    /** The spec it was measured as; for the default, the version the program reported (major.minor). */
    spec: RuntimeSpec,
    /** The manifest id of the implementation it runs. */
    of: ImplId,
    /** True for the runtime the manifest's commands name as written (today's); false for a vintage. */
    default: z.boolean(),
    /** As the program reports it: "3.7.16", "1.13.15", "12.22.12", "25.0.1". */
    version: z.string(),
    /** Build choices that change speed: "PGO", "LTO", "--disable-gil", "-O3"…; empty when there are none or they are not known. */
    flags: z.array(z.string()),
    origin: z.enum(RUNTIME_ORIGINS),
    /** The program that ran, as an absolute path. */
    program: z.string(),
    /** Where it came from in words, e.g. "pyenv 3.7.16 (configured without PGO or LTO)", "Debian package python3.11-minimal 3.11.2-6+deb12u6". */
    detail: z.string(),
  })
  .strict();
export type RuntimeBuild = z.infer<typeof RuntimeBuild>;

export const Implementation = z
  .object({
    suite: SuiteId,
    language: z.string(),
    runtime: z.string(),
    /** Repository path of the source, e.g. "bench/http/go". */
    source_dir: z.string(),
    libraries: z.record(z.string(), z.string()),
    workers: z.number().int().positive().nullable(),
    /** Ahead-of-time compiled implementations: the compiler as it ran, with its version and flags. */
    compiler: z
      .object({ command: z.string(), version: z.string().nullable(), flags: z.array(z.string()) })
      .strict()
      .nullable()
      .optional(),
    /** The runtime it ran on, when its manifest lists runtimes (absent in older runs). */
    runtime_build: RuntimeBuild.optional(),
  })
  .strict();
export type Implementation = z.infer<typeof Implementation>;

const HostProbeSettings = z
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
type HostProbeSettings = z.infer<typeof HostProbeSettings>;

const STOP_REASONS = ['precision', 'budget', 'max_rounds', 'interrupted', 'members_failed'] as const;

/** A ratio's interval as the runner saw it when it stopped (the site recomputes it from the samples). */
const RatioPrecision = z
  .object({
    of: ImplId,
    to: ImplId,
    value: z.number().positive(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    /** Relative half-width of the interval (0.05 = ±5 %); null without an interval. */
    half_width: nonNegative.nullable(),
    /** Rounds this ratio took part in. */
    rounds: count.optional(),
    /**
     * When it stopped short of the target: about how many rounds the target
     * would need at the spread seen (half-widths shrink with √rounds).
     */
    rounds_needed: count.nullable().optional(),
  })
  .strict();
type RatioPrecision = z.infer<typeof RatioPrecision>;

/**
 * One comparison group: the implementations of one test measured in the same
 * interleaved rounds. Cells of a group pair up round by round.
 */
export const Comparison = z
  .object({
    suite: SuiteId,
    test: z.string(),
    members: z.array(ImplId).min(1),
    /** Ratios to this member decide when the rounds stop. */
    reference: ImplId,
    /** Seed of the rounds' random orders (derived from the run id and the group). */
    order_seed: z.number().int().nonnegative(),
    rounds: z
      .array(z.object({ index: count, order: z.array(ImplId), started_at: isoTime, finished_at: isoTime }).strict()),
    stop: z.object({ reason: z.enum(STOP_REASONS), detail: z.string() }).strict(),
    precision: z.array(RatioPrecision),
    /** Wall time spent in rounds. */
    seconds: nonNegative,
  })
  .strict();
export type Comparison = z.infer<typeof Comparison>;

/** How intervals and stopping were computed (src/lib/statistics.ts). */
const StatisticsSettings = z
  .object({
    /** How per-round ratios become one ratio, e.g. "biweight". */
    estimator: z.string(),
    confidence_level: z.number().gt(0).lt(1),
    bootstrap_replicates: z.number().int().positive(),
    bootstrap_seed: z.number().int(),
    /** Target relative half-width of every ratio to a group's reference, per suite. */
    precision_target: z.record(z.string(), z.number().positive()),
    budget_seconds: z.number().positive(),
    min_rounds: z.number().int().positive(),
    max_rounds: z.number().int().positive(),
    /** --slice: the length of one timed HTTP load; in runs timed by the slicer (load_generator.timed), of one warm-up load. */
    http_slice_seconds: z.number().positive().nullable(),
  })
  .strict();
type StatisticsSettings = z.infer<typeof StatisticsSettings>;

/** The A/A check: one implementation measured under two names; its ratio's interval should contain 1. */
export const AaResult = z
  .object({
    suite: SuiteId,
    test: z.string(),
    impl: ImplId,
    twin: ImplId,
    value: z.number().positive(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    contains_one: z.boolean().nullable(),
  })
  .strict();
export type AaResult = z.infer<typeof AaResult>;

/**
 * What a run's HTTP latencies are. raw: each request's own time, send to
 * response (the slicer). corrected: after wrk's coordinated-omission
 * correction (`stats_correct()`), which adds the samples a fixed-rate schedule
 * would have seen and raises the tail under load. The two are not comparable.
 */
const LATENCY_SEMANTICS = ['raw', 'corrected'] as const;
export type LatencySemantics = (typeof LATENCY_SEMANTICS)[number];

/**
 * Process layout randomised per round (Mytkowicz et al., ASPLOS 2009): what
 * varies, and within which bounds, so that layout bias becomes variance the
 * intervals see. Drawn from `seed` (derived from the run id).
 */
export const LayoutSettings = z
  .object({
    /** What is randomised, in words, e.g. "environment size (padding variable)". */
    randomised: z.array(z.string()),
    env_padding_bytes: z.tuple([count, count]),
    argv0_padding_bytes: z.tuple([count, count]),
    cwd_padding_bytes: z.tuple([count, count]),
    seed: count,
    /** Suites whose processes get it. */
    suites: z.array(SuiteId),
  })
  .strict();
export type LayoutSettings = z.infer<typeof LayoutSettings>;

const RunSettings = z
  .object({
    load_generator: z
      .object({
        tool: z.literal('wrk'),
        version: z.string().nullable(),
        script: z.string(),
        /**
         * The semantics of the timed loads' latencies (LATENCY_SEMANTICS). Absent in runs made
         * before it was recorded, which had what their load generator gave: 'raw' when the slicer
         * timed them (`timed`), 'corrected' when wrk did (src/lib/latency-semantics.ts).
         */
        latency: z.enum(LATENCY_SEMANTICS).optional(),
        /** Runs since sub-second slices: the program that loads the timed slices (wrk then only warms up and loads for memory). */
        timed: z
          .object({
            tool: z.literal('slicer'),
            source: z.string(),
            /**
             * How a slice's rate is counted: 'overlap', every request by the share of its life
             * inside the window; absent (the first sliced runs), the responses that ended inside it.
             */
            rate: z.literal('overlap').optional(),
            /** Largest relative error of a reported latency percentile (the slicer's histogram); absent: exact (before it was recorded). */
            latency_percentile_error: z.number().positive().lt(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .nullable(),
    /** CPUs given to servers/programs and to the load generator (taskset lists), null if unpinned. */
    server_cpus: z.string().nullable(),
    client_cpus: z.string().nullable(),
    /** CV above which a cell is flagged noisy. */
    noisy_cv_threshold: z.number().positive(),
    /** Version 1 only: the HTTP suite's host probe; null when it was off or could not run. */
    host_probe: HostProbeSettings.nullable().optional(),
    /** Version 2: rounds, intervals and stopping. */
    statistics: StatisticsSettings.optional(),
    /** Runs since workers: what of the process layout is randomised per round. */
    layout: LayoutSettings.optional(),
    /** Runs since workers: the length of a worker slice, seconds (a member whose one chunk takes longer gets that). */
    worker_slice_seconds: z.number().positive().optional(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .strict();
type RunSettings = z.infer<typeof RunSettings>;

/** A host of a --hosts layout as the run records it. */
export const RunHost = z
  .object({
    name: z.string(),
    roles: z.array(z.enum(['server', 'client', 'database'])),
    address: z.string(),
    /** `user@host:port`, null for the machine the runner ran on. */
    ssh: z.string().nullable(),
    cpus: z.string().nullable(),
    machine: Machine,
    toolchains: z.record(z.string(), Toolchain),
    /** Its clock minus the runner's, corrected for half the round trip. */
    clock_skew_seconds: z.number().nullable(),
  })
  .strict();
export type RunHost = z.infer<typeof RunHost>;

export const NetworkPath = z
  .object({
    from: z.string(),
    to: z.string(),
    /** ICMP round trip (ping), ms. */
    rtt_ms: z.object({ min: nonNegative, avg: nonNegative, max: nonNegative }).strict().nullable(),
    /** Bulk TCP throughput from client to server (iperf3), bits per second. */
    throughput_bits_per_second: nonNegative.nullable(),
    /** What could not be probed, and why. */
    notes: z.array(z.string()),
  })
  .strict();
export type NetworkPath = z.infer<typeof NetworkPath>;

export const RUN_MODES = ['full', 'quick', 'partial'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const Run = z
  .object({
    schema_version: z.union([z.literal(1), z.literal(RUN_SCHEMA_VERSION)]),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    /**
     * full: every implementation and test of the suites it covers; quick: a
     * short smoke run; partial: limited by --impl or --test. Only full runs
     * become the site's default.
     */
    mode: z.enum(RUN_MODES),
    /** The suites this run measured; absent in runs made before it was recorded (see settings.options.suite). */
    suites: z.array(SuiteId).optional(),
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
    /** Version 2: the interleaved rounds of every comparison group. */
    comparisons: z.array(Comparison).optional(),
    /** Version 2: the A/A check, when one was asked for (`--aa`). */
    aa: z.array(AaResult).optional(),
    /** The services the web-stack suite started (absent when it did not run). */
    services: z.array(Service).optional(),
    /** With --hosts: every host of the layout, its machine card and toolchains. */
    hosts: z.array(RunHost).optional(),
    /** With --hosts: the network between load generator and server, probed before measuring. */
    network: NetworkPath.nullable().optional(),
  })
  .strict();
export type Run = z.infer<typeof Run>;

export type CellOf<S extends SuiteId> = Extract<Cell, { suite: S }>;
