import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getMetric, getRatio, UnknownMetricError, geometricMean } from '../../src/lib/metrics.ts';
import { parseMetricId } from '../../src/lib/metric-ids.ts';
import { reasonText } from '../../src/lib/missing-reason.ts';
import { fixtureRun, withCell } from './helpers.ts';
import type { HttpCell } from '../../src/schemas/run.ts';

const run = fixtureRun('synthetic-a');

test('metric ids: four parts with a known suite, test and metric', () => {
  assert.deepEqual(parseMetricId('http.go.json.rps'), { id: 'http.go.json.rps', suite: 'http', impl: 'go', test: 'json', metric: 'rps', unit: 'rps' });
  assert.match((parseMetricId('http.go.jsn.rps') as { error: string }).error, /unknown http test "jsn"/);
  assert.match((parseMetricId('http.go.json.rpm') as { error: string }).error, /unknown http metric "rpm"/);
  assert.match((parseMetricId('web.go.json.rps') as { error: string }).error, /unknown suite "web"/);
  assert.match((parseMetricId('http.go.rps') as { error: string }).error, /four parts/);
});

test('an id no schema can produce throws; an unmeasured one is "missing"', () => {
  assert.throws(() => getMetric(run, 'http.go.json.speed'), UnknownMetricError);
  const missing = getMetric(run, 'http.zig.json.rps');
  assert.equal(missing.kind, 'missing');
});

test('http metrics read medians and derive per-request time', () => {
  const rps = getMetric(run, 'http.go.json.rps');
  assert.equal(rps.kind, 'value');
  const cell = run.cells.find((c): c is HttpCell => c.suite === 'http' && c.impl === 'go' && c.test === 'json')!;
  assert.equal(rps.kind === 'value' && rps.value, cell.summary!.requests_per_second.median);
  const us = getMetric(run, 'http.go.json.us_per_request');
  assert.ok(us.kind === 'value' && Math.abs(us.value - 1e6 / (rps.kind === 'value' ? rps.value : 1)) < 1e-9);
  // Every value carries its 95 % interval, which an inverse keeps around the value.
  assert.ok(rps.kind === 'value' && rps.low! < rps.value && rps.value < rps.high! && rps.rounds === 8);
  assert.ok(us.kind === 'value' && us.low! < us.value && us.value < us.high!);
});

test('a failed cell is reported with its reason', () => {
  const broken = withCell(run, (c) => c.suite === 'http' && c.impl === 'go' && c.test === 'json', { status: 'failed', reason: 'wrong body', summary: null });
  const m = getMetric(broken, 'http.go.json.rps');
  assert.equal(m.kind, 'missing');
  assert.match(m.kind === 'missing' ? reasonText(m.reason) : '', /failed: wrong body/);
});

test('vs_c divides by C, vs_cpp by C++, round by round; geomean combines kernels', () => {
  // The fixture's host is slow in a quarter of the rounds; per-round ratios cancel that, so the ratio is tight.
  const v = getMetric(run, 'cpu.cpython.nbody.vs_c');
  assert.ok(v.kind === 'value' && Math.abs(v.value - 60) < 0.6, `${v.kind === 'value' && v.value}`);
  assert.ok(v.kind === 'value' && v.high! / v.low! < 1.03, 'paired rounds give a narrow interval');
  const cpp = getMetric(run, 'cpu.c.nbody.vs_cpp');
  assert.ok(cpp.kind === 'value' && Math.abs(cpp.value - 1 / 0.95) < 0.02);
  const g = getMetric(run, 'cpu.go.geomean.vs_c');
  assert.ok(g.kind === 'value' && Math.abs(g.value - 1.6) < 0.02);
  assert.ok(g.kind === 'value' && g.low! <= g.value && g.value <= g.high!);
  assert.equal(Math.round(geometricMean([1, 100]) * 1e9) / 1e9, 10);
});

test('ratios and threads speedup', () => {
  const r = getRatio(run, 'http.go.json.rps', 'http.cpython.json.rps');
  assert.ok(r.kind === 'value' && Math.abs(r.value - 8) < 0.5);
  const s = getMetric(run, 'threads.cpython.processes.speedup');
  assert.ok(s.kind === 'value' && Math.abs(s.value - 1.9) < 0.03);
  assert.equal(getMetric(null, 'http.go.json.rps').kind, 'missing');
});

test('a runtime served by several deployments counts as its faster one on each test, as in 2019', async () => {
  const { deploymentFor } = await import('../../src/lib/metrics.ts');
  const two = structuredClone(run);
  two.cells = two.cells.filter((c) => !(c.suite === 'http' && c.impl.startsWith('cpython-')));
  // CPython measured behind uWSGI's router and behind nginx: nginx faster on plaintext, slower on json.
  for (const c of [...two.cells]) {
    if (c.suite !== 'http' || c.impl !== 'cpython') continue;
    c.impl = 'cpython-uwsgi';
    const nginx = structuredClone(c);
    nginx.impl = 'cpython-nginx';
    const f = c.test === 'plaintext' ? 1.5 : 0.5;
    for (const r of nginx.repetitions) r.requests_per_second *= f;
    nginx.summary!.requests_per_second.median *= f;
    two.cells.push(nginx);
  }
  two.implementations['http/cpython-uwsgi'] = { suite: 'http', language: 'python', runtime: 'cpython', source_dir: 'bench/http/python', libraries: {}, workers: 1 };
  two.implementations['http/cpython-nginx'] = { suite: 'http', language: 'python', runtime: 'cpython', source_dir: 'bench/http/python', libraries: {}, workers: 1 };
  assert.equal(deploymentFor(two, 'http', 'cpython', 'plaintext'), 'cpython-nginx');
  assert.equal(deploymentFor(two, 'http', 'cpython', 'json'), 'cpython-uwsgi');
  const plain = getMetric(two, 'http.cpython.plaintext.rps');
  const original = getMetric(run, 'http.cpython.plaintext.rps');
  assert.ok(plain.kind === 'value' && original.kind === 'value' && Math.abs(plain.value / original.value - 1.5) < 1e-6);
  assert.deepEqual(plain.kind === 'value' && plain.sources, ['http/cpython-nginx/plaintext']);
  // A run with a cell under the runtime's own id (older runs) uses that cell.
  assert.equal(deploymentFor(run, 'http', 'cpython', 'plaintext'), null);
});
