/**
 * What the runner needs of a suite, in one interface: every suite is a module
 * of this folder that exports one `Suite`, listed in `index.ts`, and bench.ts
 * plans, checks and runs the suites by looping over that list. Adding a suite
 * is described in scripts/bench/README.md ("Add a suite").
 */
import type { SuiteId } from '../../../src/schemas/run.ts';
import type { CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import type { GroupPlan } from '../groups.ts';
import type { Planned } from '../progress.ts';
import type { Missing, RUNNER_TOOLS } from '../requirements.ts';
import type { Session } from '../session.ts';

/** The suites whose implementations have manifests (bench/<suite>/<name>/manifest.json). */
type ManifestSuite = Impl['suite'];

/** What a suite's `plan` gets: its groups, its implementations and how many seconds each group's rounds may take. */
interface PlanContext {
  groups: readonly GroupPlan[];
  /** The suite's implementations, those that cannot run too (the build suite plans its cells from them). */
  impls: readonly Impl[];
  tests: string[] | null;
  quick: boolean;
  /** Seconds of rounds a group is planned to take (its share of --budget, or --rounds). */
  budgetSeconds(g: GroupPlan): number;
}

/** How a round-based suite measures: its default precision target and its share of --budget. */
interface RoundsPolicy {
  /** Default target half-width of every ratio's 95 % interval (0.05 = ±5 %); --precision overrides it. */
  precision: number;
  /** Share of --budget, normalised over the suites of the run. */
  budgetShare: number;
  /** Seconds one member's sample takes in a quick run (for the ETA of --rounds). */
  quickSampleSeconds: number;
}

export interface Suite {
  id: SuiteId;
  /** Whose manifests it measures: its own, or (the build suite) the HTTP servers'. */
  manifests: ManifestSuite;
  /** Its tests, in the order they run: a list of src/schemas/run.ts, the one source of test names. */
  tests: readonly string[];
  /** Part of `--suite all` (the web-stack suite runs only on its own). */
  inAll: boolean;
  /** Interleaved rounds (groups.ts, rounds.ts), or null for a suite that times repetitions (build). */
  rounds: RoundsPolicy | null;
  /** The HTTP load generator: wrk and the slicer (cc) must be installed, the run records them, and servers may sit on other hosts. */
  loadGenerator: boolean;
  /** Worker processes timed in slices (workers.ts): the run measures the CPU's clock and records the slice length. */
  workers: boolean;
  /** Its processes use every CPU (unpinned): the run locks all of them. */
  everyCpu: boolean;
  /** Its processes get a random layout per round (process-layout.ts). */
  randomLayout: boolean;
  /** Versions of the runner's tools the run records when this suite runs. */
  toolVersions: ReadonlyArray<keyof typeof RUNNER_TOOLS>;
  /** `--impl RUNTIME` also picks every implementation of that runtime (CPython's HTTP deployments). */
  implByRuntime: boolean;
  /** Whether an implementation that cannot run (null: a folder whose manifest is invalid) gets a skipped cell for `test`. */
  hasTest(impl: Impl | null, test: string): boolean;
  /** What an implementation needs beyond its manifest's `requires` (a web stack's PostgreSQL), or null. */
  missing?(impl: Impl): Missing | null;
  /** Checks the files the suite reads before anything is started; throws a UserError naming the file and the fix. */
  preflight?(dirs: { benchDir: string; dataDir: string }): void;
  /** The comparison groups of its runnable implementations (spanRuntimes: a vintage run, whose runtimes of one manifest may share a group). */
  groups(impls: readonly Impl[], tests: string[] | null, aa: string | null, spanRuntimes: boolean): GroupPlan[];
  /** The cells it will record, with their estimated seconds. */
  plan(ctx: PlanContext): Planned[];
  /** Measures its cells and records them in the session. */
  run(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void>;
  /** Stops what it started outside the runner's process groups (a database) on Ctrl-C, and on exit. */
  cleanUp?: { async(): Promise<void>; sync(): void };
}

/** The cells of a group's members, each with the group's rounds shared out plus what it takes besides (builds, checks, warm-ups). */
export function planGroups(groups: readonly GroupPlan[], budgetSeconds: (g: GroupPlan) => number, overheadSeconds: number, cellOf: (g: GroupPlan, member: string) => CellId): Planned[] {
  return groups.flatMap((g) => {
    const est = budgetSeconds(g) / g.members.length + overheadSeconds;
    return g.members.map((m) => ({ id: cellOf(g, m), estimateSeconds: est }));
  });
}

/** The cell of a member of a group of one test: the member is the implementation. */
export function memberCell(g: GroupPlan, member: string): CellId {
  return { suite: g.suite, impl: member, test: g.tests[0]! };
}

/** Every test of a suite, or those --test selects. */
export function selectedTests<T extends string>(all: readonly T[], tests: string[] | null): T[] {
  return all.filter((t) => !tests || tests.includes(t));
}
