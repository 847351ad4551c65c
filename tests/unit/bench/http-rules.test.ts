import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RAMP_MAX_MS, rampMs, SLICE_MAX_MS, SLICE_MIN_MS, timedSliceMs, warmedUp, WARMUP_MIN_JIT } from '../../../scripts/bench/http/load-policy.ts';

test('warm-up: a JIT runtime warms until the median of its last loads stops rising, whatever one outlier does', () => {
  assert.equal(warmedUp([100, 101], false), true, 'others need only the minimum');
  assert.equal(warmedUp([100, 100, 100, 100, 100], true), false, `JIT runtimes need ${WARMUP_MIN_JIT} loads`);
  // Still rising: 100, 110, 120 then 130, 140, 150.
  assert.equal(warmedUp([100, 110, 120, 130, 140, 150], true), false);
  // A plateau with one slow load in it (a GC pause): medians agree.
  assert.equal(warmedUp([100, 140, 150, 149, 90, 151], true), false, 'the window before still holds the climb');
  assert.equal(warmedUp([100, 140, 150, 149, 151, 90, 150, 150, 149], true), true);
  // One fast outlier after a plateau does not count as a rise.
  assert.equal(warmedUp([150, 149, 151, 150, 149, 190], true), true);
});

test('timed slice: enough completions and one and a half latencies, between 250 ms and 3 s, in steps of 50 ms', () => {
  assert.equal(timedSliceMs(256, 60_000), SLICE_MIN_MS, 'fast endpoints: a quarter of a second');
  assert.equal(timedSliceMs(16, 150), 350, '50 completions at 150 req/s take 333 ms');
  assert.equal(timedSliceMs(256, 1000), 400, '256 connections at 1,000 req/s: 256 ms per request, × 1.5');
  assert.equal(timedSliceMs(256, 248), 1550, 'a cold, slow database test: every connection still sends inside the window');
  assert.equal(timedSliceMs(8, 6), SLICE_MAX_MS, "CPython's one-million loop: capped");
  assert.equal(timedSliceMs(64, 0), SLICE_MAX_MS, 'a member that completed nothing in warm-up gets the longest window');
});

test('ramp: one and a half times the time per request before the window opens, capped', () => {
  assert.equal(rampMs(256, 3840), 100, '256 connections at 3,840 req/s: 67 ms per request');
  assert.equal(rampMs(8, 6), RAMP_MAX_MS, "CPython's loop: capped");
  assert.equal(rampMs(64, 0), RAMP_MAX_MS, 'no rate seen: the longest ramp');
});
