import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { HttpRepetition } from '../../../src/schemas/run.ts';
import { parseWrkReport, toRepetition } from '../../../scripts/bench/wrk-report.ts';
import { wrkArgv } from '../../../scripts/bench/wrk-run.ts';
import { FIXTURES } from './helpers.ts';

test('parses the JSON report.lua writes', () => {
  const r = parseWrkReport(readFileSync(path.join(FIXTURES, 'wrk-report.json'), 'utf8'));
  assert.equal(r.requests, 472);
  assert.equal(r.duration_us, 1001629);
  assert.equal(r.latency_us.p99, 23442);
  assert.equal(r.errors.read, 0);
});

test('turns a report into a schema-valid repetition', () => {
  const r = parseWrkReport(readFileSync(path.join(FIXTURES, 'wrk-report.json'), 'utf8'));
  const rep = toRepetition(r, 0.42);
  HttpRepetition.parse(rep);
  assert.ok(Math.abs(rep.requests_per_second - 472 / 1.001629) < 1e-9);
  assert.ok(Math.abs(rep.transfer_bytes_per_second - 1598919 / 1.001629) < 1e-6);
  assert.equal(rep.latency_us.mean, r.latency_us.mean);
  assert.equal(rep.client_cpu_utilization, 0.42);
});

test('maps wrk status errors and tolerates null latency (no samples)', () => {
  const text = JSON.stringify({
    duration_us: 2e6,
    requests: 0,
    bytes: 0,
    errors: { connect: 3, read: 1, write: 0, status: 7, timeout: 2 },
    latency_us: { min: null, max: null, mean: null, stdev: null, p50: null, p90: null, p99: null },
  });
  const rep = toRepetition(parseWrkReport(text), null);
  HttpRepetition.parse(rep);
  assert.deepEqual(rep.errors, { connect: 3, read: 1, write: 0, timeout: 2, status_non_2xx: 7 });
  assert.equal(rep.requests_per_second, 0);
});

test('rejects garbage', () => {
  assert.throws(() => parseWrkReport('Running 5s test @ http://127.0.0.1'), /not JSON/);
  assert.throws(() => parseWrkReport('{"duration_us": -1}'), /duration_us/);
});

test('wrk argv: one thread, the lua reporter, generous timeout', () => {
  const argv = wrkArgv({ port: 8080, path: '/loop', connections: 64, threads: 1, durationSeconds: 5, timeoutSeconds: 10, cpus: '1' });
  assert.deepEqual(argv.slice(0, 6), ['wrk', '-t1', '-c64', '-d5s', '--timeout', '10s']);
  assert.ok(argv.includes('-s'));
  assert.equal(argv.at(-1), 'http://127.0.0.1:8080/loop');
});
