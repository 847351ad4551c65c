/**
 * Instructions per unit of work under callgrind: the worker runs `count <test>
 * n1` in one process and `count <test> n2` in another, each under
 * `valgrind --tool=callgrind`; (I2 − I1) ÷ (n2 − n1) cancels start-up and the
 * protocol's own cost. Counts are exact and independent of the host's speed,
 * which makes them the noise-free cross-check of the timed figures.
 */
import type { UnitInstructions } from '../../src/schemas/run.ts';
import { Worker, WorkerError } from './workers.ts';

const CALLGRIND_TIMEOUT_MS = 10 * 60 * 1000;

/** The instruction total from callgrind's stderr ("==123== Collected : 123456"). */
export function parseCallgrindTotal(stderr: string): number | null {
  const m = /Collected\s*:\s*(\d+)/.exec(stderr) ?? /^==\d+==\s+I\s+refs:\s+([\d,]+)/m.exec(stderr);
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

/** Instructions per unit from two totals; null when either is missing or the units do not differ. */
export function perUnit(units: readonly [number, number], counts: readonly [number | null, number | null]): number | null {
  const [a, b] = counts;
  if (a === null || b === null || units[1] === units[0]) return null;
  return (b - a) / (units[1] - units[0]);
}

export interface CountRun {
  argv: readonly string[];
  cwd: string;
  env?: Record<string, string>;
  cpus: string | null;
  name: string;
}

/** One `count` under callgrind: the process's instruction total, or why there is none. */
async function countedTotal(w: CountRun, test: string, n: number): Promise<{ total: number | null; note: string | null }> {
  try {
    const worker = await Worker.start({
      argv: ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', ...w.argv],
      cwd: w.cwd,
      ...(w.env ? { env: w.env } : {}),
      cpus: w.cpus,
      readyTimeoutMs: CALLGRIND_TIMEOUT_MS,
      name: `${w.name} under callgrind`,
    });
    await worker.count(test, n, CALLGRIND_TIMEOUT_MS);
    const { code, stderr } = await worker.quitAndWait(60000);
    if (code !== 0) return { total: null, note: `${w.name} under callgrind exited with code ${code}` };
    const total = parseCallgrindTotal(stderr);
    return { total, note: total === null ? 'no "Collected" total in callgrind output' : null };
  } catch (e) {
    if (!(e instanceof WorkerError)) throw e;
    return { total: null, note: e.message };
  }
}

async function counted(w: CountRun, test: string, units: readonly [number, number]): Promise<UnitInstructions> {
  const first = await countedTotal(w, test, units[0]);
  const second = first.total === null ? first : await countedTotal(w, test, units[1]);
  const counts: [number | null, number | null] = [first.total, second.total];
  return { tool: 'callgrind', units: [units[0], units[1]], counts, per_unit: perUnit(units, counts), note: first.note ?? second.note ?? null };
}

/**
 * Instructions per unit from `count` at units[0] and units[1]. Valgrind itself
 * sometimes aborts on a runtime's heap (Go's, at a few hundred thousand
 * allocations): the pair is tried once more at half the units, and the note
 * says so.
 */
export async function unitInstructions(w: CountRun, test: string, units: readonly [number, number]): Promise<UnitInstructions> {
  const full = await counted(w, test, units);
  if (full.per_unit !== null || units[1] < 2) return full;
  const half = await counted(w, test, [Math.floor(units[0] / 2), Math.floor(units[1] / 2)]);
  if (half.per_unit === null) return full;
  return { ...half, note: `counted at half the units: at ${units[0]} and ${units[1]}, ${full.note ?? 'no count'}`.slice(0, 400) };
}

/**
 * Runs `job` for every item, at most `limit` at once, results in order. Counts
 * under callgrind do not depend on the CPU's speed or on what else runs, so
 * they run unpinned, one per CPU, after a group's rounds.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}
