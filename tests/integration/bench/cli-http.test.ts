import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, ROOT, cellOf, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';

const hasWrk = spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;

test('http: wrong answers, a crashing and a hanging server fail with reasons; a missing tool skips with a fix; the run goes on', { skip: !hasWrk && 'wrk is not installed', timeout: 60000 }, async () => {
  const out = tmpDir();
  const r = await runCli([
    '--suite', 'http',
    '--bench-dir', path.relative(ROOT, FIXTURES),
    '--data-dir', 'bench/data',
    '--impl', 'wrongbody,crash,missingtool,hang',
    '--ready-timeout', '2',
    '--quick',
    '--out', out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const { run } = onlyRun(out);
  assert.equal(run.complete, true);
  assert.equal(run.cells.length, 20);

  const plain = cellOf(run, 'http', 'wrongbody', 'plaintext')!;
  assert.equal(plain.status, 'failed');
  assert.match(plain.reason!, /verification failed: body was "Welcome!"/);
  assert.equal(plain.verification?.passed, false);
  assert.equal(plain.suite === 'http' && plain.repetitions.length, 0, 'a cell that fails verification is never measured');
  assert.match(cellOf(run, 'http', 'wrongbody', 'json')!.reason!, /content type was "text\/html"/);
  assert.match(cellOf(run, 'http', 'wrongbody', 'transfer')!.reason!, /same JSON but not byte-identical/);
  assert.match(cellOf(run, 'http', 'wrongbody', 'loop')!.reason!, /body was "42"/);

  const crash = cellOf(run, 'http', 'crash', 'json')!;
  assert.equal(crash.status, 'failed');
  assert.match(crash.reason!, /exited with code 3 before answering/);
  assert.match(crash.reason!, /cannot bind/);

  assert.match(cellOf(run, 'http', 'hang', 'plaintext')!.reason!, /never answered GET \/ .* within 2 s/);

  const skipped = cellOf(run, 'http', 'missingtool', 'loop')!;
  assert.equal(skipped.status, 'skipped');
  assert.equal(skipped.reason, 'imaginary-compiler not found');
  assert.equal(skipped.fix, 'apt-get install -y imaginary-compiler');
  assert.match(r.stdout, /to run http\/missingtool: apt-get install -y imaginary-compiler/);
});

test('a bad manifest is reported with its file and zod path; its cells are skipped and the rest runs', { skip: !hasWrk && 'wrk is not installed', timeout: 60000 }, async () => {
  const out = tmpDir();
  const r = await runCli([
    '--suite', 'http',
    '--bench-dir', path.relative(ROOT, path.join(FIXTURES, 'broken')),
    '--data-dir', 'bench/data',
    '--test', 'plaintext',
    '--rounds', '1',
    '--out', out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /broken\/http\/badmanifest\/manifest\.json: does not match/);
  assert.match(r.stdout, /workers/);
  const { run } = onlyRun(out);
  const bad = cellOf(run, 'http', 'badmanifest', 'plaintext')!;
  assert.equal(bad.status, 'skipped');
  assert.match(bad.reason!, /invalid manifest/);
  const fine = cellOf(run, 'http', 'fine', 'plaintext')!;
  assert.equal(fine.status, 'ok', fine.reason ?? '');
  assert.equal(fine.suite === 'http' && fine.repetitions.length, 1);
  const workers = run.implementations['http/fine']?.workers;
  assert.ok(typeof workers === 'number' && workers >= 1, '"cores" resolves to the number of server CPUs');
});
