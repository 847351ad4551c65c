/** Reads the JSON that scripts/bench/wrk/report.lua writes, into an HttpRepetition. */
import type { HttpRepetition } from '../../src/schemas/run.ts';

export interface WrkReport {
  duration_us: number;
  requests: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { min: number; max: number; mean: number; stdev: number; p50: number; p90: number; p99: number };
}

function n(x: unknown, what: string): number {
  if (x === null) return 0; // report.lua writes null for NaN (no latency samples)
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`wrk report: ${what} is ${JSON.stringify(x)}`);
  return x;
}

export function parseWrkReport(text: string): WrkReport {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`wrk report is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const e = (j['errors'] ?? {}) as Record<string, unknown>;
  const l = (j['latency_us'] ?? {}) as Record<string, unknown>;
  return {
    duration_us: n(j['duration_us'], 'duration_us'),
    requests: Math.round(n(j['requests'], 'requests')),
    bytes: n(j['bytes'], 'bytes'),
    errors: {
      connect: Math.round(n(e['connect'], 'errors.connect')),
      read: Math.round(n(e['read'], 'errors.read')),
      write: Math.round(n(e['write'], 'errors.write')),
      status: Math.round(n(e['status'], 'errors.status')),
      timeout: Math.round(n(e['timeout'], 'errors.timeout')),
    },
    latency_us: {
      min: n(l['min'], 'latency_us.min'),
      max: n(l['max'], 'latency_us.max'),
      mean: n(l['mean'], 'latency_us.mean'),
      stdev: n(l['stdev'], 'latency_us.stdev'),
      p50: n(l['p50'], 'latency_us.p50'),
      p90: n(l['p90'], 'latency_us.p90'),
      p99: n(l['p99'], 'latency_us.p99'),
    },
  };
}

/**
 * One repetition. `status_non_2xx` is wrk's status error counter, which counts
 * responses with a status of 400 or more (the runner verified 200 before load).
 */
export function toRepetition(r: WrkReport, clientCpuUtilization: number | null): HttpRepetition {
  const seconds = r.duration_us / 1e6;
  return {
    duration_seconds: seconds,
    requests: r.requests,
    requests_per_second: seconds > 0 ? r.requests / seconds : 0,
    transfer_bytes_per_second: seconds > 0 ? r.bytes / seconds : 0,
    latency_us: {
      mean: r.latency_us.mean,
      stdev: r.latency_us.stdev,
      p50: r.latency_us.p50,
      p90: r.latency_us.p90,
      p99: r.latency_us.p99,
      max: r.latency_us.max,
    },
    errors: {
      connect: r.errors.connect,
      read: r.errors.read,
      write: r.errors.write,
      timeout: r.errors.timeout,
      status_non_2xx: r.errors.status,
    },
    client_cpu_utilization: clientCpuUtilization,
  };
}
