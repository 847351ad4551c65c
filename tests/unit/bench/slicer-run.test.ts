import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseSlicerLines,
  runSlices,
  SLICER_LATENCY_ERROR,
  sliceRepetition,
  slicerArgv,
  slicerKillBudgetMs,
  slicerWorstCaseMs,
  type SliceParams,
} from '../../../scripts/bench/slicer-run.ts';
import type { Host } from '../../../scripts/bench/hosts/host.ts';

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
  window_requests: 1001,
  latency_samples: 1001,
  latency_percentile_error: 0.003906,
  primed: index === 0 ? 64 : 0,
  prepare_us: 1500,
  client_max_rss_kb: 2048,
  ...over,
});
const lines = (...slices: object[]) => slices.map((s) => `${JSON.stringify(s)}\n`).join('');

const params: SliceParams = {
  targets: [
    { host: '127.0.0.1', port: 8080, path: '/json', connections: 256, rampMs: 99.6, sliceMs: 250 },
    { host: '10.0.0.2', port: 9000, path: 'plaintext', connections: 64, rampMs: 0, sliceMs: 3000 },
  ],
  order: [1, 0],
  threads: 1,
  timeoutMs: 10_000,
  cpus: '1',
};

test('slicer argv: order, threads, timeout and every target with its connections, ramp and window', () => {
  assert.deepEqual(slicerArgv('/tmp/x/slicer', '-', params), ['/tmp/x/slicer', '--out', '-', '--slice-ms', '3000', '--order', '1,0', '--threads', '1', '--timeout-ms', '10000', '127.0.0.1:8080/json@256~100+250', '10.0.0.2:9000/plaintext@64~0+3000']);
});

test('slicer lines: read in order; a slice out of order or malformed is an error naming it', () => {
  const text = lines(slice(1, 0), slice(0, 1, { latency_us: { min: null, max: null, mean: null, stdev: null, p50: null, p90: null, p99: null }, requests: 0 }));
  const r = parseSlicerLines(text, [1, 0]);
  assert.equal(r.complete, true);
  assert.equal(r.slices.length, 2);
  assert.equal(r.slices[1]!.latency_us, null);
  assert.equal(r.slices[0]!.primed, 64);
  assert.throws(() => parseSlicerLines(text, [0, 1]), /slices\[0\] \(line 1\)\.target is 1, the order says 0/);
  assert.throws(() => parseSlicerLines(text, [1]), /more slices than the order's 1/);
  assert.throws(() => parseSlicerLines(lines({ target: 0 }), [0]), /slices\[0\] \(line 1\)\.index/);
  assert.throws(() => parseSlicerLines(lines(slice(0, 0, { overlap_requests: -1 })), [0]), /slices\[0\] \(line 1\)\.overlap_requests/);
  assert.throws(() => parseSlicerLines(lines(slice(0, 0, { index: 3 })), [0]), /index is 3, expected 0/);
  assert.throws(() => parseSlicerLines('nope\n', [0]), /line 1 is not JSON/);
  assert.throws(() => parseSlicerLines(lines(slice(0, 0, { latency_percentile_error: 0.01 })), [0]), /latency_percentile_error is 0\.01/);
  assert.equal(SLICER_LATENCY_ERROR, 1 / 256);
});

test('slicer lines cut short: the finished slices are kept, half a line is not', () => {
  const whole = lines(slice(1, 0), slice(0, 1));
  const cut = whole + JSON.stringify(slice(1, 2)).slice(0, 40);
  const r = parseSlicerLines(cut, [1, 0, 1]);
  assert.equal(r.complete, false);
  assert.deepEqual(r.slices.map((s) => s.index), [0, 1]);
  assert.deepEqual(parseSlicerLines('', [0]), { slices: [], complete: false });
});

test('a slice as a repetition: overlap-weighted rate over the window, client CPU over ramp and window', () => {
  const r = sliceRepetition(parseSlicerLines(lines(slice(0, 0)), [0]).slices[0]!);
  assert.equal(r.duration_seconds, 0.25);
  assert.equal(r.requests, 1000, 'the responses that ended inside the window stay on record');
  assert.equal(r.requests_per_second, 4042, 'the rate counts each request by its share inside the window');
  assert.equal(r.transfer_bytes_per_second, 606_300);
  assert.equal(r.client_cpu_utilization, 0.2);
  assert.deepEqual(r.errors, { connect: 0, read: 1, write: 0, timeout: 0, status_non_2xx: 2 });
  assert.equal(r.latency_us.p99, 99_000);
});

test("the kill budget is at or above the slicer's documented worst case, slice by slice", () => {
  // Connect phase 2T; per slice 2T (prepare) + ramp + window + 2T (drain); 10 ms of slack per wait of a phase.
  const worst = slicerWorstCaseMs(params);
  const T = params.timeoutMs;
  const bySlice = [3000 + 0, 250 + 100].map((rampAndWindow) => 4 * T + rampAndWindow);
  assert.equal(worst, 2 * T + 20 + bySlice[0]! + bySlice[1]! + 2 * 60);
  assert.ok(slicerKillBudgetMs(params) >= worst + 30_000);
  // Longer orders get proportionally more time: each slice may use its whole worst case.
  const long = { ...params, order: Array.from({ length: 20 }, (_, i) => i % 2) };
  assert.ok(slicerKillBudgetMs(long) >= 2 * T + 10 * bySlice[0]! + 10 * bySlice[1]!);
});

/** A host whose timed run ends as `result` says, for the runner's handling of a slicer cut short. */
function fakeHost(result: { stdout: string; code: number | null; timedOut: boolean; stderr?: string }): Host {
  const dir = { code: 0, signal: null, stdout: '/tmp/fake-slicer\n', stderr: '', timedOut: false, wallSeconds: 0 };
  return {
    name: 'fake',
    roles: ['client'],
    address: '127.0.0.1',
    cpus: null,
    problem: null,
    root: '/',
    pathOf: (p: string) => p,
    describe: () => 'the fake host',
    run: async () => dir,
    runTimed: async () => ({ ...dir, stdout: result.stdout, stderr: result.stderr ?? '', code: result.code, timedOut: result.timedOut, rep: { wall_seconds: 1, user_seconds: null, sys_seconds: null, max_rss_bytes: null }, files: {} }),
  } as unknown as Host;
}

test('a slicer killed at the budget, or failing, keeps the slices it finished; the error says so', async () => {
  const two = lines(slice(1, 0), slice(0, 1));
  const killed = await runSlices({ ...params, order: [1, 0, 1] }, fakeHost({ stdout: `${two}{"target":1,"ind`, code: null, timedOut: true }));
  assert.ok('slices' in killed);
  assert.deepEqual(killed.slices.map((s) => s.index), [0, 1]);
  assert.match(killed.error!, /was killed; the 2 of 3 slices it finished are kept/);
  const failed = await runSlices({ ...params, order: [1, 0, 1] }, fakeHost({ stdout: two, code: 1, timedOut: false, stderr: 'slicer: epoll_wait: Bad file descriptor\n' }));
  assert.ok('slices' in failed && failed.slices.length === 2);
  assert.match(failed.error!, /exited with code 1: slicer: epoll_wait/);
  const ok = await runSlices(params, fakeHost({ stdout: two, code: 0, timedOut: false }));
  assert.ok('slices' in ok && ok.slices.length === 2 && ok.error === null);
});
