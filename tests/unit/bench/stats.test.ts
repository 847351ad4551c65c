import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Summary } from '../../../src/schemas/run.ts';
import { cv, mean, median, stddev, summarize } from '../../../scripts/bench/stats.ts';

test('median of odd and even series', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

test('sample standard deviation (n − 1)', () => {
  assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
  assert.ok(Math.abs(stddev([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935299395) < 1e-12);
  assert.equal(stddev([5]), 0);
});

test('coefficient of variation', () => {
  assert.ok(Math.abs(cv([90, 100, 110])! - 0.1) < 1e-12);
  assert.equal(cv([1]), null);
  assert.equal(cv([0, 0]), null);
});

test('summarize gives a valid Summary', () => {
  const s = summarize([10, 12, 11, 13, 9]);
  assert.deepEqual({ n: s.n, median: s.median, min: s.min, max: s.max, mean: s.mean }, { n: 5, median: 11, min: 9, max: 13, mean: 11 });
  Summary.parse(s);
  Summary.parse(summarize([42]));
});

test('summarize refuses empty and non-finite series', () => {
  assert.throws(() => summarize([]));
  assert.throws(() => summarize([1, Number.NaN]));
});
