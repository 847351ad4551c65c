import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Run, type Run as RunT } from '../../../src/schemas/run.ts';
import { blankCell, validatedCell } from '../../../scripts/bench/cells.ts';
import { InvalidRunError, newRunId, readRun, resolveResume, writeRun } from '../../../scripts/bench/run-file.ts';
import { tmpDir } from './helpers.ts';

function minimalRun(id: string): RunT {
  return {
    schema_version: 1,
    id,
    mode: 'quick',
    complete: false,
    started_at: '2026-11-26T06:10:00.000Z',
    finished_at: null,
    git: { commit: null, dirty: null },
    machine: {
      hostname: 'h',
      cpu_model: 'cpu',
      cpu_cores: 2,
      cpu_threads: 2,
      cpu_mhz: null,
      memory_bytes: 1024,
      os: 'Debian',
      kernel: '6',
      cpu_governor: null,
      virtualization: null,
    },
    toolchains: {},
    implementations: {},
    settings: { load_generator: null, server_cpus: '0', client_cpus: '1', noisy_cv_threshold: 0.05, options: {} },
    cells: [blankCell({ suite: 'ops', impl: 'go', test: 'call' }, 'skipped', 'go not found', 'apt-get install -y golang-go')],
  };
}

test('run ids: timestamp + hostname, never reusing a file', () => {
  const dir = tmpDir();
  const date = new Date('2026-11-26T06:10:00.123Z');
  const id = newRunId(date, 'my host', dir);
  assert.equal(id, '2026-11-26T06-10-00Z-my-host');
  writeFileSync(path.join(dir, `${id}.json`), '{}');
  assert.equal(newRunId(date, 'my host', dir), `${id}-2`);
});

test('atomic writes produce schema-valid files and leave no temporary file', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'r.json');
  const run = minimalRun('r');
  writeRun(file, run);
  run.cells.push(blankCell({ suite: 'ops', impl: 'go', test: 'alloc' }, 'failed', 'exit 1'));
  writeRun(file, run);
  Run.parse(JSON.parse(readFileSync(file, 'utf8')));
  assert.deepEqual(readdirSync(dir), ['r.json']);
  assert.equal(readRun(file).cells.length, 2);
});

test('an invalid run is never written; the error names the zod path', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'bad.json');
  const run = minimalRun('bad');
  (run.cells[0] as { reason: string | null }).reason = null; // skipped without a reason
  assert.throws(() => writeRun(file, run), (e: unknown) => e instanceof InvalidRunError && /cells\[0\]\.reason/.test(e.message));
  assert.equal(existsSync(file), false);
});

test('an invalid cell is replaced by a failed one that says why', () => {
  const cell = blankCell({ suite: 'http', impl: 'go', test: 'json' }, 'ok', null); // ok without summary
  const { cell: fixed, problem } = validatedCell(cell);
  assert.equal(fixed.status, 'failed');
  assert.match(problem!, /summary/);
});

test('resume finds the newest incomplete run', () => {
  const dir = tmpDir();
  writeRun(path.join(dir, '2026-01-01T00-00-00Z-h.json'), minimalRun('2026-01-01T00-00-00Z-h'));
  const done = { ...minimalRun('2026-02-01T00-00-00Z-h'), complete: true };
  writeRun(path.join(dir, '2026-02-01T00-00-00Z-h.json'), done);
  assert.equal(path.basename(resolveResume(true, dir)), '2026-01-01T00-00-00Z-h.json');
  assert.equal(path.basename(resolveResume('2026-02-01T00-00-00Z-h', dir)), '2026-02-01T00-00-00Z-h.json');
  assert.throws(() => resolveResume('nope', dir), /no such run/);
});
