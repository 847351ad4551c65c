/**
 * How the HTTP and web-stack suites size their loads: connections per test,
 * when a warm-up has reached its plateau, and how long a member's ramp and
 * timed window last. Pure functions of a server's warm-up rate; the loads
 * themselves are in load-test.ts.
 */
import { median } from '../../../src/lib/statistics.ts';

/** wrk's and the slicer's request timeout. */
export const WRK_TIMEOUT_SECONDS = 10;

/**
 * The loop test keeps a server busy for milliseconds (CPython: hundreds) per
 * request. With the essay's 256/64 connections the queue alone would outlast a
 * load, wrk would count only the lucky requests, and latency would break
 * Little's law. Throughput of a CPU-bound endpoint does not depend on the
 * connection count once every worker is busy, so the loop test uses at most
 * this many connections (recorded in load.connections).
 */
export const LOOP_MAX_CONNECTIONS = 8;

export function connectionsFor(test: string, manifestConnections: number): number {
  return test === 'loop' ? Math.min(manifestConnections, LOOP_MAX_CONNECTIONS) : manifestConnections;
}

/**
 * Warm-up: loads of one slice each until the rate stops rising — the best of
 * the median of the last WARMUP_WINDOW loads is no more than WARMUP_RISE above
 * the median of the WARMUP_WINDOW before them (medians: one load that caught a
 * GC pause or a dip must not look like a plateau) — with at least WARMUP_MIN
 * loads (JIT runtimes: WARMUP_MIN_JIT) and at most WARMUP_LIMIT_SECONDS.
 */
const WARMUP_MIN = 2;
export const WARMUP_MIN_JIT = 6;
const WARMUP_WINDOW = 3;
const WARMUP_RISE = 0.02;
export const WARMUP_LIMIT_SECONDS = 30;

/** Whether a warm-up has reached its plateau, given the rates so far. */
export function warmedUp(rates: readonly number[], jit: boolean): boolean {
  const min = jit ? WARMUP_MIN_JIT : WARMUP_MIN;
  if (rates.length < min) return false;
  if (!jit) return true;
  if (rates.length < 2 * WARMUP_WINDOW) return false;
  const before = median(rates.slice(-2 * WARMUP_WINDOW, -WARMUP_WINDOW));
  const recent = median(rates.slice(-WARMUP_WINDOW));
  return recent <= before * (1 + WARMUP_RISE);
}

/**
 * Timed slices are short so that the members of a round sit close together
 * in time: the host's speed changes every few seconds, and two servers
 * compared in a ratio must share its phases. A slice must still hold enough
 * of a server's work to measure its rate: a member's window is at least
 * SLICE_COMPLETIONS times its time per request in warm-up, and at least
 * SLICE_LATENCIES times its latency (connections ÷ warm-up rate, Little's
 * law), so that every connection sends requests inside the window and the
 * window has latencies to report; between SLICE_MIN_MS and SLICE_MAX_MS, in
 * steps of 50 ms. Each member gets its own: a rate does not depend on the
 * window's length, and one slow server (CPython's one-million loop, a few
 * requests a second) then lengthens only its own slices, not the round.
 */
export const SLICE_MIN_MS = 250;
export const SLICE_MAX_MS = 3000;
const SLICE_COMPLETIONS = 50;
const SLICE_LATENCIES = 1.5;

/**
 * Before a slice's window opens its server is loaded for RAMP_LATENCIES times
 * its latency, at most RAMP_MAX_MS: the queue is full when the clock starts,
 * so the window sees a steady load and its latencies describe the same load
 * as its rate.
 */
const RAMP_LATENCIES = 1.5;
export const RAMP_MAX_MS = 1000;

/** Connections ÷ rate: the time a request spends in a closed loop of `connections` (Little's law), ms. */
function latencyMs(connections: number, warmupRate: number): number {
  return (connections * 1000) / warmupRate;
}

export function rampMs(connections: number, warmupRate: number): number {
  if (!(warmupRate > 0)) return RAMP_MAX_MS;
  return Math.min(RAMP_MAX_MS, Math.ceil(RAMP_LATENCIES * latencyMs(connections, warmupRate)));
}

export function timedSliceMs(connections: number, warmupRate: number): number {
  if (!(warmupRate > 0)) return SLICE_MAX_MS;
  const want = Math.max((SLICE_COMPLETIONS / warmupRate) * 1000, SLICE_LATENCIES * latencyMs(connections, warmupRate));
  return Math.min(SLICE_MAX_MS, Math.max(SLICE_MIN_MS, Math.ceil(want / 50) * 50));
}

/**
 * Memory is sampled in one extra, untimed load after the rounds (of one test
 * per suite): reading /proc every 200 ms costs CPU, and no timed slice should
 * share its CPUs with the sampler.
 */
export const MEMORY_SECONDS = 3;
/** A quick run's memory load: long enough for the sampler to see the peak of a smoke run. */
export const QUICK_MEMORY_SECONDS = 1;
