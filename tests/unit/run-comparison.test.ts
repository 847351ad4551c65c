/**
 * Two runs compared (the /runs/ pages): ratios oriented so that > 1 = faster
 * on run B whatever the unit, rows from the union of both runs, intervals from
 * each run's own rounds, and the default pair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, defaultPair, speedRatio, verdictOf } from '../../src/lib/run-comparison.ts';
import { getMetric } from '../../src/lib/metrics.ts';
import { fixtureRun, formatRun } from './helpers.ts';

const a = fixtureRun('synthetic-a');
// synthetic-b: the same machine at half the speed; synthetic-c: another machine, twice as fast, without Java.
const b = fixtureRun('synthetic-b');
const c = fixtureRun('synthetic-c');
const v1 = formatRun('v1Wrk');

const row = (rows: ReturnType<typeof compareRuns>['rows'], key: string) => {
  const r = rows.find((x) => x.key === key);
  assert.ok(r, `row ${key}`);
  return r;
};

test('a slower machine reads below 1 for every unit: req/s, seconds and ns alike', () => {
  const { rows } = compareRuns(a, b);
  for (const key of ['http/go/json', 'cpu/go/nbody', 'ops/c/call', 'threads/cpython/single', 'build/go/cold']) {
    const r = row(rows, key);
    assert.ok(r.ratio, key);
    assert.ok(Math.abs(r.ratio.value - 0.5) < 0.03, `${key}: ${r.ratio.value}`);
    assert.equal(r.verdict, 'slower', key);
  }
  // Higher-is-better (req/s): B ÷ A; lower-is-better (s): A ÷ B.
  const http = row(rows, 'http/go/json');
  assert.equal(http.higherIsBetter, true);
  assert.equal(row(rows, 'cpu/go/nbody').higherIsBetter, false);
  if (http.a.kind === 'value' && http.b.kind === 'value') assert.ok(Math.abs(http.ratio!.value - http.b.value / http.a.value) < 1e-9);
  const cpu = row(rows, 'cpu/go/nbody');
  if (cpu.a.kind === 'value' && cpu.b.kind === 'value') assert.ok(Math.abs(cpu.ratio!.value - cpu.a.value / cpu.b.value) < 1e-9);
});

test('the other way round a faster machine reads above 1, and the ratio is the reciprocal', () => {
  const ab = row(compareRuns(a, b).rows, 'cpu/go/nbody').ratio!;
  const ba = row(compareRuns(b, a).rows, 'cpu/go/nbody').ratio!;
  assert.ok(Math.abs(ab.value * ba.value - 1) < 1e-9);
  assert.equal(row(compareRuns(b, a).rows, 'cpu/go/nbody').verdict, 'faster');
});

test('every figure and ratio carries its 95 % interval, which contains it', () => {
  for (const r of compareRuns(a, c).rows) {
    for (const m of [r.a, r.b]) {
      if (m.kind !== 'value') continue;
      assert.ok(m.low !== null && m.high !== null && m.low <= m.value && m.value <= m.high, `${r.key}: ${m.low} ${m.value} ${m.high}`);
    }
    if (r.ratio) assert.ok(r.ratio.low! <= r.ratio.value && r.ratio.value <= r.ratio.high!, r.key);
  }
});

test("rows are the union of both runs' cells: a cell only one run has is listed, marked missing in the other", () => {
  const { rows, both, counts } = compareRuns(a, c);
  const keysA = new Set(a.cells.map((x) => `${x.suite}/${x.impl}/${x.test}`));
  const keysC = new Set(c.cells.map((x) => `${x.suite}/${x.impl}/${x.test}`));
  assert.deepEqual(new Set(rows.map((r) => r.key)), new Set([...keysA, ...keysC]));
  const java = row(rows, 'http/java/json');
  assert.equal(java.a.kind, 'value');
  assert.equal(java.b.kind === 'missing' && java.b.reason.code, 'no_cell');
  assert.equal(java.ratio, null);
  assert.equal(both, rows.filter((r) => r.ratio).length);
  assert.equal(counts.faster + counts.slower + counts.same + counts.no_interval, both);
  assert.ok(rows.length > both);
  // The same row from the other side.
  const back = row(compareRuns(c, a).rows, 'http/java/json');
  assert.equal(back.a.kind === 'missing' && back.a.reason.code, 'no_cell');
});

test("two runs' rounds are resampled apart: a run against itself has ratio 1 and a real interval around it", () => {
  const r = row(compareRuns(a, structuredClone(a)).rows, 'http/go/json');
  assert.ok(Math.abs(r.ratio!.value - 1) < 1e-12);
  // Paired round by round (the same group name in both runs) the interval would collapse to [1, 1].
  assert.ok(r.ratio!.low! < 0.99 && r.ratio!.high! > 1.01, `${r.ratio!.low} – ${r.ratio!.high}`);
  assert.equal(r.verdict, 'same');
});

test('a version-1 run (repetitions, no rounds) compares with a version-2 run', () => {
  assert.equal(v1.schema_version, 1);
  const { rows, both } = compareRuns(v1, a);
  assert.ok(both > 50, `${both} cells measured in both`);
  const go = row(rows, 'http/go/json');
  assert.ok(go.ratio && go.ratio.value > 0);
  assert.ok(go.a.kind === 'value' && go.a.low !== null, 'five repetitions give the v1 figure an interval');
});

test('verdicts read the interval', () => {
  assert.equal(verdictOf({ value: 1.2, low: 1.1, high: 1.3 }), 'faster');
  assert.equal(verdictOf({ value: 0.8, low: 0.7, high: 0.9 }), 'slower');
  assert.equal(verdictOf({ value: 1.05, low: 0.95, high: 1.15 }), 'same');
  assert.equal(verdictOf({ value: 1.05, low: null, high: null }), 'no_interval');
  assert.equal(speedRatio(getMetric(a, 'http.go.json.rps'), getMetric(c, 'http.java.json.rps')), null);
});

test('the default pair is the newest run against the active one, or against the next newest', () => {
  const runs = [a, b, c].map((run) => ({ run }));
  const [ra, rb, rc] = runs;
  assert.deepEqual(defaultPair(runs, ra!), { a: ra, b: rc });
  assert.deepEqual(defaultPair(runs, rc!), { a: rb, b: rc });
  assert.equal(defaultPair([ra!], ra!), null);
});

test('p99 latencies are compared only between runs whose latencies mean the same; otherwise the row says why', () => {
  // The synthetic runs were timed by wrk (corrected latencies); the run of 1 December 18:22 by the slicer (raw).
  const sliced = formatRun('v2Slicer');
  const same = row(compareRuns(a, b).rows, 'http/go/json').latency!;
  assert.equal(same.leftOut, null);
  assert.ok(same.ratio && same.ratio.value > 0, 'wrk against wrk: compared');
  const mixed = row(compareRuns(a, sliced).rows, 'http/go/json');
  assert.ok(mixed.ratio, 'the headline rate is still compared');
  assert.equal(mixed.latency!.ratio, null);
  assert.equal(mixed.latency!.verdict, null);
  assert.deepEqual(mixed.latency!.leftOut, { reason: 'latency_semantics', a: 'corrected', b: 'raw' });
  assert.equal(mixed.latency!.a.kind, 'value', 'each figure is still shown');
  // A recorded field wins over the inference from the load generator.
  const recorded = structuredClone(sliced);
  recorded.id = `${sliced.id}-recorded`; // compareRuns caches by id
  recorded.settings.load_generator!.latency = 'corrected';
  assert.equal(row(compareRuns(a, recorded).rows, 'http/go/json').latency!.leftOut, null);
  // Suites without latencies have none to compare.
  assert.equal(row(compareRuns(a, b).rows, 'cpu/go/nbody').latency, null);
});
