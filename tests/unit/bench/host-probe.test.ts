import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpRepetition, Run } from '../../../src/schemas/run.ts';
import { disturbedFlag } from '../../../scripts/bench/flags.ts';
import { HOST_PROBE_DEFAULTS, HostProbe, isCalm, keepRepetition, relativeSpeed } from '../../../scripts/bench/host-probe.ts';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.ts';

const rep = (before: number, after: number, rps = 1000): HttpRepetition => ({
  duration_seconds: 5,
  requests: rps * 5,
  requests_per_second: rps,
  transfer_bytes_per_second: rps * 10,
  latency_us: { mean: 1000, stdev: 10, p50: 1000, p90: 1100, p99: 1200, max: 1500 },
  errors: { connect: 0, read: 0, write: 0, timeout: 0, status_non_2xx: 0 },
  client_cpu_utilization: 0.2,
  host_speed: { before, after },
});

test('relative speed and calm: within the tolerance of the best speed seen', () => {
  assert.equal(relativeSpeed(450, 500), 0.9);
  assert.equal(relativeSpeed(10, 0), 1, 'no reference yet counts as undisturbed');
  assert.equal(isCalm(0.9, 0.1), true);
  assert.equal(isCalm(0.89, 0.1), false);
});

test('a repetition is rerun when either reading is slow, until the reruns run out', () => {
  assert.equal(keepRepetition({ before: 0.97, after: 0.95 }, 0.1, 3), true);
  assert.equal(keepRepetition({ before: 0.7, after: 0.95 }, 0.1, 3), false);
  assert.equal(keepRepetition({ before: 0.97, after: 0.6 }, 0.1, 1), false);
  assert.equal(keepRepetition({ before: 0.5, after: 0.5 }, 0.1, 0), true, 'with no rerun left it is kept (and flagged)');
});

test('disturbed flag: only kept repetitions with a slow reading, never without a probe', () => {
  assert.equal(disturbedFlag([rep(1, 0.95), rep(0.92, 0.99)], 0.1), null);
  const f = disturbedFlag([rep(1, 0.95), rep(0.6, 0.99)], 0.1);
  assert.equal(f?.kind, 'disturbed');
  assert.match(f!.detail, /1 of 2 repetitions/);
  assert.match(f!.detail, /60\.0 %/);
  assert.equal(disturbedFlag([rep(0.5, 0.5)], null), null);
});

test('runs made before the host probe existed still validate', () => {
  const dir = path.join(ROOT, 'data', 'runs');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const parsed = Run.safeParse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
    assert.ok(parsed.success, `${f}: ${parsed.success ? '' : parsed.error.message.slice(0, 300)}`);
  }
  assert.equal(HttpRepetition.safeParse({ ...rep(1, 1), host_speed: null }).success, true);
  assert.equal(HttpRepetition.safeParse({ ...rep(1, 1), host_speed: { before: -1, after: 1 } }).success, false);
});

test('the probe worker answers with a speed and its reference only rises', { timeout: 30000 }, async () => {
  const probe = await HostProbe.start(null, path.join(ROOT, 'bench', 'data', 'records.json'), { ...HOST_PROBE_DEFAULTS, windowMs: 50, calibrationWindows: 2 });
  assert.ok(probe, 'the worker starts');
  try {
    const first = probe.referenceOpsPerSecond;
    assert.ok(first > 0);
    const r = await probe.measure();
    assert.ok(r > 0 && r <= 1, `relative speed ${r}`);
    assert.ok(probe.referenceOpsPerSecond >= first);
    assert.equal(probe.settings().window_ms, 50);
  } finally {
    probe.stop();
  }
});

test('a probe that cannot start is null, not a crash', { timeout: 30000 }, async () => {
  const probe = await HostProbe.start(null, '/nonexistent/records.json', { ...HOST_PROBE_DEFAULTS, windowMs: 50, calibrationWindows: 1 });
  assert.equal(probe, null);
});
