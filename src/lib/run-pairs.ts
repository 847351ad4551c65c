/**
 * Which runs the runs pages compare. A comparison page is rendered for a
 * bounded set of ordered pairs, so pages and build time grow linearly with
 * the runs: each run against the active run of its suites (the active run for
 * the main suites, the active web-stack run for a stack run) and against the
 * previous run of its machine that shares cells with it. Only runs that share
 * cells are compared at all. Any other pair is reachable from the picker on
 * /runs/compare/ (it loads the two run files in the browser).
 * A pair (A, B) reads "B against A": ratios above 1 = faster on B.
 */
import type { Run } from '../schemas/run.ts';
import { suitesOfRun, type LoadedRun, type SiteRuns } from './runs.ts';

/** `runs/compare/<A id>/<B id>/` (run ids are [A-Za-z0-9._-], safe in a path). */
export function comparePath(a: Pick<Run, 'id'>, b: Pick<Run, 'id'>): string {
  return `runs/compare/${a.id}/${b.id}/`;
}

/** One machine as the runs index groups runs: host name, CPU model and its cores. */
export function machineKey(run: Run): string {
  const m = run.machine;
  return `${m.hostname}\u0000${m.cpu_model}\u0000${m.cpu_cores}/${m.cpu_threads}`;
}

/** The cells a reader compares: A/A twins are a check of the run, not an implementation. */
function shownCellKeys(run: Run): Set<string> {
  return new Set(run.cells.filter((c) => !c.twin_of).map((c) => `${c.suite}/${c.impl}/${c.test}`));
}

const keyCache = new WeakMap<Run, Set<string>>();
function keysOf(run: Run): Set<string> {
  let keys = keyCache.get(run);
  if (!keys) keyCache.set(run, (keys = shownCellKeys(run)));
  return keys;
}

/** How many cells both runs measured. */
export function sharedCells(a: Run, b: Run): number {
  const kb = keysOf(b);
  let n = 0;
  for (const k of keysOf(a)) if (kb.has(k)) n++;
  return n;
}

/** The run a run is compared with by default: the active run of its suites (a stack-only run: the active web-stack run). */
export function activeFor<R extends { run: Run }>(run: Run, site: { active: R | null; stack: R | null }): R | null {
  const stackOnly = suitesOfRun(run).every((s) => s === 'stack');
  return stackOnly ? site.stack : site.active;
}

/** The newest run of the same machine started before `run` that shares cells with it, or null. */
export function previousOnMachine<R extends { run: Run }>(run: Run, runs: readonly R[]): R | null {
  const key = machineKey(run);
  const earlier = runs
    .filter((r) => r.run !== run && machineKey(r.run) === key && r.run.started_at < run.started_at && sharedCells(r.run, run) > 0)
    .sort((x, y) => y.run.started_at.localeCompare(x.run.started_at));
  return earlier[0] ?? null;
}

type PairKind = 'active' | 'previous';

export interface RunPair<R> {
  /** The reference (the active run, or the previous run of the machine). */
  a: R;
  /** The run compared with it. */
  b: R;
  /** Why the pair is rendered; a pair both rules give is rendered once, as "active". */
  kinds: PairKind[];
}

/**
 * The comparison pages to render: for each run, (active run of its suites, run)
 * and (previous run of its machine, run), when they share cells; at most two
 * per run, so their number grows linearly with the runs.
 */
export function comparisonPairs(site: SiteRuns): Array<RunPair<LoadedRun>> {
  const pairs = new Map<string, RunPair<LoadedRun>>();
  const add = (a: LoadedRun | null, b: LoadedRun, kind: PairKind) => {
    if (!a || a === b || a.run.id === b.run.id || sharedCells(a.run, b.run) === 0) return;
    const key = `${a.run.id}\u0000${b.run.id}`;
    const found = pairs.get(key);
    if (found) found.kinds.push(kind);
    else pairs.set(key, { a, b, kinds: [kind] });
  };
  for (const r of site.runs) {
    add(activeFor(r.run, site), r, 'active');
    add(previousOnMachine(r.run, site.runs), r, 'previous');
  }
  return [...pairs.values()];
}

const pairCache = new WeakMap<SiteRuns, Array<RunPair<LoadedRun>>>();

/** comparisonPairs of the site's runs, computed once per build. */
export function sitePairs(site: SiteRuns): Array<RunPair<LoadedRun>> {
  let hit = pairCache.get(site);
  if (!hit) pairCache.set(site, (hit = comparisonPairs(site)));
  return hit;
}

/** Whether the page of (a, b) is rendered. */
export function hasComparePage(site: SiteRuns, a: Run, b: Run): boolean {
  return sitePairs(site).some((p) => p.a.run === a && p.b.run === b);
}
