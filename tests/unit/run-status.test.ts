/**
 * The runs page's data (issue 25): why each run is or is not the one the essays quote, with its
 * suites; and comparisons of unlike runs carry a note (a quick run's n-body at n = 100,000 against a
 * full run's 5,000,000 printed "6.81×" with nothing to say the sizes differ).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../src/schemas/run.ts';
import { settingDifferences } from '../../src/lib/run-comparison.ts';
import { activeReason, activeReasonText, unlikeNote } from '../../src/lib/run-status.ts';
import { fixtureRun, translator } from './helpers.ts';

const en = translator('en');
const es = translator('es');

/** A copy of a run with another id, date and whatever else the case needs. */
function variant(base: Run, id: string, startedAt: string, change: (r: Run) => void = () => {}): Run {
  const r = structuredClone(base);
  r.id = id;
  r.started_at = startedAt;
  change(r);
  return r;
}

test('quick against full: the n-body row says the problem sizes differ; like runs have no note', () => {
  const full = variant(fixtureRun('synthetic-a'), 'full', '2026-01-01T00:00:00Z', (r) => {
    for (const c of r.cells) if (c.suite === 'cpu') c.argument = c.test === 'nbody' ? '5000000' : c.argument;
  });
  const quick = variant(fixtureRun('synthetic-b'), 'quick', '2026-01-02T00:00:00Z', (r) => {
    r.mode = 'quick';
    for (const c of r.cells) if (c.suite === 'cpu') c.argument = c.test === 'nbody' ? '100000' : c.argument;
    r.settings.load_generator = { tool: 'wrk', version: null, script: 'x', timed: { tool: 'slicer', source: 'scripts/bench/slicer/slicer.c', rate: 'overlap' } };
    for (const c of r.cells) if (c.suite === 'http' && c.impl === 'go' && c.test === 'json' && c.load) c.load.connections = 64;
  });
  const nbody = settingDifferences(full, quick, { suite: 'cpu', impl: 'go', test: 'nbody' });
  assert.deepEqual(nbody, [{ setting: 'argument', a: '5000000', b: '100000' }]);
  assert.equal(unlikeNote(nbody, en), 'Not like for like: problem size 5000000 against 100000. The ratio reflects the settings as much as the machines.');
  assert.match(unlikeNote(nbody, es)!, /^No son comparables: tamaño del problema 5000000 frente a 100000\./);

  const json = settingDifferences(full, quick, { suite: 'http', impl: 'go', test: 'json' });
  assert.deepEqual(json, [
    { setting: 'connections', a: '256', b: '64' },
    { setting: 'load_generator', a: 'wrk', b: 'slicer' },
  ]);
  assert.match(unlikeNote(json, en)!, /load timed by wrk against slicer/);

  // The same settings: no note.
  const a = fixtureRun('synthetic-a');
  const b = fixtureRun('synthetic-b');
  for (const c of a.cells) assert.deepEqual(settingDifferences(a, b, c), [], `${c.suite}/${c.impl}/${c.test}`);
  assert.equal(unlikeNote([], en), null);
  // A cell only one run has: nothing to compare, no note.
  assert.deepEqual(settingDifferences(a, fixtureRun('synthetic-c'), { suite: 'http', impl: 'java', test: 'json' }), []);
});

test('why a run is or is not quoted, with its suites', () => {
  const all = fixtureRun('synthetic-a');
  const older = variant(all, 'older', '2025-12-01T00:00:00Z');
  const active = variant(all, 'active', '2026-01-05T00:00:00Z');
  const cpuOnly = variant(all, 'cpu-only', '2026-01-06T00:00:00Z', (r) => {
    r.suites = ['cpu'];
    r.cells = r.cells.filter((c) => c.suite === 'cpu');
  });
  const quick = variant(all, 'quick', '2026-01-07T00:00:00Z', (r) => (r.mode = 'quick'));
  const partial = variant(all, 'partial', '2026-01-07T00:00:00Z', (r) => (r.mode = 'partial'));
  const incomplete = variant(all, 'incomplete', '2026-01-08T00:00:00Z', (r) => (r.complete = false));
  const stack = fixtureRun('synthetic-stack');
  const runs = [older, active, cpuOnly, quick, partial, incomplete, stack];

  assert.deepEqual(activeReason(active, runs, active, stack), { suites: ['http', 'cpu', 'ops', 'threads', 'build'], reason: { active: true, code: 'newest_full' } });
  // The case: a complete full run of the CPU suite only, newer than the active one.
  const cpu = activeReason(cpuOnly, runs, active, stack);
  assert.deepEqual(cpu, { suites: ['cpu'], reason: { active: false, code: 'missing_suites', missing: ['http', 'ops', 'threads', 'build'], active_id: 'active' } });
  assert.equal(activeReasonText(cpu.reason, en, (id) => `run ${id}`), 'Not quoted: it did not measure http, ops, threads, build, which run active did.');
  assert.equal(activeReason(older, runs, active, stack).reason.code, 'newer');
  assert.equal(activeReasonText(activeReason(older, runs, active, stack).reason, es), 'No se cita: active es más reciente.');
  assert.equal(activeReason(quick, runs, active, stack).reason.code, 'quick');
  assert.equal(activeReason(partial, runs, active, stack).reason.code, 'partial');
  assert.equal(activeReason(incomplete, runs, active, stack).reason.code, 'incomplete');
  assert.deepEqual(activeReason(stack, runs, active, stack).reason, { active: true, code: 'stack_beside', of: 'active' });
  assert.equal(activeReason(stack, runs, active, null).reason.code, 'other_stack');
  // Pinned in data/site.json: the older run is quoted, the newest says why it is not.
  assert.equal(activeReason(older, runs, older, stack).reason.code, 'pinned');
  assert.deepEqual(activeReason(active, runs, older, stack).reason, { active: false, code: 'pinned_other', active_id: 'older' });
  for (const r of runs) for (const t of [en, es]) assert.doesNotMatch(activeReasonText(activeReason(r, runs, active, stack).reason, t), /runStatus|\{\{/);
});
