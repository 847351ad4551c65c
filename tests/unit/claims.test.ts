import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadClaims, evaluateClaim, applyRule, judge } from '../../src/lib/claims.ts';
import { parseMetricId } from '../../src/lib/metric-ids.ts';
import { getMetric, pairStackRun } from '../../src/lib/metrics.ts';
import { pairVintageRun } from '../../src/lib/vintage-runs.ts';
import type { Claim } from '../../src/schemas/claims.ts';
import { fixtureRun } from './helpers.ts';

const claims = loadClaims();

function metricIds(claim: Claim): string[] {
  const m = claim.measure;
  switch (m.kind) {
    case 'metric': return [m.id];
    case 'ratio': return [m.of, m.to];
    case 'geomean_ratio': case 'range_ratio': case 'min_ratio': return m.pairs.flat();
    case 'range_geomean_ratio': return m.groups.flat(2);
    case 'best_ratio': return [...m.of, m.to];
    case 'min_metric': case 'geomean_metric': return m.ids;
    case 'threads_vs_processes': return [m.threads, m.processes];
    case 'none': return [];
  }
}

test('the claims file lists every claim of ESSAYS.md, each with valid metric ids', () => {
  // ESSAYS.md's list, the TechEmpower, PostgreSQL and PHP remarks, "Go is slower than C++" (why learn Go, issue #12),
  // and the web-stack suite's claims of the Python infrastructure essay (issue #14); "Python runs about as fast behind
  // Nginx or uWSGI's own server" went (issue #21): the 2019 essays never say it.
  // Issue #23 added six claims that set a runtime against its 2019 release (CPython 3.14 and 3.7, the free-threaded
  // build against its single thread and against the GIL build, Go, Node.js, Java): 39.
  assert.equal(claims.length, 39);
  assert.ok(!claims.some((c) => c.id === 'http-uwsgi-nginx-near-router'));
  for (const claim of claims) {
    for (const id of metricIds(claim)) assert.ok(!('error' in parseMetricId(id)), `${claim.id}: ${id}`);
  }
});

test('a CPU claim is measured against the language it names: C++ claims against cpp, C claims against c', () => {
  const texts = JSON.parse(readFileSync('src/i18n/en/claims.json', 'utf8')).claims as Record<string, { statement: string }>;
  const cpu = claims.filter((c) => metricIds(c).some((id) => id.startsWith('cpu.')));
  assert.ok(cpu.length >= 9);
  for (const claim of cpu) {
    const statement = texts[claim.id]!.statement;
    const ids = metricIds(claim);
    const againstCpp = ids.some((id) => /\.vs_cpp$|^cpu\.cpp\./.test(id));
    const againstC = ids.some((id) => /\.vs_c$|^cpu\.c\./.test(id));
    assert.equal(againstCpp, statement.includes('C++'), `${claim.id} ("${statement}"): ${ids.join(', ')}`);
    assert.equal(againstC, /\bC\b(?!\+\+)/.test(statement), `${claim.id} ("${statement}"): ${ids.join(', ')}`);
  }
});

test('"a very direct implementation" is a simpler operation than "real logic"', () => {
  const direct = claims.find((c) => c.id === 'ops-python-100k-per-second')!;
  const logic = claims.find((c) => c.id === 'ops-python-logic-30us')!;
  const op = (c: Claim) => metricIds(c).map((id) => id.split('.')[2]);
  assert.deepEqual(op(logic), ['record_logic']);
  assert.equal(op(direct).length, 1);
  assert.notEqual(op(direct)[0], 'record_logic');
});

test('rules: approx, range, at_least, at_most, gil', () => {
  const approx = { kind: 'approx', target: 50, holds_factor: 1.5, partly_factor: 3 } as const;
  assert.equal(applyRule(approx, { kind: 'value', value: 60 }), 'holds');
  assert.equal(applyRule(approx, { kind: 'value', value: 120 }), 'partly');
  assert.equal(applyRule(approx, { kind: 'value', value: 5 }), 'no_longer_holds');
  const range = { kind: 'range', low: 4, high: 50, partly_factor: 1.5 } as const;
  assert.equal(applyRule(range, { kind: 'range', low: 5, high: 40 }), 'holds');
  assert.equal(applyRule(range, { kind: 'range', low: 1.2, high: 20 }), 'partly');
  assert.equal(applyRule(range, { kind: 'range', low: 60, high: 90 }), 'no_longer_holds');
  assert.equal(applyRule({ kind: 'at_least', min: 1, partly_min: 0.9 }, { kind: 'value', value: 0.95 }), 'partly');
  assert.equal(applyRule({ kind: 'at_most', max: 1, partly_max: 1.1 }, { kind: 'value', value: 0.9 }), 'holds');
  const gil = { kind: 'gil', threads_max: 1.2, processes_min: 1.5 } as const;
  assert.equal(applyRule(gil, { kind: 'pair', threads: 1, processes: 1.9 }), 'holds');
  assert.equal(applyRule(gil, { kind: 'pair', threads: 1.9, processes: 1.9 }), 'partly');
});

test('every claim evaluates against a full run and the stack and vintage runs beside it; unmeasured ones say so', () => {
  const run = fixtureRun('synthetic-a');
  pairStackRun(run, fixtureRun('synthetic-stack'));
  pairVintageRun(run, fixtureRun('synthetic-vintage'));
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

test('verdicts are taken at both ends of the interval: a straddling interval is inconclusive', () => {
  const approx = { kind: 'approx', target: 50, holds_factor: 2, partly_factor: 4 } as const;
  // 90 [80, 98]: holds everywhere (≤ 100).
  assert.deepEqual(judge(approx, { kind: 'value', value: 90, low: 80, high: 98 }), { verdict: 'holds', leaning: 'holds', inconclusive: null });
  // 95 [85, 110]: the upper end is beyond ×2 of 50, where the claim holds only partly.
  const straddling = judge(approx, { kind: 'value', value: 95, low: 85, high: 110 });
  assert.equal(straddling.verdict, 'inconclusive');
  assert.equal(straddling.leaning, 'holds');
  assert.deepEqual(straddling.inconclusive, { why: 'straddles', verdicts: ['holds', 'partly'] });
  // No interval: inconclusive, never a guess.
  assert.deepEqual(judge(approx, { kind: 'value', value: 60, low: null, high: null }).inconclusive, { why: 'no_interval' });
  // A range is judged at every combination of its ends' bounds.
  const range = { kind: 'range', low: 4, high: 50, partly_factor: 1.5 } as const;
  const r = judge(range, { kind: 'range', low: { value: 5, low: 4.5, high: 5.5 }, high: { value: 70, low: 60, high: 80 } });
  assert.equal(r.verdict, 'inconclusive');
  assert.equal(judge(range, { kind: 'range', low: { value: 5, low: 4.5, high: 5.5 }, high: { value: 40, low: 38, high: 42 } }).verdict, 'holds');
  const gil = { kind: 'gil', threads_max: 1.2, processes_min: 1.5 } as const;
  assert.equal(judge(gil, { kind: 'pair', threads: { value: 1, low: 0.98, high: 1.02 }, processes: { value: 1.8, low: 1.6, high: 1.9 } }).verdict, 'holds');
  assert.equal(judge(gil, { kind: 'pair', threads: { value: 1, low: 0.98, high: 1.02 }, processes: { value: 1.6, low: 1.4, high: 1.8 } }).verdict, 'inconclusive');
});

test('a flag that blocks claims makes the verdict inconclusive and names the flag', () => {
  const approx = { kind: 'approx', target: 50, holds_factor: 2, partly_factor: 4 } as const;
  const flag = { cell: 'http/go/transfer', kind: 'client_bound' as const, detail: 'wrk used 98 % of its CPU' };
  const j = judge(approx, { kind: 'value', value: 50, low: 49, high: 51 }, [flag]);
  assert.equal(j.verdict, 'inconclusive');
  assert.equal(j.leaning, 'holds');
  assert.deepEqual(j.inconclusive, { why: 'blocked', flags: [flag] });

  const run = fixtureRun('synthetic-a');
  // A ratio measured in the same rounds: decided on the fixture until a flag lands on one of its cells.
  const claim = claims.find((c) => c.id === 'http-go-4x-pypy')!;
  assert.equal(evaluateClaim(claim, run).verdict, 'holds');
  const flagged = structuredClone(run);
  for (const c of flagged.cells) if (c.suite === 'http' && c.test === 'plaintext' && c.impl === 'pypy') c.flags = [{ kind: 'few_samples', detail: 'only 40 requests' }];
  const r = evaluateClaim(claim, flagged);
  assert.equal(r.verdict, 'inconclusive');
  assert.equal(r.inconclusive?.why, 'blocked');
  assert.ok(r.inconclusive?.why === 'blocked' && r.inconclusive.flags.some((f) => f.kind === 'few_samples'));
});

test('a claim over "the measured stacks" uses those measured and names the rest', () => {
  const run = fixtureRun('synthetic-a');
  const claim = claims.find((c) => c.measure.kind === 'min_metric')!;
  const without = structuredClone(run);
  const ids = claim.measure.kind === 'min_metric' ? claim.measure.ids : [];
  const dropped = ids[0]!.split('.')[1]!;
  without.cells = without.cells.filter((c) => !(c.impl === dropped && c.suite === 'http'));
  const r = evaluateClaim(claim, without);
  assert.notEqual(r.verdict, 'not_measured');
  // The one dropped, and only ids this run does not have (the fixture predates some deployments).
  assert.ok(r.omitted.includes(ids[0]!), r.omitted.join(', '));
  for (const id of r.omitted) assert.equal(getMetric(without, id).kind, 'missing', id);
});

test('a zero figure in the web-stack run (a server that completed nothing) makes its claims "not measured", naming it', () => {
  const run = fixtureRun('synthetic-a');
  const zeroed = structuredClone(fixtureRun('synthetic-stack'));
  for (const c of zeroed.cells) {
    if (c.suite !== 'stack' || c.impl !== 'go-gorm' || c.test !== 'queries' || c.status !== 'ok') continue;
    // Every slice completed nothing: the rate, its samples and its summary are zero.
    c.repetitions = c.repetitions.map((r) => ({ ...r, requests_per_second: 0 }));
    c.summary!.requests_per_second = { ...c.summary!.requests_per_second, median: 0, min: 0, max: 0, mean: 0, stddev: 0, cv: null };
  }
  pairStackRun(run, zeroed);
  const claim = claims.find((c) => c.id === 'stack-orm-overhead')!;
  const r = evaluateClaim(claim, run);
  assert.equal(r.verdict, 'not_measured');
  assert.deepEqual(r.reason, { code: 'zero_figure', metric: 'stack.go-gorm.queries.rps' });
});
