/**
 * The A/A check judged as a set (src/lib/aa-check.ts), and what it does to
 * the claims (the A/A hook of src/lib/claims.ts), on a fixture of 17 A/A
 * results with 3 misses (tests/fixtures/aa/three-misses.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { aaFailureFor, allowedMisses, binomialMidP, judgeAa, missFactor } from '../../src/lib/aa-check.ts';
import { evaluateClaim } from '../../src/lib/claims.ts';
import { getMetric } from '../../src/lib/metrics.ts';
import { formatRange } from '../../src/lib/format-range.ts';
import type { Claim } from '../../src/schemas/claims.ts';
import type { AaResult, Run } from '../../src/schemas/run.ts';
import { fixtureRun, translator } from './helpers.ts';

const fixture = JSON.parse(readFileSync('tests/fixtures/aa/three-misses.json', 'utf8')) as { precision_target: Record<string, number>; aa: AaResult[] };
const settings = (targets = fixture.precision_target) => ({ statistics: { precision_target: targets } }) as unknown as Run['settings'];
const misses = (aa: AaResult[]) => aa.filter((a) => a.contains_one === false).length;

test('the binomial test: 17 intervals at 95 % allow 2 misses, not 3 (mid-p); fewer intervals allow fewer', () => {
  assert.equal(allowedMisses(17), 2);
  assert.ok(binomialMidP(17, 2, 0.05) > 0.05);
  assert.ok(binomialMidP(17, 3, 0.05) < 0.05);
  assert.equal(allowedMisses(1), 0);
  assert.equal(allowedMisses(5), 1);
  assert.equal(allowedMisses(40), 4);
  // The exact tail P(X ≥ 3) of 17 at 5 % is 0.0503 (on the line); the mid-p counts half of P(X = 3).
  assert.ok(Math.abs(binomialMidP(17, 3, 0.05) - 0.0295) < 0.0005);
  assert.equal(binomialMidP(17, 0, 0.05), 1);
});

test('three misses of seventeen fail the set: the suites with a miss fail, the one without passes', () => {
  assert.equal(misses(fixture.aa), 3);
  const j = judgeAa({ aa: fixture.aa, settings: settings() })!;
  assert.equal(j.intervals, 17);
  assert.equal(j.misses, 3);
  assert.equal(j.allowed, 2);
  assert.equal(j.passed, false);
  const bySuite = Object.fromEntries(j.suites.map((s) => [s.suite, s]));
  assert.equal(bySuite.http!.failed, false);
  assert.equal(bySuite.cpu!.failed, true);
  assert.equal(bySuite.cpu!.why, 'too_many');
  assert.equal(bySuite.ops!.failed, true);
  // The discrepancy: the smallest widening under which every A/A interval of the suite contains 1.
  const loop = fixture.aa.find((a) => a.suite === 'cpu' && a.test === 'loop')!;
  assert.equal(bySuite.cpu!.factor, 1 / loop.high!);
  for (const a of fixture.aa.filter((x) => x.suite === 'ops')) {
    const f = bySuite.ops!.factor;
    assert.ok(a.low! / f <= 1 && a.high! * f >= 1, `${a.test} contains 1 once widened by ${f}`);
  }
});

test('two misses pass; a single large miss fails its suite whatever the count', () => {
  const two = fixture.aa.filter((a) => !(a.suite === 'cpu' && a.test === 'loop'));
  assert.equal(judgeAa({ aa: two, settings: settings() })!.passed, true);
  // Two misses again (allowed), one of them 8 % away from 1, past HTTP's ±5 % target.
  const large = two.filter((a) => a.test !== 'map_lookup').map((a) => (a.suite === 'http' && a.test === 'json' ? { ...a, low: 1.08, high: 1.12, value: 1.1, contains_one: false } : a));
  assert.equal(misses(large), 2);
  const j = judgeAa({ aa: large, settings: settings() })!;
  assert.equal(j.passed, false);
  assert.deepEqual(j.suites.filter((s) => s.failed).map((s) => [s.suite, s.why]), [['http', 'large_miss']]);
  assert.ok(Math.abs(missFactor({ low: 1.08, high: 1.12 }) - 1.08) < 1e-12);
  // No A/A results (no --aa, or a run before the check): nothing to judge.
  assert.equal(judgeAa({ aa: undefined, settings: settings() }), null);
});

/** synthetic-a with the fixture's A/A results. */
function runWithAa(aa: AaResult[]): Run {
  const run = structuredClone(fixtureRun('synthetic-a'));
  run.aa = aa;
  run.settings.statistics = { ...run.settings.statistics!, precision_target: fixture.precision_target };
  return run;
}

test("a claim of a failed suite keeps its verdict only if it holds with the interval widened by the suite's discrepancy", () => {
  const run = runWithAa(fixture.aa);
  const m = getMetric(run, 'cpu.go.nbody.seconds');
  assert.equal(m.kind, 'value');
  if (m.kind !== 'value') return;
  const claim = (max: number): Claim =>
    ({ id: 'aa-test', essay: 'why-learn-go', original: null, measure: { kind: 'metric', id: 'cpu.go.nbody.seconds' }, rule: { kind: 'at_most', max, partly_max: max * 10 } }) as Claim;
  // Just above the interval: holds, but the interval widened by 0.6 % crosses the boundary.
  const tight = evaluateClaim(claim(m.high! * 1.001), run);
  assert.equal(tight.verdict, 'inconclusive');
  assert.deepEqual(tight.inconclusive, { why: 'aa', suites: ['cpu'], factor: aaFailureFor(run, ['cpu/go/nbody'])!.factor });
  assert.equal(tight.leaning, 'holds');
  // Well above it: the verdict stands.
  assert.equal(evaluateClaim(claim(m.high! * 1.5), run).verdict, 'holds');
  // The same claim on a run whose A/A check passed: the tight one holds.
  const passing = runWithAa(fixture.aa.filter((a) => a.contains_one !== false));
  assert.equal(evaluateClaim(claim(m.high! * 1.001), passing).verdict, 'holds');
  // A claim of a suite that passed (HTTP) is not touched by the CPU and ops failures.
  assert.equal(aaFailureFor(run, ['http/go/json']), null);
});

test('an A/A interval prints the digits it needs: never "1.0–1.0×"', () => {
  const ctx = { t: translator('en'), locale: { intl: 'en-US' } } as unknown as Parameters<typeof formatRange>[3];
  const loop = fixture.aa.find((a) => a.suite === 'cpu' && a.test === 'loop')!;
  const text = formatRange(loop.low!, loop.high!, 'times', ctx);
  assert.equal(text, '0.987–0.994×');
  assert.equal(formatRange(0.5, 2, 'times', ctx), '0.5–2.0×');
  const [lo, hi] = text.replace('×', '').split('–');
  assert.notEqual(lo, hi);
});
