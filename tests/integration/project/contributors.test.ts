/**
 * The test suite passes unchanged after each thing the guides invite a
 * contributor to do: add a language in progress (TRANSLATING.md), add an
 * implementation folder (CONTRIBUTING.md, bench/README.md), add or remove a
 * run file (CONTRIBUTING.md, "Add a run"). Each test makes the change in a
 * copy of the project (the files the affected tests read, node_modules
 * linked) and runs those tests there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { addRegionLocale } from '../../fixtures/i18n/add-locale.ts';
import { FIXTURES, runCli } from '../../unit/bench/helpers.ts';

const ROOT = resolve('.');

/** A copy of the tracked files under `paths` (files or folders), with node_modules linked. */
function projectCopy(t: { after: (fn: () => void) => void }, paths: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-contributor-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tracked = spawnSync('git', ['ls-files', '-z', '--', ...paths], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter((f) => f !== '');
  assert.ok(tracked.length > 0, `git ls-files ${paths.join(' ')}`);
  for (const file of tracked) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs test files in the copy, as `node --test` does in the project (not as a child of this test run, which would report to it instead). */
function runTests(dir: string, files: readonly string[]): { status: number | null; output: string } {
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...files], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** What the project's code, data and guides are, without the published runs or the browser and build tests. */
const PROJECT = ['package.json', 'tsconfig.json', 'src', 'scripts', 'data/claims.json', 'data/original-2019.json', 'data/site.json', 'TRANSLATING.md', 'CONTRIBUTING.md'];

test('a language in progress added as TRANSLATING.md says: the i18n tests still pass', (t) => {
  const tests = ['tests/unit/i18n-check.test.ts', 'tests/unit/i18n.test.ts'];
  const dir = projectCopy(t, [...PROJECT, 'bench', 'tests/fixtures/i18n', 'tests/fixtures/runs', 'tests/unit/helpers.ts', ...tests]);
  // A second language in progress beside the one the tests add themselves: a few keys, no claim texts yet.
  addRegionLocale(dir);
  const r = runTests(dir, tests);
  assert.equal(r.status, 0, r.output);
});

/**
 * A new HTTP server as CONTRIBUTING.md's example writes it ("Add an implementation"): its folder, code, README and
 * a manifest with a display block, not a deployment of CPython's, no JIT.
 */
function addStarlette(dir: string): void {
  const folder = join(dir, 'bench/http/python-starlette');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'app.py'), 'from starlette.applications import Starlette\n\napp = Starlette()\n');
  writeFileSync(join(folder, 'README.md'), '# Starlette under uvicorn\n');
  const manifest = {
    id: 'python-starlette',
    display: { name: 'CPython · Starlette', order: 83, family: 'cpython' },
    suite: 'http',
    language: 'python',
    runtime: 'cpython',
    version_command: ['/usr/bin/python3', '--version'],
    requires: [{ tool: 'python3-venv', check: ['/usr/bin/python3', '-m', 'ensurepip', '--version'], install: 'apt-get install -y python3-venv' }],
    build: [['/usr/bin/python3', '-m', 'venv', '.venv']],
    sources: ['app.py'],
    start: ['.venv/bin/uvicorn', '--host', '{bind}', '--port', '{port}', '--workers', '{workers}', 'app:app'],
    workers: 'cores',
    connections: 64,
  };
  writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

test('an implementation folder added as CONTRIBUTING.md says: the tests that read bench/ still pass', (t) => {
  const tests = ['tests/unit/add-implementation.test.ts', 'tests/unit/labels.test.ts', 'tests/unit/chart-colours.test.ts', 'tests/unit/http-setup.test.ts', 'tests/unit/bench/runtime-rules.test.ts'];
  const dir = projectCopy(t, [...PROJECT, 'bench', 'data/runs', 'tests/fixtures/runs', 'tests/fixtures/i18n', 'tests/unit/helpers.ts', 'tests/unit/bench/helpers.ts', ...tests]);
  addStarlette(dir);
  const r = runTests(dir, tests);
  assert.equal(r.status, 0, r.output);
});

test('a run added by the runner, and a published run removed: the tests that read data/runs still pass', async (t) => {
  const tests = ['tests/unit/runs.test.ts', 'tests/unit/data-sanity.test.ts', 'tests/unit/chart-colours.test.ts'];
  const dir = projectCopy(t, [...PROJECT, 'bench', 'data/runs', 'tests/fixtures/runs', 'tests/unit/helpers.ts', ...tests]);
  const runs = join(dir, 'data/runs');
  // A run as `npm run bench` writes it (here a quick one of the fixture programs), and the newest published run gone.
  const before = readdirSync(runs).filter((f) => f.endsWith('.json')).sort();
  const made = await runCli(['--suite', 'threads', '--quick', '--bench-dir', FIXTURES, '--out', runs]);
  assert.equal(made.code, 0, made.stderr);
  rmSync(join(runs, before.at(-1)!));
  const after = readdirSync(runs).filter((f) => f.endsWith('.json'));
  assert.equal(after.length, before.length, 'one run added, one removed');
  const r = runTests(dir, tests);
  assert.equal(r.status, 0, r.output);
});
