import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSlicerReport, sliceRepetition, slicerArgv } from '../../../scripts/bench/slicer-run.ts';

const slice = (target: number, index: number, over: Record<string, unknown> = {}) => ({
  target,
  index,
  duration_us: 250_000,
  requests: 1000,
  bytes: 150_000,
  overlap_requests: 1010.5,
  overlap_bytes: 151_575,
  errors: { connect: 0, read: 1, write: 0, status: 2, timeout: 0 },
  latency_us: { min: 10, max: 900, mean: 64_000, stdev: 5, p50: 60_000, p90: 80_000, p99: 99_000 },
  client_cpu_seconds: 0.1,
  ramp_us: 250_000,
  drain_us: 3000,
  drain_requests: 4,
  start_offset_us: index * 400_000,
  ...over,
});

test('slicer argv: order, threads, timeout and every target with its connections, ramp and window', () => {
  const argv = slicerArgv('/tmp/x/slicer', '{scratch}/slices.json', {
    targets: [
      { host: '127.0.0.1', port: 8080, path: '/json', connections: 256, rampMs: 99.6, sliceMs: 250 },
      { host: '10.0.0.2', port: 9000, path: 'plaintext', connections: 64, rampMs: 0, sliceMs: 3000 },
    ],
    order: [1, 0],
    threads: 1,
    timeoutMs: 10_000,
    cpus: '1',
  });
  assert.deepEqual(argv, ['/tmp/x/slicer', '--out', '{scratch}/slices.json', '--slice-ms', '3000', '--order', '1,0', '--threads', '1', '--timeout-ms', '10000', '127.0.0.1:8080/json@256~100+250', '10.0.0.2:9000/plaintext@64~0+3000']);
});

test('slicer report: read in order; a slice out of order, missing or malformed is an error naming it', () => {
  const text = JSON.stringify({ slices: [slice(1, 0), slice(0, 1, { latency_us: { min: null, max: null, mean: null, stdev: null, p50: null, p90: null, p99: null }, requests: 0 })] });
  const s = parseSlicerReport(text, [1, 0]);
  assert.equal(s.length, 2);
  assert.equal(s[1]!.latency_us, null);
  assert.throws(() => parseSlicerReport(text, [0, 1]), /slices\[0\]\.target is 1, the order says 0/);
  assert.throws(() => parseSlicerReport(text, [1, 0, 1]), /2 slices, the order had 3/);
  assert.throws(() => parseSlicerReport('{"slices":[{"target":0}]}', [0]), /slices\[0\]\.index/);
  assert.throws(() => parseSlicerReport(JSON.stringify({ slices: [slice(0, 0, { overlap_requests: -1 })] }), [0]), /slices\[0\]\.overlap_requests/);
  assert.throws(() => parseSlicerReport('nope', [0]), /not JSON/);
  assert.throws(() => parseSlicerReport('{}', [0]), /no "slices"/);
});

test('a slice as a repetition: overlap-weighted rate over the window, client CPU over ramp and window', () => {
  const r = sliceRepetition(parseSlicerReport(JSON.stringify({ slices: [slice(0, 0)] }), [0])[0]!);
  assert.equal(r.duration_seconds, 0.25);
  assert.equal(r.requests, 1000, 'the responses that ended inside the window stay on record');
  assert.equal(r.requests_per_second, 4042, 'the rate counts each request by its share inside the window');
  assert.equal(r.transfer_bytes_per_second, 606_300);
  assert.equal(r.client_cpu_utilization, 0.2);
  assert.deepEqual(r.errors, { connect: 0, read: 1, write: 0, timeout: 0, status_non_2xx: 2 });
  assert.equal(r.latency_us.p99, 99_000);
});
