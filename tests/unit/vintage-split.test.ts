/**
 * The machine or the runtime (src/lib/vintage-split.ts, src/lib/vintage-runs.ts):
 * each claim with a 2019 figure split into the figure with 2019's runtimes on
 * this machine and with today's, from the vintage run; claims about vintages
 * read from the vintage run beside the active one; a missing vintage or a
 * missing vintage run reads "not measured", with its reason.
 * Fixture: tests/fixtures/runs/synthetic-vintage.json (synthetic numbers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateClaim, loadClaims } from '../../src/lib/claims.ts';
import { claimWith2019Runtimes, hasRuntimeSplit, hasSplit, memberFor, splitFamilies, vintageSplit } from '../../src/lib/vintage-split.ts';
import { hasVintageCells, isVintageClaim, isVintageRun, pairVintageRun, vintageRunOf } from '../../src/lib/vintage-runs.ts';
import { newestComplete, newestCompleteVintage } from '../../src/lib/runs.ts';
import { activeReason } from '../../src/lib/run-status.ts';
import { listVintageMembers, metricSubjects } from '../../src/lib/implementations.ts';
import { fixtureRun } from './helpers.ts';

const claims = loadClaims();
const claim = (id: string) => claims.find((c) => c.id === id)!;
const vintage = fixtureRun('synthetic-vintage');
const close = (a: number, b: number, tolerance = 0.02) => Math.abs(a / b - 1) < tolerance;

test('the manifests\' vintages are implementations a metric may name, never part of the default listing', () => {
  const cpu = listVintageMembers('cpu').map((v) => v.id);
  for (const id of ['cpython-3-7', 'cpython-3-14', 'cpython-3-14t', 'go-1-13', 'node-12', 'java-25']) assert.ok(cpu.includes(id), id);
  assert.ok(metricSubjects('cpu').has('cpython-3-7'));
  assert.ok(metricSubjects('threads').has('cpython-3-14t'));
  assert.ok(!metricSubjects('http').has('cpython-3-7'));
});

test('which claims split: a family with a 2019 runtime of its own (Java 17 is both), and not the claims about vintages', () => {
  assert.deepEqual(splitFamilies(claim('cpu-python-50x-c')), ['cpython']);
  assert.deepEqual(splitFamilies(claim('cpu-go-near-java')), ['go'], 'Java 17 is the default and the oldest Java: it does not split');
  assert.deepEqual(splitFamilies(claim('cpu-java-4x-c')), []);
  assert.ok(hasSplit(claim('cpu-go-2-3x-c')));
  assert.ok(!hasSplit(claim('threads-gil-one-core')), 'a figure in words has no bar');
  assert.ok(hasRuntimeSplit(claim('threads-gil-one-core')), 'but it is judged with 2019\'s runtimes too');
  assert.ok(!hasRuntimeSplit(claim('runtime-go-126-vs-113')));
  assert.ok(isVintageClaim(claim('runtime-go-126-vs-113')));
  assert.ok(!isVintageClaim(claim('cpu-go-30x-python')));
  const withSplit = claims.filter((c) => hasSplit(c));
  assert.ok(withSplit.length >= 5, `${withSplit.length} claims carry the split`);
});

test('a claim with 2019\'s runtimes: each family\'s id swapped for its 2019 member, found by its runtime record', () => {
  assert.equal(memberFor(vintage, 'cpu', 'cpython', 'cpython@3.7'), 'cpython-3-7');
  assert.equal(memberFor(vintage, 'cpu', 'java', 'java@17'), 'java', 'the default ran Java 17');
  assert.equal(memberFor(null, 'cpu', 'go', 'go@1.13'), 'go-1-13', 'without a run: the id the manifest gives it');
  const then = claimWith2019Runtimes(claim('cpu-go-30x-python'), vintage, ['cpython', 'go']);
  assert.ok(then.measure.kind === 'geomean_ratio');
  assert.deepEqual(then.measure.pairs[0], ['cpu.cpython-3-7.nbody.seconds', 'cpu.go-1-13.nbody.seconds']);
  assert.equal(claim('cpu-go-30x-python').measure.kind, 'geomean_ratio', 'the claim itself is untouched');
});

test('the split: 2019 figure, 2019\'s runtimes here and today\'s here, each measured one with its interval and verdict', () => {
  const s = vintageSplit(claim('cpu-python-50x-c'), vintage);
  // Fixture: CPython 3.7 takes 90× C's time, the default CPython 60×, C++ 0.95×.
  assert.equal(s.original?.value, 50);
  assert.ok(s.then.measured?.kind === 'value' && close(s.then.measured.value, 90 / 0.95), JSON.stringify(s.then.measured));
  assert.ok(s.now.measured?.kind === 'value' && close(s.now.measured.value, 60 / 0.95));
  for (const r of [s.then, s.now]) {
    assert.ok(r.measured?.kind === 'value' && r.measured.low !== null && r.measured.high !== null, 'with its interval');
    assert.notEqual(r.verdict, 'not_measured');
  }
  assert.ok(close(s.hardware!, 90 / 0.95 / 50));
  assert.ok(close(s.runtime!, 60 / 90));
  assert.deepEqual(s.families.map((f) => [f.family, f.thenId, f.then?.version, f.now?.version]), [['cpython', 'cpython-3-7', '3.7.16', '3.11.2']]);
  // A 2019 range is drawn as its middle, the range as its interval.
  const range = vintageSplit(claim('cpu-go-2-3x-c'), vintage);
  assert.deepEqual([range.original?.low, range.original?.high, range.original?.range], [2, 3, true]);
  assert.ok(close(range.original!.value, Math.sqrt(6), 1e-9));
});

test('a vintage this machine lacks, or no vintage run: "not measured", with the reason, never a number', () => {
  const without = structuredClone(vintage);
  without.cells = without.cells.filter((c) => c.impl !== 'cpython-3-7');
  for (const k of Object.keys(without.implementations)) if (k.endsWith('/cpython-3-7')) delete without.implementations[k];
  const s = vintageSplit(claim('ops-python-logic-30us'), without);
  assert.equal(s.then.verdict, 'not_measured');
  assert.equal(s.then.reason?.code, 'no_cell');
  assert.equal(s.hardware, null);
  assert.equal(s.runtime, null);
  assert.notEqual(s.now.verdict, 'not_measured', 'today\'s runtime is still measured');
  const none = vintageSplit(claim('ops-python-logic-30us'), null);
  assert.equal(none.then.verdict, 'not_measured');
  assert.equal(none.now.verdict, 'not_measured');
  // A claim about vintages, read beside a run that has no vintage run paired: says so.
  const active = fixtureRun('synthetic-a');
  pairVintageRun(active, null);
  const r = evaluateClaim(claim('runtime-cpython-314-vs-37'), active);
  assert.equal(r.verdict, 'not_measured');
  assert.equal(r.reason?.code, 'no_vintage_run');
});

test('claims about vintages are read from the vintage run beside the active one, its ratios from the same rounds', () => {
  const active = fixtureRun('synthetic-a');
  pairVintageRun(active, vintage);
  assert.equal(vintageRunOf(active), vintage);
  const py = evaluateClaim(claim('runtime-cpython-314-vs-37'), active);
  assert.ok(py.measured?.kind === 'value' && close(py.measured.value, 90 / 55), JSON.stringify(py.measured));
  // The free-threaded build: its threads against its own single thread, and against the GIL build's threads.
  const scales = evaluateClaim(claim('runtime-free-threaded-scales'), active);
  assert.ok(scales.measured?.kind === 'value' && close(scales.measured.value, 4 / 2.1), JSON.stringify(scales.measured));
  assert.equal(scales.verdict, 'holds');
  const vsGil = evaluateClaim(claim('runtime-free-threaded-vs-gil'), active);
  assert.ok(vsGil.measured?.kind === 'value' && close(vsGil.measured.value, 3.7 / 2.1), JSON.stringify(vsGil.measured));
  assert.ok(vsGil.measured.low !== null, 'paired round by round in the group that spans every CPython');
  // The 2019 GIL claim, judged with Python 3.7.
  const gil = vintageSplit(claim('threads-gil-one-core'), vintage);
  assert.equal(gil.then.verdict, 'holds');
  assert.ok(gil.then.sources.every((s) => s.includes('/cpython-3-7/')));
});

test('the vintage run is shown beside the default run, never as it', () => {
  const a = { file: 'a.json', run: fixtureRun('synthetic-a') };
  const v = { file: 'v.json', run: vintage };
  assert.ok(isVintageRun(vintage) && hasVintageCells(vintage));
  assert.ok(!hasVintageCells(a.run));
  assert.equal(newestComplete([v])?.run.id ?? null, null, 'a vintage run alone is not a default run');
  assert.equal(newestComplete([a, v])?.run.id, 'synthetic-a');
  assert.equal(newestCompleteVintage([a, v])?.run.id, 'synthetic-vintage');
  assert.deepEqual(activeReason(vintage, [a.run, vintage], a.run, null, vintage).reason, { active: true, code: 'vintage_beside', of: 'synthetic-a' });
  assert.equal(activeReason(vintage, [a.run, vintage], a.run, null, null).reason.code, 'other_vintage');
});
