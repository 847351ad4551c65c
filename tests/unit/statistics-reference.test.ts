/**
 * The distribution functions behind every interval, against reference values
 * (R's qt/qnorm/pnorm, checked independently by numerical integration of the
 * t density): a drift here moves every interval the site shows and the rule
 * that stops the runner's rounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandedTail, normalCdf, normalQuantile, tCdf, tQuantile } from '../../src/lib/statistics.ts';

const close = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: got ${got}, want ${want} (±${rel * 100} %)`);

test('normal quantile matches qnorm', () => {
  const cases: [number, number][] = [
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.995, 2.575829303548901],
    [0.9, 1.281551565544601],
    [0.001, -3.090232306167814],
    [0.02, -2.053748910631823],
  ];
  for (const [p, q] of cases) assert.ok(Math.abs(normalQuantile(p) - q) < 1e-8, `qnorm(${p})`);
  assert.throws(() => normalQuantile(0));
  assert.throws(() => normalQuantile(1));
});

test('normal CDF matches pnorm within its documented 1.5e-7', () => {
  const cases: [number, number][] = [
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [-1, 0.15865525393145707],
    [-3, 0.0013498980316300957],
    [2.5, 0.9937903346742238],
  ];
  for (const [x, p] of cases) assert.ok(Math.abs(normalCdf(x) - p) < 1.5e-7, `pnorm(${x}) = ${normalCdf(x)}`);
});

test('t quantile matches qt, small degrees of freedom included', () => {
  const cases: [number, number, number][] = [
    [0.975, 1, 12.706204736174707],
    [0.975, 2, 4.302652729749464],
    [0.975, 3, 3.182446305284263],
    [0.975, 4, 2.776445105197793],
    [0.975, 9, 2.262157162798205],
    [0.975, 30, 2.042272456301238],
    [0.995, 5, 4.032142983557536],
    [0.9, 4, 1.533206274058503],
  ];
  for (const [p, df, q] of cases) {
    close(tQuantile(p, df), q, 1e-9, `qt(${p}, ${df})`);
    close(tQuantile(1 - p, df), -q, 1e-9, `qt(${1 - p}, ${df})`);
    close(tCdf(q, df), p, 1e-12, `pt(${q}, ${df})`);
  }
  // Many degrees of freedom: the t distribution becomes the normal one.
  close(tQuantile(0.975, 2000), 1.961151, 1e-5, 'qt(0.975, 2000)');
  assert.throws(() => tCdf(1, 0), /whole number/);
  assert.throws(() => tCdf(1, 2.5), /whole number/);
});

test("expanded percentile tail (Hesterberg 2015) from the reference quantiles", () => {
  // Φ(−√(n/(n−1))·t(0.975, n−1)); the reference side uses R's qt values and erfc.
  const phi = (x: number) => normalCdf(x);
  close(expandedTail(0.95, 10), phi(-Math.sqrt(10 / 9) * 2.262157162798205), 1e-9, 'n = 10');
  close(expandedTail(0.95, 5), phi(-Math.sqrt(5 / 4) * 2.776445105197793), 1e-9, 'n = 5');
  // Independent values (Python's math.erfc on the same reference quantiles): n = 5, 10, 31.
  for (const [n, want] of [[5, 0.0009541005518824946], [10, 0.008550639024406373], [31, 0.018945527516566387]] as const)
    assert.ok(Math.abs(expandedTail(0.95, n) - want) < 2e-7, `n = ${n}: ${expandedTail(0.95, n)}`);
  assert.ok(expandedTail(0.95, 6) < expandedTail(0.95, 30) && expandedTail(0.95, 30) < 0.025);
  assert.ok(Math.abs(expandedTail(0.95, 2) - 0.025) < 1e-12, 'below three rounds: the plain percentile tail');
});
