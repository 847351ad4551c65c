import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpRepetition } from '../../../src/schemas/run.ts';
import { httpFlags, noisyFlag } from '../../../scripts/bench/flags.ts';

function rep(over: Partial<HttpRepetition> & { rps?: number; latencyMs?: number } = {}): HttpRepetition {
  const rps = over.rps ?? 10000;
  const latencyUs = (over.latencyMs ?? 25.6) * 1000; // 256 connections / 10 000 req/s = 25.6 ms
  return {
    duration_seconds: 5,
    requests: over.requests ?? rps * 5,
    requests_per_second: rps,
    transfer_bytes_per_second: rps * 100,
    latency_us: { mean: latencyUs, stdev: 1000, p50: latencyUs, p90: latencyUs * 1.2, p99: latencyUs * 2, max: latencyUs * 4 },
    errors: over.errors ?? { connect: 0, read: 0, write: 0, timeout: 0, status_non_2xx: 0 },
    client_cpu_utilization: over.client_cpu_utilization === undefined ? 0.5 : over.client_cpu_utilization,
  };
}

const ctx = { connections: 256, noisyThreshold: 0.05, startCommand: ['./server', '{port}'] };
const kinds = (reps: HttpRepetition[], c = ctx) => httpFlags(reps, c).map((f) => f.kind).sort();

test('a clean cell has no flags', () => {
  assert.deepEqual(kinds([rep(), rep(), rep()]), []);
});

test('noisy when the CV of throughput exceeds the threshold', () => {
  assert.deepEqual(kinds([rep({ rps: 9000, latencyMs: 256 / 9 }), rep({ rps: 11000, latencyMs: 256 / 11 })]), ['noisy']);
  assert.equal(noisyFlag([1, 1.01, 0.99], 0.05, 'x'), null);
  assert.equal(noisyFlag([1, 2], 0.05, 'x')?.kind, 'noisy');
});

test('errors: counted, explained; uWSGI --http-socket read errors named', () => {
  const reps = [rep({ errors: { connect: 0, read: 40, write: 0, timeout: 0, status_non_2xx: 2 } })];
  const flags = httpFlags(reps, { ...ctx, startCommand: ['uwsgi', '--http-socket', '127.0.0.1:{port}'] });
  const e = flags.find((f) => f.kind === 'errors');
  assert.ok(e);
  assert.match(e.detail, /40 read/);
  assert.match(e.detail, /2 responses with status/);
  assert.match(e.detail, /uWSGI --http-socket/);
});

test('timeouts flagged separately', () => {
  const flags = kinds([rep({ errors: { connect: 0, read: 0, write: 0, timeout: 5, status_non_2xx: 0 } })]);
  assert.ok(flags.includes('timeouts'));
  assert.ok(!flags.includes('errors'));
});

test("little's law: latency × throughput far from the connection count", () => {
  assert.ok(kinds([rep({ latencyMs: 10 })]).includes('littles_law'));
  assert.ok(!kinds([rep({ latencyMs: 23 })]).includes('littles_law'));
});

test('client bound when wrk uses ≥ 90 % of its core', () => {
  assert.ok(kinds([rep({ client_cpu_utilization: 0.95 })]).includes('client_bound'));
  assert.ok(!kinds([rep({ client_cpu_utilization: null })]).includes('client_bound'));
});

test('few samples below 100 requests in a repetition', () => {
  assert.ok(kinds([rep({ requests: 50 })]).includes('few_samples'));
});
