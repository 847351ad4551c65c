/**
 * The vintage run (`--suite vintages`, scripts/bench/vintage-run.ts) through
 * the real CLI: fake implementations (the fixtures' fake-*.mjs) whose
 * manifests list runtimes, a fake Node 12 (a script that answers the
 * resolver's probe as v12.22.12 and runs the real node otherwise), and a
 * vintage this machine lacks (Node 10). Only the runtimes' members and the
 * references (C) are measured; the threads group spans every runtime of the
 * manifest, so a vintage's threads pair round by round with today's.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { getRatio } from '../../../src/lib/metrics.ts';
import { threadsMember } from '../../../src/lib/threads-members.ts';
import { threadsGroups } from '../../../scripts/bench/suites/threads.ts';
import { vintageRunImpls } from '../../../scripts/bench/vintage-run.ts';
import type { Impl } from '../../../scripts/bench/discovery.ts';
import { FIXTURES, cellOf, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';

const RUNTIMES = { default: 'node@24', vintages: ['node@12', 'node@10'] };

function manifest(from: string, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(readFileSync(path.join(FIXTURES, from, 'manifest.json'), 'utf8')), ...changes });
}

/** A bench folder: fakecpu/fakeops/fakethreads with runtimes, a C reference, and one implementation a vintage run leaves out. */
function vintageBench(): { bench: string; cache: string } {
  const root = tmpDir();
  const bench = path.join(root, 'bench');
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(bench, rel)), { recursive: true });
    writeFileSync(path.join(bench, rel), text);
  };
  for (const f of ['fake-cpu.mjs', 'fake-ops.mjs', 'fake-threads.mjs']) put(f, readFileSync(path.join(FIXTURES, f), 'utf8'));
  mkdirSync(path.join(bench, 'cpu'), { recursive: true });
  copyFileSync(path.join(FIXTURES, 'cpu', 'kernels.json'), path.join(bench, 'cpu', 'kernels.json'));
  put('cpu/fakecpu/manifest.json', manifest('cpu/fakecpu', { runtimes: RUNTIMES }));
  put('cpu/c/manifest.json', manifest('cpu/fakecpu', { id: 'c' }));
  put('cpu/other/manifest.json', manifest('cpu/fakecpu', { id: 'other' }));
  put('ops/fakeops/manifest.json', manifest('ops/fakeops', { runtimes: RUNTIMES }));
  put('ops/c/manifest.json', manifest('ops/fakeops', { id: 'c' }));
  put('threads/fakethreads/manifest.json', manifest('threads/fakethreads', { runtimes: RUNTIMES }));
  // The fake Node 12: the resolver's probe and version check see 12.22.12; programs run on the real node.
  const cache = path.join(root, 'cache');
  const node12 = path.join(cache, 'runtimes', 'node-12', 'node_modules', 'node', 'bin', 'node');
  mkdirSync(path.dirname(node12), { recursive: true });
  writeFileSync(
    node12,
    `#!/bin/sh\ncase "$1" in\n  -e) echo '{"v":"v12.22.12","v8":"7.8.279.23-node.57"}' ;;\n  --version) echo v12.22.12 ;;\n  *) exec '${process.execPath}' "$@" ;;\nesac\n`,
  );
  chmodSync(node12, 0o755);
  return { bench, cache };
}

test('threads groups: one per implementation, or, with vintages, one spanning every runtime of a manifest', () => {
  const impl = (id: string, of: string | null, isDefault = false) => ({ suite: 'threads', id, vintage: of === null ? null : { of, default: isDefault } }) as unknown as Impl;
  const impls = [impl('cpython', 'cpython', true), impl('cpython-3-14', 'cpython'), impl('cpython-3-14t', 'cpython'), impl('pypy', null)];
  assert.deepEqual(threadsGroups(impls, null).map((g) => g.tests[0]), ['cpython', 'cpython-3-14', 'cpython-3-14t', 'pypy'], 'without vintages: as before');
  const [span, pypy] = threadsGroups(impls, ['single', 'threads'], true);
  assert.deepEqual(span!.tests, ['cpython']);
  assert.deepEqual(span!.members, ['cpython-single', 'cpython-threads', 'cpython-3-14-single', 'cpython-3-14-threads', 'cpython-3-14t-single', 'cpython-3-14t-threads']);
  assert.equal(span!.reference, 'cpython-single');
  assert.deepEqual(pypy!.members, ['single', 'threads']);
  assert.deepEqual(threadsMember('cpython', 'cpython-3-14t-threads'), { impl: 'cpython-3-14t', mode: 'threads' });
  assert.deepEqual(threadsMember('pypy', 'processes'), { impl: 'pypy', mode: 'processes' });
  assert.equal(threadsMember('cpython', 'cpython-3-14t'), null);
});

test('a vintage run keeps the runtimes\' members and the references, nothing else', () => {
  const impl = (suite: string, id: string, vintage: boolean) => ({ suite, id, vintage: vintage ? { of: id } : null }) as unknown as Impl;
  const kept = vintageRunImpls([impl('cpu', 'cpp', false), impl('cpu', 'c', false), impl('cpu', 'rust', false), impl('cpu', 'go', true), impl('ops', 'c', false), impl('ops', 'rust', false), impl('threads', 'pypy', false), impl('threads', 'cpython', true)]);
  assert.deepEqual(kept.map((i) => `${i.suite}/${i.id}`), ['cpu/cpp', 'cpu/c', 'cpu/go', 'ops/c', 'threads/cpython']);
});

test('--suite vintages: cpu, ops and threads with the runtimes and the references; threads in one group per manifest; a missing vintage skipped with its fix', { timeout: 120000 }, async () => {
  const { bench, cache } = vintageBench();
  const out = tmpDir();
  const r = await runCli(['--suite', 'vintages', '--bench-dir', bench, '--quick', '--out', out], {
    env: { DIEZMIL_CACHE_DIR: cache, DIEZMIL_RUNTIMES_FILE: path.join(cache, 'none.json') },
    timeoutMs: 110000,
  });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const { run } = onlyRun(out);
  assert.deepEqual(run.suites, ['cpu', 'ops', 'threads']);
  assert.equal(run.settings.options['suite'], 'vintages', 'the site finds the vintage run by its suite option');
  const impls = (suite: string) => [...new Set(run.cells.filter((c) => c.suite === suite).map((c) => c.impl))].sort();
  assert.deepEqual(impls('cpu'), ['c', 'fakecpu', 'fakecpu-10', 'fakecpu-12'], 'the runtimes and the reference; "other" is left out');
  assert.deepEqual(impls('ops'), ['c', 'fakeops', 'fakeops-10', 'fakeops-12']);
  assert.deepEqual(impls('threads'), ['fakethreads', 'fakethreads-10', 'fakethreads-12']);

  const missing = cellOf(run, 'cpu', 'fakecpu-10', 'loop')!;
  assert.equal(missing.status, 'skipped');
  assert.match(missing.reason!, /^node@10 (not found|found only)/);
  assert.match(missing.fix!, /npm run bench:setup -- --vintages/);

  const build = run.implementations['cpu/fakecpu-12']?.runtime_build;
  assert.deepEqual({ spec: build?.spec, of: build?.of, default: build?.default, version: build?.version, origin: build?.origin }, { spec: 'node@12', of: 'fakecpu', default: false, version: '12.22.12', origin: 'npm' });
  assert.equal(run.implementations['cpu/fakecpu']?.runtime_build?.default, true);

  const cpuLoop = run.comparisons!.find((c) => c.suite === 'cpu' && c.test === 'loop')!;
  assert.deepEqual([...cpuLoop.members].sort(), ['c', 'fakecpu', 'fakecpu-12']);
  assert.equal(cpuLoop.reference, 'c');

  const threads = run.comparisons!.filter((c) => c.suite === 'threads');
  assert.equal(threads.length, 1, 'one threads group for the manifest');
  assert.equal(threads[0]!.test, 'fakethreads');
  assert.deepEqual([...threads[0]!.members].sort(), ['fakethreads-12-processes', 'fakethreads-12-single', 'fakethreads-12-threads', 'fakethreads-processes', 'fakethreads-single', 'fakethreads-threads']);
  const vt = cellOf(run, 'threads', 'fakethreads-12', 'threads')!;
  assert.equal(vt.status, 'ok', vt.reason ?? '');
  assert.ok(vt.suite === 'threads' && vt.rounds_group === 'fakethreads');
  // The vintage's threads pair with today's round by round (one sample group).
  const ratio = getRatio(run, 'threads.fakethreads-12.threads.seconds', 'threads.fakethreads.threads.seconds');
  assert.equal(ratio.kind, 'value');
});
