import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Summary } from '../../src/schemas/run.ts';
import { cv, mean, median, stddev, summarize } from '../../src/lib/statistics.ts';

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

// ------------------------------------------------------------------ intervals and rounds
import {
  bootstrap,
  biweightLocation,
  DEFAULT_ESTIMATOR,
  geomeanOf,
  medianInterval,
  medianOf,
  quotient,
  ratioOf,
  relativeHalfWidth,
  seededRandom,
  shuffled,
  type Series,
} from '../../src/lib/statistics.ts';
import { HostTrace, LONG_PHASES_HOST, QUIET_HOST, THIS_HOST, simulate, type HostModel } from '../../scripts/bench/host-model.ts';

test('median interval from order statistics: none below 6 values, then the widest pair with ≥ 95 % coverage', () => {
  assert.equal(medianInterval([1, 2, 3, 4, 5]), null);
  // n = 6: [x(1), x(6)] covers 1 − 2/64 = 96.9 %.
  assert.deepEqual(medianInterval([6, 1, 5, 2, 4, 3]), { low: 1, high: 6 });
  // n = 10: [x(2), x(9)] covers 97.9 %, [x(3), x(8)] only 89 %.
  assert.deepEqual(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { low: 2, high: 9 });
});

test('biweight ignores a far outlier that moves the mean', () => {
  const xs = [0, 0.01, -0.01, 0.005, -0.005, 0.5];
  assert.ok(Math.abs(biweightLocation(xs)) < 0.01);
  assert.ok(xs.reduce((a, b) => a + b) / xs.length > 0.08);
});

const series = (group: string, values: number[]): Series => ({ group, samples: values.map((value, round) => ({ round, value })) });

test('a ratio pairs samples by round, so a slow round slows both sides and cancels', () => {
  // The host speed halves in rounds 2 and 3; B is always 4× A.
  const speed = [1, 1, 0.5, 0.5, 1, 1, 1, 0.5];
  const a = series('g', speed.map((s) => 100 * s));
  const b = series('g', speed.map((s) => 400 * s));
  const i = bootstrap(ratioOf(b, a, 'geomean'))!;
  assert.ok(Math.abs(i.value - 4) < 1e-9);
  assert.ok(Math.abs(i.low! - 4) < 1e-9 && Math.abs(i.high! - 4) < 1e-9, 'no spread once the host speed cancels');
  // Measured apart (different groups), the same numbers give a wide interval.
  const apart = bootstrap(ratioOf({ ...b, group: 'other' }, a, 'geomean'))!;
  assert.ok(apart.high! / apart.low! > 1.5);
});

test('the bootstrap is seeded: the same data give the same interval, another seed another one', () => {
  const random = seededRandom(3);
  const a = series('g', Array.from({ length: 12 }, () => 100 * (1 + 0.1 * random())));
  const b = series('g', Array.from({ length: 12 }, () => 300 * (1 + 0.1 * random())));
  const one = bootstrap(ratioOf(b, a, 'biweight'));
  assert.deepEqual(bootstrap(ratioOf(b, a, 'biweight')), one);
  assert.notDeepEqual(bootstrap(ratioOf(b, a, 'biweight'), { seed: 7 }), one);
});

test('too few rounds give a value but no interval', () => {
  const i = bootstrap(ratioOf(series('g', [1, 2, 3, 4]), series('g', [2, 4, 6, 8]), 'geomean'))!;
  assert.equal(i.value, 0.5);
  assert.equal(i.low, null);
  assert.equal(relativeHalfWidth(i), null);
});

test('composite quantities resample each group once per replicate', () => {
  const r = seededRandom(5);
  const mk = (g: string, base: number) => series(g, Array.from({ length: 10 }, () => base * (1 + 0.05 * r())));
  const q = geomeanOf([ratioOf(mk('t1', 2), mk('t1', 1), 'geomean'), ratioOf(mk('t2', 8), mk('t2', 1), 'geomean')]);
  const i = bootstrap(q)!;
  assert.ok(i.value > 3.8 && i.value < 4.2, `geomean of ~2 and ~8 is ~4, got ${i.value}`);
  assert.ok(i.low! <= i.value && i.value <= i.high!);
  assert.equal(bootstrap(quotient(medianOf(mk('x', 10)), medianOf(mk('y', 5))))!.rounds, 10);
});

test('interleaving order: every round visits every member once, in a fresh order', () => {
  const random = seededRandom(11);
  const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const orders = Array.from({ length: 30 }, () => shuffled(members, random));
  for (const o of orders) assert.deepEqual([...o].sort(), members);
  assert.ok(new Set(orders.map((o) => o.join())).size > 25, 'orders differ from round to round');
  // Each member takes each position about equally often (no member always first).
  const firsts = new Map<string, number>();
  for (const o of orders) firsts.set(o[0]!, (firsts.get(o[0]!) ?? 0) + 1);
  assert.ok(Math.max(...firsts.values()) <= 12);
});

/**
 * Coverage on the host model: simulate many measurements whose true ratio is
 * known and count how often the 95 % interval contains it.
 */
function coverage(
  model: HostModel,
  protocol: 'interleaved' | 'blocked',
  o: { sims: number; rounds: number; kind: 'slice' | 'run'; truth?: number[]; layoutBias?: { sigma: number; per: 'run' | 'round' } },
) {
  const truth = o.truth ?? (o.kind === 'slice' ? [1000, 3000, 700, 5000, 1200, 250, 2000] : [0.8, 0.5, 1.0, 0.6, 2.5, 12, 0.3]);
  let covered = 0;
  let counted = 0;
  const widths: number[] = [];
  for (let s = 0; s < o.sims; s++) {
    const trace = new HostTrace(model, 1000 + s, 8000);
    const sim = simulate(trace, { truth, protocol, rounds: o.rounds, kind: o.kind, sliceSeconds: 1, gapSeconds: 0.3, ...(o.layoutBias ? { layoutBias: o.layoutBias } : {}) });
    const i = bootstrap(ratioOf(sim[1]!, sim[0]!, DEFAULT_ESTIMATOR), { replicates: 300 });
    if (!i || i.low === null || i.high === null) continue;
    counted++;
    const t = truth[1]! / truth[0]!;
    if (i.low <= t && t <= i.high) covered++;
    widths.push(relativeHalfWidth(i)!);
  }
  widths.sort((a, b) => a - b);
  return { coverage: covered / counted, medianHalfWidth: widths[widths.length >> 1]! };
}

test('on the model of this host, 95 % intervals from interleaved rounds cover the true ratio about 95 % of the time', { timeout: 120_000 }, () => {
  const c = coverage(THIS_HOST, 'interleaved', { sims: 160, rounds: 15, kind: 'slice' });
  assert.ok(c.coverage >= 0.92 && c.coverage <= 0.995, `coverage ${(c.coverage * 100).toFixed(1)} %`);
  const runs = coverage(THIS_HOST, 'interleaved', { sims: 120, rounds: 12, kind: 'run' });
  assert.ok(runs.coverage >= 0.9, `process runs: coverage ${(runs.coverage * 100).toFixed(1)} %`);
  const quiet = coverage(QUIET_HOST, 'interleaved', { sims: 80, rounds: 10, kind: 'slice' });
  assert.ok(quiet.coverage >= 0.92, `quiet host: coverage ${(quiet.coverage * 100).toFixed(1)} %`);
  assert.ok(quiet.medianHalfWidth < 0.02, 'on a quiet host ten rounds pin a ratio to ±2 %');
});

test('blocked repetitions under the same model do measurably worse than interleaved rounds', { timeout: 120_000 }, () => {
  const inter = coverage(LONG_PHASES_HOST, 'interleaved', { sims: 120, rounds: 15, kind: 'slice' });
  const blocked = coverage(LONG_PHASES_HOST, 'blocked', { sims: 120, rounds: 15, kind: 'slice' });
  assert.ok(blocked.coverage < inter.coverage - 0.1, `blocked ${(blocked.coverage * 100).toFixed(1)} % vs interleaved ${(inter.coverage * 100).toFixed(1)} %`);
  assert.ok(blocked.medianHalfWidth > inter.medianHalfWidth, 'and wider');
});

test('layout bias: an A/A twin with one layout per run escapes its interval; a new layout every round keeps coverage ≥ 93 %', { timeout: 120_000 }, () => {
  // Go and its twin (same program) among other members; each process's layout shifts its speed by exp(σ·z), σ = 3 %.
  const truth = [1000, 1000, 700, 3000];
  const bias = (per: 'run' | 'round') => ({ sims: 160, rounds: 15, kind: 'slice' as const, truth, layoutBias: { sigma: 0.03, per } });
  // Where the host is quiet the intervals are narrow, and a fixed layout bias falls outside them most of the time.
  const fixed = coverage(QUIET_HOST, 'interleaved', bias('run'));
  assert.ok(fixed.coverage < 0.5, `one layout per run: coverage ${(fixed.coverage * 100).toFixed(1)} % (the bias hides from the interval)`);
  for (const [name, model] of [['quiet host', QUIET_HOST], ['this host', THIS_HOST]] as const) {
    const perRound = coverage(model, 'interleaved', bias('round'));
    assert.ok(perRound.coverage >= 0.93, `${name}, a layout per round: coverage ${(perRound.coverage * 100).toFixed(1)} %`);
  }
  assert.ok(coverage(QUIET_HOST, 'interleaved', bias('round')).medianHalfWidth > fixed.medianHalfWidth, 'the bias now shows as width');
  // Whole process runs (a fixed amount of work timed) behave the same way.
  const runs = coverage(THIS_HOST, 'interleaved', { sims: 120, rounds: 12, kind: 'run', truth: [0.8, 0.8, 2.5], layoutBias: { sigma: 0.03, per: 'round' } });
  assert.ok(runs.coverage >= 0.93, `process runs, a layout per round: coverage ${(runs.coverage * 100).toFixed(1)} %`);
});
