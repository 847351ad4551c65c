/** Sanity checks on measured cells; each fired check becomes a Flag the site shows beside the number. */
import type { Flag, HttpRepetition } from '../../src/schemas/run.ts';
import { cv, mean, median } from '../../src/lib/statistics.ts';

export const DEFAULT_NOISY_CV = 0.05;
const LITTLES_LAW_TOLERANCE = 0.25;
const CLIENT_BOUND_UTILIZATION = 0.9;
const FEW_SAMPLES = 100;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function noisyFlag(values: readonly number[], threshold: number, what: string): Flag | null {
  const c = cv(values);
  if (c === null || c <= threshold) return null;
  return {
    kind: 'noisy',
    detail: `${what} varies by ${pct(c)} between repetitions (coefficient of variation above ${pct(threshold)}); close other programs and rerun`,
  };
}

/**
 * Kept repetitions with a slow host probe beside them (the reruns ran out or
 * the wait for a calm host timed out): their numbers are likely too low.
 */
function disturbedFlag(reps: readonly HttpRepetition[], tolerance: number | null): Flag | null {
  if (tolerance === null) return null;
  const slow = reps.filter((r) => r.host_speed && Math.min(r.host_speed.before, r.host_speed.after) < 1 - tolerance);
  if (slow.length === 0) return null;
  const worst = Math.min(...slow.map((r) => Math.min(r.host_speed!.before, r.host_speed!.after)));
  return {
    kind: 'disturbed',
    detail: `${slow.length} of ${reps.length} repetitions ran while the host probe was slower than ${pct(1 - tolerance)} of its best (down to ${pct(worst)}): the machine's neighbours slowed it, so these numbers are likely low; rerun when the machine is quieter`,
  };
}

export interface HttpFlagContext {
  connections: number;
  /** CV threshold for the noisy flag (version-1 repetitions); null for round-based slices, whose spread the intervals carry. */
  noisyThreshold: number | null;
  /** The implementation's start command, to explain known causes of errors. */
  startCommand: readonly string[];
  /** The host probe's tolerance, null when no probe ran. */
  hostTolerance?: number | null;
}

export function httpFlags(reps: readonly HttpRepetition[], ctx: HttpFlagContext): Flag[] {
  const flags: Flag[] = [];
  if (reps.length === 0) return flags;
  const noisy = ctx.noisyThreshold === null ? null : noisyFlag(reps.map((r) => r.requests_per_second), ctx.noisyThreshold, 'Throughput');
  if (noisy) flags.push(noisy);
  const disturbed = disturbedFlag(reps, ctx.hostTolerance ?? null);
  if (disturbed) flags.push(disturbed);

  const sum = (f: (r: HttpRepetition) => number) => reps.reduce((a, r) => a + f(r), 0);
  const connect = sum((r) => r.errors.connect);
  const read = sum((r) => r.errors.read);
  const write = sum((r) => r.errors.write);
  const status = sum((r) => r.errors.status_non_2xx);
  const timeout = sum((r) => r.errors.timeout);
  const requests = sum((r) => r.requests);
  const socketAndStatus = connect + read + write + status;
  if (socketAndStatus > 0) {
    const parts: string[] = [];
    const why: string[] = [];
    if (connect > 0) {
      parts.push(`${connect} connect`);
      why.push('connect errors: the server refused or reset new connections (listen backlog full, or it crashed)');
    }
    if (read > 0) {
      parts.push(`${read} read`);
      const uwsgiHttpSocket = ctx.startCommand.some((a) => a.includes('uwsgi')) && ctx.startCommand.some((a) => a.includes('http-socket'));
      why.push(
        uwsgiHttpSocket
          ? 'read errors: uWSGI --http-socket closes the connection after each response, so the load generator sees the close as a read error'
          : 'read errors: the server closed connections the load generator expected to keep alive',
      );
    }
    if (write > 0) {
      parts.push(`${write} write`);
      why.push('write errors: the server closed connections while the load generator was sending');
    }
    if (status > 0) {
      parts.push(`${status} responses with status ≥ 400`);
      why.push('error statuses: the server failed some requests under load');
    }
    flags.push({
      kind: 'errors',
      detail: `${parts.join(', ')} errors over ${requests} requests in ${reps.length} repetitions. ${why.join('; ')}.`,
    });
  }
  if (timeout > 0) {
    flags.push({
      kind: 'timeouts',
      detail: `${timeout} requests got no response within the load generator's timeout over ${reps.length} repetitions; their latency is not in the numbers`,
    });
  }

  // Little's law: requests in flight = throughput × time in system. With a closed
  // loop of N connections, throughput × mean latency should be close to N.
  const inFlight = mean(reps.map((r) => r.requests_per_second * (r.latency_us.mean / 1e6)));
  if (ctx.connections > 0 && Number.isFinite(inFlight)) {
    const off = Math.abs(inFlight - ctx.connections) / ctx.connections;
    if (off > LITTLES_LAW_TOLERANCE) {
      flags.push({
        kind: 'littles_law',
        detail: `throughput × mean latency = ${inFlight.toFixed(1)} requests in flight, but the load generator kept ${ctx.connections} connections open (off by ${pct(off)}): connections were idle, failing or closing, or (in short slices) the slowest requests outlast the window, so latency and throughput do not describe the same load`,
      });
    }
  }

  // One busy slice says little; a load generator busy in the typical slice was the limit.
  const utils = reps.map((r) => r.client_cpu_utilization).filter((u): u is number => u !== null);
  if (utils.length > 0) {
    const util = reps.length >= 3 ? median(utils) : Math.max(...utils);
    if (util >= CLIENT_BOUND_UTILIZATION) {
      flags.push({
        kind: 'client_bound',
        detail: `the load generator used ${pct(util)} of its CPU${reps.length >= 3 ? ' in the median load' : ''}: the load generator, not the server, was the limit; the server's real capacity is at least this high, so no claim rests on this figure`,
      });
    }
  }

  // Round-based slices are short by design: what must be large enough is the
  // number of requests the cell's figures rest on, all slices together.
  if (reps.every((r) => r.round !== undefined)) {
    const total = reps.reduce((a, r) => a + r.requests, 0);
    if (total < FEW_SAMPLES) {
      flags.push({
        kind: 'few_samples',
        detail: `all ${reps.length} loads together completed only ${total} requests (fewer than ${FEW_SAMPLES}); its rate and percentiles rest on too few samples`,
      });
    }
    return flags;
  }
  const fewest = Math.min(...reps.map((r) => r.requests));
  if (fewest < FEW_SAMPLES) {
    flags.push({
      kind: 'few_samples',
      detail: `a repetition completed only ${fewest} requests (fewer than ${FEW_SAMPLES}); its percentiles rest on too few samples`,
    });
  }
  return flags;
}
