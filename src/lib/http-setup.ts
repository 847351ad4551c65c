/**
 * How a run loaded its HTTP servers (workers, CPUs, connections, length of a
 * timed load, rounds or repetitions), read from the run file, beside how the
 * 2019 essay did it. Pure functions of the run; <HttpSetup /> words them in
 * the page's language, and the then-vs-now table compares memory per process.
 */
import type { CellOf, Run } from '../schemas/run.ts';
import { HTTP_TESTS } from '../schemas/run.ts';
// Implementations in display order: the manifests' (src/lib/labels.ts), as in the charts.
import { byDisplayOrder } from './labels.ts';

/**
 * The 2019 setup, as the benchmarking essay states it (seed essay, section
 * "Benchmark Setup" and the memory list): `wrk -c 256 -d 15s -t 3`, lowered
 * to 64 connections for Python and PyPy; uWSGI ran eight processes for each of
 * them ("85MB * 8proc", "20MB * 8proc"), Go and Rust one process each; the
 * servers, wrk and other open applications shared every core of one desktop.
 * How many loads per server and test the essay does not say.
 */
export const SETUP_2019 = {
  wrkThreads: 3,
  connections: 256,
  pythonConnections: 64,
  sliceSeconds: 15,
  pythonProcesses: 8,
  nativeProcesses: 1,
} as const;

const PYTHONS = ['cpython', 'pypy'];

/** Server processes in 2019, for the memory figures of data/original-2019.json. */
export function processes2019(impl: string): number {
  return PYTHONS.includes(impl) ? SETUP_2019.pythonProcesses : SETUP_2019.nativeProcesses;
}


export interface ConnectionGroup {
  /** HTTP tests sharing this pattern, in the suite's order. */
  tests: string[];
  /** Connections most servers had on these tests. */
  connections: number;
  /** Servers that had another number. */
  exceptions: Array<{ connections: number; impls: string[] }>;
}

/**
 * Connections per test, folded into groups: per test, the number most servers
 * had and the servers that had another; tests with the same pattern together.
 */
export function connectionGroups(loads: Array<{ impl: string; test: string; connections: number }>): ConnectionGroup[] {
  const groups = new Map<string, ConnectionGroup>();
  for (const test of HTTP_TESTS) {
    const here = loads.filter((l) => l.test === test);
    if (here.length === 0) continue;
    const byCount = new Map<number, string[]>();
    for (const l of here) byCount.set(l.connections, [...(byCount.get(l.connections) ?? []), l.impl]);
    // The most common number; on a tie, the larger (the essay's 256 before Python's 64).
    const [main] = [...byCount.entries()].sort((a, b) => b[1].length - a[1].length || b[0] - a[0])[0]!;
    const exceptions = [...byCount.entries()]
      .filter(([n]) => n !== main)
      .sort((a, b) => b[0] - a[0])
      .map(([connections, impls]) => ({ connections, impls: byDisplayOrder(impls) }));
    const key = JSON.stringify([main, exceptions]);
    const group = groups.get(key);
    if (group) group.tests.push(test);
    else groups.set(key, { tests: [test], connections: main, exceptions });
  }
  return [...groups.values()];
}

/** The 2019 connections: 256 on every test, 64 for Python and PyPy. */
export function connections2019(): ConnectionGroup[] {
  return [{ tests: [...HTTP_TESTS], connections: SETUP_2019.connections, exceptions: [{ connections: SETUP_2019.pythonConnections, impls: byDisplayOrder(PYTHONS) }] }];
}

/** Number of CPUs in a taskset list such as "0-3,6"; null when it cannot be read. */
export function cpuCount(list: string): number | null {
  let n = 0;
  for (const part of list.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    if (high < low) return null;
    n += high - low + 1;
  }
  return n;
}

export interface Span {
  low: number;
  high: number;
}

const span = (values: number[]): Span | null => (values.length ? { low: Math.min(...values), high: Math.max(...values) } : null);

type HttpTiming =
  /** Version 2: interleaved rounds per test. */
  | {
      kind: 'rounds';
      sliceSeconds: Span | null;
      rounds: Span;
      /** The implementations ratios were taken against (normally one). */
      references: string[];
      /** Target relative half-width of those ratios (0.05 = ±5 %), and the time budget. */
      precision: number | null;
      budgetSeconds: number | null;
    }
  /** Version 1: one block of repetitions per server and test. */
  | { kind: 'repetitions'; sliceSeconds: Span | null; repetitions: Span };

export interface HttpSetup {
  /** Workers of each server as the run recorded them (null: not recorded). */
  workers: Array<{ impl: string; workers: number | null }>;
  serverCpus: string | null;
  clientCpus: string | null;
  wrkThreads: Span | null;
  connections: ConnectionGroup[];
  timing: HttpTiming;
}

/** The HTTP cells of a run, without A/A twins. */
function httpCells(run: Run): Array<CellOf<'http'>> {
  return run.cells.filter((c): c is CellOf<'http'> => c.suite === 'http' && !c.twin_of);
}

/** The run's HTTP setup; null when it has no HTTP cell with its load recorded. */
export function httpSetup(run: Run): HttpSetup | null {
  const cells = httpCells(run).filter((c) => c.load !== null);
  if (cells.length === 0) return null;
  const loads = cells.map((c) => ({ impl: c.impl, test: c.test, ...c.load! }));
  const impls = byDisplayOrder(cells.map((c) => c.impl));
  const workers = impls.map((impl) => ({ impl, workers: run.implementations[`http/${impl}`]?.workers ?? null }));
  const stats = run.settings.statistics;
  const groups = (run.comparisons ?? []).filter((g) => g.suite === 'http');
  // The loads say how long each timed slice was (since the slicer, per member); the setting is the fallback.
  const slices = span(loads.map((l) => l.duration_seconds)) ?? (stats?.http_slice_seconds ? { low: stats.http_slice_seconds, high: stats.http_slice_seconds } : null);
  const timing: HttpTiming = groups.length
    ? {
        kind: 'rounds',
        sliceSeconds: slices,
        rounds: span(groups.map((g) => g.rounds.length))!,
        references: byDisplayOrder(groups.map((g) => g.reference)),
        precision: stats?.precision_target.http ?? null,
        budgetSeconds: stats?.budget_seconds ?? null,
      }
    : { kind: 'repetitions', sliceSeconds: slices, repetitions: span(cells.map((c) => c.repetitions.length))! };
  return {
    workers,
    serverCpus: run.settings.server_cpus,
    clientCpus: run.settings.client_cpus,
    wrkThreads: span(loads.map((l) => l.threads)),
    connections: connectionGroups(loads),
    timing,
  };
}

export interface ServerMemory {
  impl: string;
  /** Whole process tree under load (PSS when the run has it, RSS otherwise), in MiB. */
  totalMib: number;
  processes: number;
  perProcessMib: number;
}

const MIB = 1024 * 1024;

/** Memory of one server while encoding JSON (the test the 2019 essay reported), or null. */
export function serverMemory(run: Run | null, impl: string): ServerMemory | null {
  const cell = run ? httpCells(run).find((c) => c.impl === impl && c.test === 'json') : undefined;
  if (!cell || cell.status !== 'ok' || !cell.memory) return null;
  const totalMib = (cell.memory.peak_pss_bytes ?? cell.memory.peak_rss_bytes) / MIB;
  return { impl, totalMib, processes: cell.memory.processes, perProcessMib: totalMib / cell.memory.processes };
}

/** The lightest and the heaviest server while encoding JSON; null with fewer than two measured. */
export function memoryExtremes(run: Run | null): { lightest: ServerMemory; heaviest: ServerMemory } | null {
  if (!run) return null;
  const all = byDisplayOrder(httpCells(run).map((c) => c.impl))
    .map((impl) => serverMemory(run, impl))
    .filter((m): m is ServerMemory => m !== null)
    .sort((a, b) => a.totalMib - b.totalMib);
  return all.length >= 2 ? { lightest: all[0]!, heaviest: all.at(-1)! } : null;
}

/** 2019's memory figures were published in MB (10⁶ bytes); shown beside today's in MiB. */
export const MB_IN_MIB = 1e6 / MIB;
