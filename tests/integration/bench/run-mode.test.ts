/**
 * A run limited by --impl or --test is "partial", a --quick one "quick": the
 * site only ever defaults to complete "full" runs (src/lib/runs.ts), so such a
 * run can no longer become its active run and fill it with "not measured".
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runMode } from '../../../scripts/bench/bench.ts';
import { parseOptions } from '../../../scripts/bench/options.ts';
import { newestComplete } from '../../../src/lib/runs.ts';
import { FIXTURES, ROOT, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';

test('runMode: --impl or --test make a partial run, --quick a quick one, nothing a full one', () => {
  assert.equal(runMode(parseOptions([])), 'full');
  assert.equal(runMode(parseOptions(['--suite', 'http'])), 'full');
  assert.equal(runMode(parseOptions(['--impl', 'go', '--test', 'json'])), 'partial');
  assert.equal(runMode(parseOptions(['--impl', 'go'])), 'partial');
  assert.equal(runMode(parseOptions(['--test', 'json'])), 'partial');
  assert.equal(runMode(parseOptions(['--quick'])), 'quick');
});

test('a complete run limited by --impl is written as partial and is not the site default', { timeout: 60000 }, async () => {
  const out = tmpDir();
  const r = await runCli(['--suite', 'ops', '--bench-dir', path.relative(ROOT, FIXTURES), '--impl', 'fakeops', '--test', 'call', '--rounds', '1', '--out', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const { file, run } = onlyRun(out);
  assert.equal(run.complete, true);
  assert.equal(run.mode, 'partial');
  assert.deepEqual(run.suites, ['ops']);
  assert.equal(newestComplete([{ file, run }]), null);
});
