/** What a run's HTTP latencies are (src/lib/latency-semantics.ts) and how the methodology page states it (src/lib/run-settings.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencySemantics } from '../../src/lib/latency-semantics.ts';
import { latencySetting } from '../../src/lib/run-settings.ts';
import { fixtureRun, formatRun } from './helpers.ts';

test('older runs have what their timed load gave: wrk corrected, the slicer raw', () => {
  assert.equal(latencySemantics(formatRun('v1Wrk')), 'corrected');
  assert.equal(latencySemantics(formatRun('v2WrkRounds')), 'corrected');
  assert.equal(latencySemantics(formatRun('v2Slicer')), 'raw');
  assert.equal(latencySemantics(fixtureRun('synthetic-a')), 'corrected');
  const none = structuredClone(fixtureRun('synthetic-a'));
  none.settings.load_generator = null;
  assert.equal(latencySemantics(none), null);
  assert.equal(latencySetting(none), null);
});

test('a recorded semantics wins, and the settings row says whether it was recorded and how precise percentiles are', () => {
  const run = formatRun('v2Slicer');
  assert.deepEqual(latencySetting(run), { semantics: 'raw', recorded: false, percentileError: null });
  run.settings.load_generator!.latency = 'raw';
  run.settings.load_generator!.timed!.latency_percentile_error = 1 / 256;
  assert.deepEqual(latencySetting(run), { semantics: 'raw', recorded: true, percentileError: 1 / 256 });
  run.settings.load_generator!.latency = 'corrected';
  assert.equal(latencySemantics(run), 'corrected');
});
