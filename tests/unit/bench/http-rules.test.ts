import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptiveSlice, LOOP_SLICE_FACTOR, sliceSecondsFor, warmedUp, WARMUP_MIN_JIT } from '../../../scripts/bench/suites/http.ts';

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

test('load length: many times the slowest member latency, in whole seconds, between the base and the cap', () => {
  assert.equal(adaptiveSlice(1, [8_000, 20_000]), 1, 'fast endpoints keep the base second');
  assert.equal(adaptiveSlice(1, [256_000, 90_000]), 3, '256 connections at 1,000 req/s: a quarter second per request');
  assert.equal(adaptiveSlice(1, [1_300_000]), 4, 'capped');
  assert.equal(adaptiveSlice(3, [80_000]), 3, 'never below the base');
  assert.equal(adaptiveSlice(1, []), 1);
});

test('the loop test loads three slices long in measured runs and one slice in a quick smoke run', () => {
  assert.equal(sliceSecondsFor('loop', 1), 1 * LOOP_SLICE_FACTOR);
  assert.equal(sliceSecondsFor('json', 1), 1);
  assert.equal(sliceSecondsFor('loop', 1, true), 1);
});
