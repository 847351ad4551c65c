import { runLayoutSeed } from '../../../scripts/bench/process-layout.ts';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Run } from '../../../src/schemas/run.ts';
import { FIXTURES, ROOT, cellOf, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';
import { QUICK_ROUNDS } from '../../../scripts/bench/options.ts';

const bench = path.relative(ROOT, FIXTURES);

test('user errors name the option and the fix, without a stack trace', async () => {
  const r = await runCli(['--suite', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--suite nope: unknown suite; use one of http, cpu/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  const r2 = await runCli(['--suite', 'ops', '--bench-dir', bench, '--impl', 'ghost', '--out', tmpDir()]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /--impl ghost: no such implementation .* known ids: .*fakeops/);
  const r3 = await runCli(['--reps', 'two']);
  assert.match(r3.stderr, /--reps two: expected a positive whole number/);
});

test('ops: one group per operation; a wrong checksum in a slice fails that cell only', { timeout: 60000 }, async () => {
  const out = tmpDir();
  const r = await runCli(['--suite', 'ops', '--bench-dir', bench, '--impl', 'badops', '--quick', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const { run } = onlyRun(out);
  const call = cellOf(run, 'ops', 'badops', 'call')!;
  assert.equal(call.status, 'failed');
  assert.match(call.reason!, /wrong checksum for call: 12345, expected 500500 for a chunk of 1000 iterations/);
  assert.equal(call.verification?.passed, false);
  const alloc = cellOf(run, 'ops', 'badops', 'alloc')!;
  assert.equal(alloc.status, 'ok', alloc.reason ?? '');
  if (alloc.suite !== 'ops') throw new Error('not ops');
  // One figure per round: the round's seconds ÷ iterations, in ns.
  assert.equal(alloc.samples_ns_per_op.length, QUICK_ROUNDS);
  assert.equal(alloc.summary?.ns_per_op.n, QUICK_ROUNDS);
  assert.equal(alloc.iterations_per_sample, 1000);
  const s = alloc.slices![0]!;
  assert.ok(Math.abs(alloc.samples_ns_per_op[0]! - (s.seconds / s.units) * 1e9) < 1e-6);
  assert.equal(run.comparisons!.filter((c) => c.suite === 'ops').length, 8, 'a comparison per operation');
});

test('--strict exits 1 when a cell failed', { timeout: 60000 }, async () => {
  const r = await runCli(['--suite', 'ops', '--bench-dir', bench, '--impl', 'badops', '--quick', '--strict', '--out', tmpDir()]);
  assert.equal(r.code, 1);
});

test('cpu: verified output and worker, rounds of slices, callgrind note, layout recorded', { timeout: 60000 }, async () => {
  const out = tmpDir();
  const r = await runCli(['--suite', 'cpu', '--bench-dir', bench, '--quick', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const { run } = onlyRun(out);
  const loop = cellOf(run, 'cpu', 'fakecpu', 'loop')!;
  assert.equal(loop.status, 'ok', loop.reason ?? '');
  if (loop.suite !== 'cpu') throw new Error('not cpu');
  assert.equal(loop.argument, '10');
  assert.equal(loop.repetitions.length, QUICK_ROUNDS, 'one figure per round');
  assert.deepEqual(loop.repetitions.map((r) => r.round), Array.from({ length: QUICK_ROUNDS }, (_, i) => i));
  assert.equal(loop.verification?.passed, true);
  assert.match(loop.verification!.checks.join('\n'), /worker: "count loop 10"/);
  assert.deepEqual(loop.unit, { name: 'one iteration of the loop', per_problem: 10 });
  // A quick run makes one pass: one slice per round; the figure is seconds per unit × units per problem.
  assert.equal(loop.slices!.length, QUICK_ROUNDS);
  const s = loop.slices![0]!;
  assert.ok(Math.abs(loop.repetitions[0]!.wall_seconds - (s.seconds / s.units) * 10) < 1e-12);
  assert.equal(loop.jit_warmup_seconds, null);
  assert.match(loop.instructions!.note!, /JIT runtime/);
  assert.deepEqual(run.settings.layout?.suites, ['cpu']);
  assert.equal(run.settings.layout?.seed, runLayoutSeed(run.id), 'drawn from the run id the file got');
  assert.equal(run.settings.worker_slice_seconds, 0.25);
  assert.equal(cellOf(run, 'cpu', 'fakecpu', 'nbody')!.status, 'ok');
});

test('threads: every mode, the same result, wall time from the program', { timeout: 30000 }, async () => {
  const out = tmpDir();
  const r = await runCli(['--suite', 'threads', '--bench-dir', bench, '--quick', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const { run } = onlyRun(out);
  for (const mode of ['single', 'threads', 'processes']) {
    const c = cellOf(run, 'threads', 'fakethreads', mode)!;
    assert.equal(c.status, 'ok', c.reason ?? '');
    assert.equal(c.suite === 'threads' && c.free_threaded, false);
  }
});

test('resume after an interruption runs only the missing cells', { timeout: 90000 }, async () => {
  const out = tmpDir();
  const log = path.join(out, 'ran.log');
  const first = await runCli(['--suite', 'ops', '--bench-dir', bench, '--impl', 'fakeops,fakeops-two', '--quick', '--out', out], { env: { DIEZMIL_FAKE_LOG: log } });
  assert.equal(first.code, 0, first.stderr);
  const { file, run } = onlyRun(out);
  // Pretend the run was interrupted after fakeops finished.
  const kept = run.cells.filter((c) => c.impl === 'fakeops');
  const keptStarts = kept.map((c) => c.started_at);
  writeFileSync(file, JSON.stringify({ ...run, complete: false, finished_at: null, cells: kept }));
  writeFileSync(log, '');

  const second = await runCli(['--resume', '--out', out], { env: { DIEZMIL_FAKE_LOG: log } });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /Resuming/);
  assert.deepEqual(new Set(readFileSync(log, 'utf8').trim().split('\n')), new Set(['ops fakeops-two']), 'only the missing implementation ran (once per round)');
  const resumed = Run.parse(JSON.parse(readFileSync(file, 'utf8')));
  assert.equal(resumed.complete, true);
  assert.equal(resumed.cells.length, 16);
  assert.deepEqual(resumed.cells.filter((c) => c.impl === 'fakeops').map((c) => c.started_at), keptStarts);

  const again = await runCli(['--resume', path.basename(file, '.json'), '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /this run is complete/);
});

test('Ctrl-C writes what is finished, prints how to resume and exits 130', { timeout: 60000 }, async () => {
  const out = tmpDir();
  let sent = false;
  // Cells are recorded when their test's rounds end: interrupt after the first kernel, during the second.
  const r = await runCli(['--suite', 'cpu', '--bench-dir', bench, '--rounds', '6', '--out', out], {
    onStdout: (text, child) => {
      if (!sent && /cpu\/fakecpu\/nbody ok/.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.match(r.stdout, /Resume with: npm run bench -- --resume \S+ --out /);
  const { run } = onlyRun(out);
  assert.equal(run.complete, false);
  assert.deepEqual(run.cells.map((c) => c.test), ['nbody']);
  assert.ok(run.cells.every((c) => c.status === 'ok'), 'an interrupted cell is not recorded as failed');

  const resumed = await runCli(['--resume', '--out', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const after = onlyRun(out).run;
  assert.equal(after.complete, true);
  assert.equal(after.cells.length, 2);
});
