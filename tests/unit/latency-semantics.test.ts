/** What a run's HTTP latencies are (src/lib/latency-semantics.ts) and how the methodology page states it (src/lib/run-settings.ts). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { latencySemantics } from '../../src/lib/latency-semantics.ts';
import { latencySetting } from '../../src/lib/run-settings.ts';
import { parseRunFile } from '../../src/lib/runs.ts';
import { fixtureRun } from './helpers.ts';

const load = (file: string) => parseRunFile(file, readFileSync(file, 'utf8'));

test('older runs have what their timed load gave: wrk corrected, the slicer raw', () => {
  assert.equal(latencySemantics(load('data/runs/2026-11-26T06-44-29Z-vm.json')), 'corrected');
  assert.equal(latencySemantics(load('data/runs/2026-12-01T15-01-05Z-vm.json')), 'corrected');
  assert.equal(latencySemantics(load('data/runs/2026-12-01T18-22-45Z-vm.json')), 'raw');
  assert.equal(latencySemantics(fixtureRun('synthetic-a')), 'corrected');
  const none = structuredClone(fixtureRun('synthetic-a'));
  none.settings.load_generator = null;
  assert.equal(latencySemantics(none), null);
  assert.equal(latencySetting(none), null);
});

test('a recorded semantics wins, and the settings row says whether it was recorded and how precise percentiles are', () => {
  const run = structuredClone(load('data/runs/2026-12-01T18-22-45Z-vm.json'));
  assert.deepEqual(latencySetting(run), { semantics: 'raw', recorded: false, percentileError: null });
  run.settings.load_generator!.latency = 'raw';
  run.settings.load_generator!.timed!.latency_percentile_error = 1 / 256;
  assert.deepEqual(latencySetting(run), { semantics: 'raw', recorded: true, percentileError: 1 / 256 });
  run.settings.load_generator!.latency = 'corrected';
  assert.equal(latencySemantics(run), 'corrected');
});
