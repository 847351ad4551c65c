import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClaims, evaluateClaim, applyRule } from '../../src/lib/claims.ts';
import { parseMetricId } from '../../src/lib/metric-ids.ts';
import type { Claim } from '../../src/schemas/claims.ts';
import { fixtureRun } from './helpers.ts';

const claims = loadClaims();

function metricIds(claim: Claim): string[] {
  const m = claim.measure;
  switch (m.kind) {
    case 'metric': return [m.id];
    case 'ratio': return [m.of, m.to];
    case 'geomean_ratio': case 'range_ratio': case 'min_ratio': return m.pairs.flat();
    case 'best_ratio': return [...m.of, m.to];
    case 'min_metric': case 'geomean_metric': return m.ids;
    case 'threads_vs_processes': return [m.threads, m.processes];
    case 'none': return [];
  }
}

test('the claims file lists every claim of ESSAYS.md, each with valid metric ids', () => {
  assert.equal(claims.length, 27);
  for (const claim of claims) {
    for (const id of metricIds(claim)) assert.ok(!('error' in parseMetricId(id)), `${claim.id}: ${id}`);
  }
});

test('rules: approx, range, at_least, at_most, gil', () => {
  const approx = { kind: 'approx', target: 50, holds_factor: 1.5, partly_factor: 3 } as const;
  assert.equal(applyRule(approx, { kind: 'value', value: 60, cv: null }), 'holds');
  assert.equal(applyRule(approx, { kind: 'value', value: 120, cv: null }), 'partly');
  assert.equal(applyRule(approx, { kind: 'value', value: 5, cv: null }), 'no_longer_holds');
  const range = { kind: 'range', low: 4, high: 50, partly_factor: 1.5 } as const;
  assert.equal(applyRule(range, { kind: 'range', low: 5, high: 40, cv: null }), 'holds');
  assert.equal(applyRule(range, { kind: 'range', low: 1.2, high: 20, cv: null }), 'partly');
  assert.equal(applyRule(range, { kind: 'range', low: 60, high: 90, cv: null }), 'no_longer_holds');
  assert.equal(applyRule({ kind: 'at_least', min: 1, partly_min: 0.9 }, { kind: 'value', value: 0.95, cv: null }), 'partly');
  assert.equal(applyRule({ kind: 'at_most', max: 1, partly_max: 1.1 }, { kind: 'value', value: 0.9, cv: null }), 'holds');
  const gil = { kind: 'gil', threads_max: 1.2, processes_min: 1.5 } as const;
  assert.equal(applyRule(gil, { kind: 'pair', threads: 1, processes: 1.9, cv: null }), 'holds');
  assert.equal(applyRule(gil, { kind: 'pair', threads: 1.9, processes: 1.9, cv: null }), 'partly');
});

test('every claim evaluates against a full run; unmeasured ones say so', () => {
  const run = fixtureRun('synthetic-a');
  for (const claim of claims) {
    const r = evaluateClaim(claim, run);
    if (claim.measure.kind === 'none') assert.equal(r.verdict, 'not_remeasured');
    else assert.notEqual(r.verdict, 'not_measured', `${claim.id}: ${r.reason}`);
  }
});

test('without a run, measurable claims are "not measured", never invented', () => {
  for (const claim of claims) {
    const r = evaluateClaim(claim, null);
    assert.equal(r.measured, null);
    assert.ok(r.verdict === 'not_measured' || r.verdict === 'not_remeasured');
  }
});

test('swapping the run changes measured values (and verdicts follow)', () => {
  const a = fixtureRun('synthetic-a');
  const b = fixtureRun('synthetic-b');
  const claim = claims.find((c) => c.id === 'http-python-50us')!;
  const ra = evaluateClaim(claim, a);
  const rb = evaluateClaim(claim, b);
  assert.ok(ra.measured?.kind === 'value' && rb.measured?.kind === 'value');
  assert.ok(Math.abs(rb.measured.value / ra.measured.value - 2) < 0.1, 'run b is half as fast');
});

test('a verdict near a boundary with a wide spread is marked uncertain', () => {
  const run = fixtureRun('synthetic-a');
  const base = claims.find((c) => c.id === 'http-loop-pypy-near-go')!;
  const measured = evaluateClaim(base, run).measured;
  assert.ok(measured?.kind === 'value');
  // Put the measurement just inside the "holds" band (×1.4 of a ×/÷1.5 band).
  const claim: Claim = { ...base, rule: { kind: 'approx', target: measured.value / 1.4, holds_factor: 1.5, partly_factor: 3 } };
  const r = evaluateClaim(claim, run);
  assert.equal(r.verdict, 'holds');
  assert.equal(r.uncertain, false, 'a tight spread keeps the verdict certain');
  const noisy = structuredClone(run);
  for (const c of noisy.cells) if (c.suite === 'http' && c.test === 'loop' && c.summary) c.summary.requests_per_second.cv = 0.1;
  assert.equal(evaluateClaim(claim, noisy).uncertain, true);
});
