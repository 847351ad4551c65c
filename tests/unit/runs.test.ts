import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { parseRunFile, RunFileError, newestComplete, selectActiveRun, loadRuns } from '../../src/lib/runs.ts';
import { Run } from '../../src/schemas/run.ts';
import { fixtureRun } from './helpers.ts';

test('a malformed run names the file and the JSON path', () => {
  const run = structuredClone(fixtureRun('synthetic-a')) as any;
  run.cells[3].summary.requests_per_second.median = 'fast';
  assert.throws(
    () => parseRunFile('data/runs/bad.json', JSON.stringify(run)),
    (e: Error) => e instanceof RunFileError && /data\/runs\/bad\.json/.test(e.message) && /\$\.cells\[3\]\.summary\.requests_per_second\.median/.test(e.message),
  );
  assert.throws(() => parseRunFile('data/runs/x.json', '{ nope'), /data\/runs\/x\.json: not valid JSON/);
});

test('failed and skipped cells need a reason; ok cells need a summary', () => {
  const run = structuredClone(fixtureRun('synthetic-a')) as any;
  run.cells[0].status = 'failed';
  assert.equal(Run.safeParse(run).success, false);
  run.cells[0].reason = 'server crashed';
  assert.equal(Run.safeParse(run).success, true);
  run.cells[1].summary = null;
  assert.equal(Run.safeParse(run).success, false);
});

test('the active run defaults to the newest complete full run', () => {
  const a = { file: 'a', run: fixtureRun('synthetic-a') };
  const b = { file: 'b', run: fixtureRun('synthetic-b') };
  const quick = { file: 'q', run: { ...fixtureRun('synthetic-b'), id: 'quick', mode: 'quick' as const, started_at: '2030-01-01T00:00:00Z' } };
  assert.equal(newestComplete([a, b, quick])?.run.id, 'synthetic-b');
  assert.equal(selectActiveRun([a, b], 'synthetic-a')?.run.id, 'synthetic-a');
  assert.throws(() => selectActiveRun([a, b], 'nope'), /Active run "nope" not found/);
  assert.equal(newestComplete([]), null);
});

test('every committed run in data/runs validates', () => {
  const runs = loadRuns('data/runs');
  const files = existsSync('data/runs') ? readdirSync('data/runs').filter((f) => f.endsWith('.json')) : [];
  assert.equal(runs.length, files.length);
  for (const { run, file } of runs) assert.ok(run.id, file);
});

test('fixture runs are clearly synthetic', () => {
  for (const name of ['synthetic-a', 'synthetic-b']) {
    const text = readFileSync(`tests/fixtures/runs/${name}.json`, 'utf8');
    assert.match(text, /Synthetic CPU \(test fixture, not a measurement\)/);
  }
});
