/**
 * Plausibility of a run's figures, beyond what the schema can say: a value
 * the schema accepts (1e308 req/s is a number ≥ 0) may still be impossible on
 * any machine, and would reach essays, charts and claims as a 309-digit rate.
 * Each problem names the JSON path; the build and `npm run validate` reject
 * the file (src/lib/runs.ts). The bounds are far from anything measured
 * (the project's runs: at most 170,000 req/s, 0.24 ns per operation at
 * 2.6 GHz, 5 s of latency), so only an error or an edit reaches them.
 *
 * Also: a cell recorded twice (the site would silently use one), and a file
 * too large for the site to build from in reasonable time.
 */
import type { Run } from '../schemas/run.ts';
import { cellKey } from './cell-ids.ts';

/** Largest run file accepted: the project's full runs are under 2 MB; a 202 MB one took the build 59 minutes and 2.1 GB. */
export const MAX_RUN_FILE_BYTES = 20 * 1024 * 1024;

/** Requests per second no HTTP/1.1 load over loopback reaches (one request per round trip per connection). */
const MAX_REQUESTS_PER_SECOND = 20_000_000;
/** Bytes per second beyond what a loopback (a memory copy) carries. */
const MAX_BYTES_PER_SECOND = 200e9;
/** An operation shorter than this share of one clock cycle is not measured but optimised away or mistimed. */
const MIN_CYCLES_PER_OP = 0.01;
/** When the run does not record the clock: a clock no CPU runs at. */
const FASTEST_CLOCK_MHZ = 6000;
/** One program run or build of more than a day is not a benchmark. */
const MAX_SECONDS = 86_400;

export interface SanityProblem {
  /** JSON path, e.g. "$.cells[3].summary.requests_per_second.median". */
  path: string;
  message: string;
}

const fmt = (x: number) => (Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Math.round(x * 1000) / 1000));

/** Every implausible figure and every duplicate cell of a run (empty when it is sane). */
export function runSanityProblems(run: Run): SanityProblem[] {
  const problems: SanityProblem[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  const memory = run.machine.memory_bytes;
  const mhz = run.machine.cpu_mhz ?? FASTEST_CLOCK_MHZ;
  const minNs = (MIN_CYCLES_PER_OP * 1000) / mhz;

  const seen = new Map<string, number>();
  run.cells.forEach((cell, i) => {
    const base = `$.cells[${i}]`;
    const first = seen.get(cellKey(cell));
    if (first !== undefined) at(base, `${cellKey(cell)} is recorded twice (first at $.cells[${first}]): the site would show one and drop the other`);
    else seen.set(cellKey(cell), i);

    const range = (path: string, value: number | null | undefined, low: number, high: number, what: string) => {
      if (value === null || value === undefined) return;
      if (!Number.isFinite(value) || value < low || value > high) at(path, `${fmt(value)} ${what}`);
    };
    const summary = (path: string, s: { median: number; min: number; max: number; mean: number } | null | undefined, low: number, high: number, what: string) => {
      if (!s) return;
      for (const k of ['median', 'min', 'max', 'mean'] as const) range(`${path}.${k}`, s[k], low, high, what);
    };

    if (cell.suite === 'http' || cell.suite === 'stack') {
      const rps = `req/s is more than an HTTP load over loopback can carry (at most ${fmt(MAX_REQUESTS_PER_SECOND)})`;
      const bps = `bytes/s is more than a loopback carries (at most ${fmt(MAX_BYTES_PER_SECOND)})`;
      // A request may end late, but not later than the load generator waits for it (its timeout), with room for the drain.
      const timeoutUs = (cell.load?.timeout_seconds ?? 60) * 1e6 * 1.5 + 1e6;
      const lat = `µs of latency: below 0 or beyond the load generator's ${cell.load?.timeout_seconds ?? 60}-s timeout`;
      cell.repetitions.forEach((r, j) => {
        const p = `${base}.repetitions[${j}]`;
        range(`${p}.requests_per_second`, r.requests_per_second, 0, MAX_REQUESTS_PER_SECOND, rps);
        range(`${p}.transfer_bytes_per_second`, r.transfer_bytes_per_second, 0, MAX_BYTES_PER_SECOND, bps);
        for (const k of ['mean', 'p50', 'p90', 'p99', 'max'] as const) range(`${p}.latency_us.${k}`, r.latency_us[k], 0, timeoutUs, lat);
        range(`${p}.client_cpu_utilization`, r.client_cpu_utilization, 0, run.machine.cpu_threads * 1.1, `CPUs busy: more than the machine's ${run.machine.cpu_threads}`);
      });
      if (cell.summary) {
        summary(`${base}.summary.requests_per_second`, cell.summary.requests_per_second, 0, MAX_REQUESTS_PER_SECOND, rps);
        summary(`${base}.summary.transfer_bytes_per_second`, cell.summary.transfer_bytes_per_second, 0, MAX_BYTES_PER_SECOND, bps);
        for (const k of ['latency_mean_us', 'latency_p50_us', 'latency_p90_us', 'latency_p99_us', 'latency_max_us'] as const) summary(`${base}.summary.${k}`, cell.summary[k], 0, timeoutUs, lat);
      }
      if (cell.memory?.peak_pss_bytes != null) range(`${base}.memory.peak_pss_bytes`, cell.memory.peak_pss_bytes, 0, memory * 1.1, `bytes of memory: more than the machine has (${fmt(memory)})`);
    } else if (cell.suite === 'ops') {
      const ns = `ns per operation: less than ${MIN_CYCLES_PER_OP} of a clock cycle at ${mhz} MHz (${fmt(minNs)} ns), or more than a day — optimised away or mistimed`;
      if (cell.summary) summary(`${base}.summary.ns_per_op`, cell.summary.ns_per_op, minNs, MAX_SECONDS * 1e9, ns);
      cell.samples_ns_per_op.forEach((v, j) => range(`${base}.samples_ns_per_op[${j}]`, v, 0, MAX_SECONDS * 1e9, 'ns per operation: more than a day'));
    } else {
      const wall = `seconds: more than a day`;
      cell.repetitions.forEach((r, j) => {
        const p = `${base}.repetitions[${j}]`;
        range(`${p}.wall_seconds`, r.wall_seconds, 0, MAX_SECONDS, wall);
        range(`${p}.max_rss_bytes`, r.max_rss_bytes, 0, memory * 1.1, `bytes of memory: more than the machine has (${fmt(memory)})`);
      });
      if (cell.summary) summary(`${base}.summary.wall_seconds`, cell.summary.wall_seconds, 0, MAX_SECONDS, wall);
    }
  });
  return problems;
}

/** Why a run file is too large to use, or null. */
export function runFileSizeProblem(file: string, bytes: number): string | null {
  if (bytes <= MAX_RUN_FILE_BYTES) return null;
  const mb = (b: number, digits: number) => `${(b / 1024 / 1024).toFixed(digits)} MB`;
  return (
    `${file} is ${mb(bytes, 1)}, over the ${mb(MAX_RUN_FILE_BYTES, 0)} a run file may have: the site would take minutes and gigabytes to build from it ` +
    `(a full run of every suite is under 2 MB). A run this large was not written by npm run bench as it is: check how it was made, or remove it.`
  );
}
