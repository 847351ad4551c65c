import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionGroups, connections2019, cpuCount, httpSetup, memoryExtremes, processes2019, serverMemory, MB_IN_MIB } from '../../src/lib/http-setup.ts';
import { getOriginal } from '../../src/lib/originals.ts';
import type { Run } from '../../src/schemas/run.ts';
import { fixtureRun } from './helpers.ts';

/** The fixture as a version-1 run made by the block runner: eight connections on the loop, no rounds. */
function blockRun(): Run {
  const run = structuredClone(fixtureRun('synthetic-a'));
  run.schema_version = 1;
  delete run.comparisons;
  delete run.settings.statistics;
  for (const c of run.cells) {
    if (c.suite !== 'http' || !c.load) continue;
    c.load = { ...c.load, duration_seconds: 5, repetitions: c.repetitions.length, connections: c.test === 'loop' ? 8 : c.load.connections };
  }
  run.implementations = Object.fromEntries(
    ['go', 'cpython'].map((impl) => [`http/${impl}`, { suite: 'http', language: impl, runtime: impl, source_dir: `bench/http/${impl}`, libraries: {}, workers: impl === 'go' ? 1 : 2 }]),
  );
  return run;
}

test('connections fold into groups: most servers, the exceptions, tests with the same pattern together', () => {
  const groups = httpSetup(blockRun())!.connections;
  assert.deepEqual(groups, [
    // The fixture has CPython's two uWSGI deployments too (the HTTP suite's Python deployments all use 64), in their manifests' order.
    { tests: ['plaintext', 'msgpack', 'json', 'transfer'], connections: 256, exceptions: [{ connections: 64, impls: ['pypy', 'cpython', 'cpython-uwsgi', 'cpython-nginx'] }] },
    { tests: ['loop'], connections: 8, exceptions: [] },
  ]);
  assert.deepEqual(connections2019(), [{ tests: ['plaintext', 'msgpack', 'json', 'transfer', 'loop'], connections: 256, exceptions: [{ connections: 64, impls: ['pypy', 'cpython'] }] }]);
  // A tie goes to the larger number.
  assert.deepEqual(connectionGroups([{ impl: 'go', test: 'json', connections: 64 }, { impl: 'java', test: 'json', connections: 256 }]), [
    { tests: ['json'], connections: 256, exceptions: [{ connections: 64, impls: ['go'] }] },
  ]);
});

test('a run measured in rounds: slice length, rounds, reference and stopping rule come from the run', () => {
  const setup = httpSetup(fixtureRun('synthetic-a'))!;
  assert.deepEqual(setup.timing, { kind: 'rounds', sliceSeconds: { low: 1, high: 1 }, rounds: { low: 8, high: 8 }, references: ['go'], precision: 0.05, budgetSeconds: 1200 });
  assert.equal(setup.serverCpus, '0');
  assert.equal(setup.clientCpus, '1');
  assert.deepEqual(setup.wrkThreads, { low: 1, high: 1 });
  // The fixture records no implementations: workers are unknown, never invented.
  assert.ok(setup.workers.every((w) => w.workers === null));
});

test('a version-1 run: repetitions and their length, workers as recorded', () => {
  const setup = httpSetup(blockRun())!;
  assert.deepEqual(setup.timing, { kind: 'repetitions', sliceSeconds: { low: 5, high: 5 }, repetitions: { low: 8, high: 8 } });
  assert.deepEqual(
    setup.workers.filter((w) => w.workers !== null),
    [{ impl: 'go', workers: 1 }, { impl: 'cpython', workers: 2 }],
  );
});

test('CPU lists as taskset writes them', () => {
  assert.equal(cpuCount('0'), 1);
  assert.equal(cpuCount('0-3,6'), 5);
  assert.equal(cpuCount('2-1'), null);
  assert.equal(cpuCount('all'), null);
});

test('memory is compared per process: 2019 ran eight Python processes, one Go or Rust process', () => {
  assert.equal(processes2019('cpython'), 8);
  assert.equal(processes2019('go'), 1);
  // 20 MB per process (160 MB over eight processes, as the author wrote it), in MiB.
  const cpython = getOriginal('http.cpython.json.memory_mib') as { value: number; processes: number };
  assert.equal(cpython.processes, processes2019('cpython'));
  assert.equal(cpython.value * cpython.processes, 160);
  assert.ok(Math.abs(cpython.value * MB_IN_MIB - 19.07) < 0.01);
  const run = fixtureRun('synthetic-a');
  const m = serverMemory(run, 'cpython')!;
  assert.equal(m.processes, 2);
  assert.ok(Math.abs(m.perProcessMib * 2 - m.totalMib) < 1e-9);
});

test('the lightest and the heaviest server come from the run, whichever they are', () => {
  const run = structuredClone(fixtureRun('synthetic-a'));
  const set = (impl: string, mib: number, processes: number) => {
    const cell = run.cells.find((c) => c.suite === 'http' && c.impl === impl && c.test === 'json')!;
    if (cell.suite === 'http') cell.memory = { peak_rss_bytes: mib * 2 ** 20, peak_pss_bytes: mib * 2 ** 20, processes };
  };
  set('java', 300, 1);
  set('rust-axum', 5, 1);
  const e = memoryExtremes(run)!;
  assert.equal(e.heaviest.impl, 'java');
  assert.equal(e.lightest.impl, 'rust-axum');
  set('java', 1, 1);
  assert.equal(memoryExtremes(run)!.lightest.impl, 'java');
  assert.equal(memoryExtremes(null), null);
});
