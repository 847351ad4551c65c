/**
 * Implementation manifests: `bench/<suite>/<name>/manifest.json`.
 *
 * The runner discovers implementations by globbing these files, so adding one
 * touches no runner code. A runtime variant (PyPy beside CPython) is declared
 * in `variants`, never copied. The site reads manifests too, to show each
 * implementation's source on the methodology page.
 *
 * Commands are argv arrays (no shell), run with the manifest's folder as cwd.
 * Placeholders substituted by the runner: {port} {bind} {workers} {n} {iterations}
 * {samples} {mode} {cores}; in stack manifests also {pg_port} {redis_port}
 * {pg_socket_dir} {work_dir} (bench/stack/README.md); in manifests that list
 * `runtimes`, {python} {go} {node} {java} {javac} (the member's runtime).
 */
import { z } from 'zod';
import { ImplId, RuntimeSpec, STACK_TESTS, SuiteId } from './run.ts';

const Argv = z.array(z.string()).min(1);

/** A tool the implementation needs; when `check` fails the cells are skipped with `install`. */
const Requirement = z
  .object({
    tool: z.string(),
    check: Argv,
    install: z.string(),
  })
  .strict();

/**
 * How the site shows an implementation (optional): its name in each language
 * (one string for every language, or { "en": …, "es": … } with the default
 * language's), where it stands in charts and tables (lower first), and its
 * runtime family, which gives its colour on every chart (deployments of one
 * family share the hue in shades: src/lib/charts/colours.ts). Without it the
 * site shows the id. A variant inherits it like any field: give each variant
 * a display block of its own.
 */
export const Display = z
  .object({
    name: z.union([z.string().min(1), z.object({ en: z.string().min(1) }).catchall(z.string().min(1))]),
    order: z.number().int().nonnegative(),
    family: z.string().regex(/^[a-z][a-z0-9]*$/, 'a lower-case word, e.g. "cpython"'),
  })
  .strict();
export type Display = z.infer<typeof Display>;

const commonFields = {
  language: z.string(),
  runtime: z.string(),
  /** Prints the runtime's version, e.g. ["go", "version"]. */
  version_command: Argv,
  /** Prints a JSON object {library: version} of what the implementation uses; null if none. */
  libraries_command: Argv.nullable().default(null),
  requires: z.array(Requirement).default([]),
  /** Run in order before anything is measured; empty for interpreted code. */
  build: z.array(Argv).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /** Source files shown on the methodology page, relative to the manifest. */
  sources: z.array(z.string()).min(1),
  /** Name, chart order and colour family on the site (see Display); optional. */
  display: Display.optional(),
  /**
   * A JIT runtime (PyPy, the JVM, V8): warmed up until its speed settles before
   * anything is timed, and no instruction counts. Absent: false.
   */
  jit: z.boolean().default(false),
};

const HttpFields = {
  /**
   * Command that starts the server on {bind}:{port} with {workers} workers. {bind} (also in the
   * environment as DIEZMIL_BIND) is 127.0.0.1, or the server host's address with --hosts.
   */
  start: Argv,
  /** "cores" = one worker per CPU given to the server. */
  workers: z.union([z.literal('cores'), z.number().int().positive()]),
  /** wrk connections; the essay used 256, and 64 for CPython and PyPy. */
  connections: z.number().int().positive(),
  /**
   * The runtime this server is a deployment of, for the essays: a metric id
   * that names a runtime (`http.cpython.json.rps`) takes, on each test, the
   * fastest deployment whose manifest names that runtime here. Absent (null),
   * the implementation is never quoted as its runtime, whatever its `runtime`
   * says: a new server joins that choice only by naming it (CONTRIBUTING.md).
   */
  deployment_of: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/, 'a runtime id as metric ids use it, e.g. "cpython"')
    .nullable()
    .default(null),
  /** For the build-time suite: how to make the next build cold, and which file to touch for an incremental one. */
  build_bench: z
    .object({ clean: z.array(Argv), touch: z.string() })
    .strict()
    .nullable()
    .default(null),
};

/** Services the runner starts for a web stack besides PostgreSQL (bench/stack/README.md). */
const STACK_SERVICES = ['redis'] as const;

const StackFields = {
  ...HttpFields,
  /** The tests the stack implements (bench/stack/README.md); the runner measures only these. */
  tests: z.array(z.enum(STACK_TESTS)).min(1),
  /** Services it needs besides PostgreSQL, which every stack gets. */
  services: z.array(z.enum(STACK_SERVICES)).default([]),
};

const CpuFields = {
  /** Kernel id → argv; {n} is the size, {iterations} the in-process repetitions (JIT warm-up). */
  kernels: z.record(z.string(), Argv),
  /** Whether instruction counts under callgrind are meaningful (false for JIT runtimes). */
  callgrind: z.boolean(),
  /**
   * Kernel id → argv of a long-lived worker for it (bench/README.md, "Workers"):
   * {n} is the problem size, {start} the work unit its state starts at (a random
   * one per round, for kernels whose units cost unequal amounts). Absent: the
   * kernel is timed as whole processes.
   */
  worker: z.record(z.string(), Argv).optional(),
  /** Ahead-of-time compiled kernels: the compiler and the flags every `build` command gives it (check.sh verifies that); null otherwise. */
  compiler: z
    .object({ command: z.string(), flags: z.array(z.string()) })
    .strict()
    .nullable()
    .default(null),
};

const OpsFields = {
  /** Prints one JSON line per operation (see bench/README.md). */
  run: Argv,
  /** A long-lived worker that times every operation on command over stdin/stdout (bench/README.md, "Workers"). */
  worker: Argv.optional(),
};

const ThreadsFields = {
  /** Runs the CPU-bound task: {mode} single|threads|processes, {workers}. */
  run: Argv,
};

/**
 * The runtimes the implementation is measured under (scripts/bench/runtimes/README.md).
 * `default` is what its commands run as written (today's runtime: the member
 * keeps the manifest's id and commands); each vintage is one more member,
 * id `<id>-<version>` (cpython-3-7, go-1-13, cpython-3-13t), whose commands
 * name that runtime's program instead: the program word of every command
 * (`/usr/bin/python3`, `go`, `java`, `javac`, `../../../node_modules/.bin/node`)
 * and the placeholders {python} {go} {node} {java} {javac}. Not in variants.
 */
export const ManifestRuntimes = z
  .object({
    default: RuntimeSpec,
    vintages: z.array(RuntimeSpec).default([]),
  })
  .strict();
export type ManifestRuntimes = z.infer<typeof ManifestRuntimes>;

function manifestFor<S extends z.infer<typeof SuiteId>, F extends z.ZodRawShape>(suite: S, fields: F) {
  const base = z.object({ id: ImplId, suite: z.literal(suite), ...commonFields, ...fields });
  // A variant overrides any field but the suite and must name itself. Its fields
  // carry no defaults, so that what it leaves out is inherited, not reset.
  const variantShape = Object.fromEntries(
    Object.entries({ ...commonFields, ...fields }).map(([key, schema]) => [
      key,
      ((schema instanceof z.ZodDefault ? schema.unwrap() : schema) as z.ZodType).optional(),
    ]),
  );
  const variant = z.object({ id: ImplId, ...variantShape }).strict();
  return base.extend({ variants: z.array(variant).default([]), runtimes: ManifestRuntimes.nullable().default(null) }).strict();
}

/** The manifest as the runner uses it: one entry per implementation, variants resolved. */
export function expandVariants<M extends { id: string; variants: Array<{ id: string }> }>(
  manifest: M,
): Array<Omit<M, 'variants'> & { variant_of: string | null }> {
  const { variants, ...base } = manifest;
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return [
    { ...base, variant_of: null },
    ...variants.map((v) => ({ ...base, ...defined(v), variant_of: base.id })),
  ];
}

export const HttpManifest = manifestFor('http', HttpFields);
export const CpuManifest = manifestFor('cpu', CpuFields);
export const OpsManifest = manifestFor('ops', OpsFields);
export const ThreadsManifest = manifestFor('threads', ThreadsFields);
export const StackManifest = manifestFor('stack', StackFields);

export const Manifest = z.discriminatedUnion('suite', [HttpManifest, CpuManifest, OpsManifest, ThreadsManifest, StackManifest]);
export type Manifest = z.infer<typeof Manifest>;
export type HttpManifest = z.infer<typeof HttpManifest>;
export type CpuManifest = z.infer<typeof CpuManifest>;
export type OpsManifest = z.infer<typeof OpsManifest>;
export type ThreadsManifest = z.infer<typeof ThreadsManifest>;
export type StackManifest = z.infer<typeof StackManifest>;
