/**
 * Bad run files, as a reader meets them: a run cut short, one edited by hand,
 * one committed and then changed. The build reports every bad file once, all
 * of them in one pass, without a stack trace, with a fix that fits where the
 * file came from, and leaves the last good output folder as it was;
 * `npm run validate` says the same from the command line, on the project's
 * pinned Node. Each case builds a copy of the site (node_modules linked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = resolve('.');
const SANDBOXES = resolve('.test-dist/sandboxes');
/** The good run of every sandbox: a version-1 run kept as a fixture, as a contributor's data/runs/ would hold it. */
const GOOD = 'tests/fixtures/runs/formats/2026-11-26T06-44-29Z-vm.json';
const COMMITTED = 'data/runs/2026-11-26T06-44-29Z-vm.json';
const GOOD_CELLS = (JSON.parse(readFileSync(GOOD, 'utf8')) as { cells: unknown[] }).cells.length;

function sandbox(name: string): string {
  const dir = join(SANDBOXES, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'data', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json', 'scripts/validate-run.ts']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  // The sandbox's runs are the fixture's, whatever data/runs/ holds.
  rmSync(join(dir, 'data/runs'), { recursive: true, force: true });
  mkdirSync(join(dir, 'data/runs'));
  cpSync(GOOD, join(dir, COMMITTED));
  for (const suite of readdirSync('bench', { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const impl of readdirSync(join('bench', suite.name))) {
      const manifest = join('bench', suite.name, impl, 'manifest.json');
      if (existsSync(manifest)) cpSync(manifest, join(dir, manifest));
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function build(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  delete env.DIEZMIL_RUN;
  delete env.DIEZMIL_RUNS_DIR;
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', 'out'], { cwd: dir, env, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** Two bad files beside the good committed run: one cut short, one with a wrong type. */
function addBadRuns(dir: string): void {
  const good = readFileSync('tests/fixtures/runs/synthetic-a.json', 'utf8');
  writeFileSync(join(dir, 'data/runs/2026-cut.json'), good.slice(0, 4000));
  const edited = JSON.parse(good);
  edited.cells[2].summary.requests_per_second.median = 'fast';
  writeFileSync(join(dir, 'data/runs/2026-edited.json'), JSON.stringify(edited));
}

const count = (text: string, s: string) => text.split(s).length - 1;
const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;

test('every bad run file is reported once, in one pass, without a stack trace; the last good output stays', () => {
  const dir = sandbox('bad-runs');
  addBadRuns(dir);
  // The last good build.
  mkdirSync(join(dir, 'out/en'), { recursive: true });
  writeFileSync(join(dir, 'out/en/index.html'), '<p>last good build</p>');
  const r = build(dir);
  assert.notEqual(r.status, 0, 'the build must fail');
  assert.equal(count(r.output, 'data/runs/2026-cut.json is not valid JSON: it stops after 4000 characters, in the middle of the data (cut short?)'), 1, r.output);
  assert.equal(count(r.output, 'data/runs/2026-edited.json is not a valid run'), 1, r.output);
  assert.equal(count(r.output, '$.cells[2].summary.requests_per_second.median'), 1, r.output);
  assert.match(r.output, /The run files have 2 problems/);
  assert.doesNotMatch(r.output, STACK, 'no stack trace');
  // Untracked files: git cannot restore them.
  assert.match(r.output, /It is not tracked by git: delete it \(rm data\/runs\/2026-cut\.json\) or fix it/);
  assert.doesNotMatch(r.output, /restore it from git|git checkout/);
  assert.equal(readFileSync(join(dir, 'out/en/index.html'), 'utf8'), '<p>last good build</p>', 'the failed build left out/ as it was');
  assert.match(r.output, /out\/ still holds the last good site/);
});

test('a committed run file changed by hand: the fix is git checkout', (t) => {
  if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
  const dir = sandbox('changed-committed-run');
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', 'data/runs');
  git('commit', '-q', '-m', 'runs');
  const file = join(dir, COMMITTED);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"mode": "full"', '"mode": "fastest"'));
  const r = build(dir);
  assert.notEqual(r.status, 0);
  assert.equal(count(r.output, `${COMMITTED} is not a valid run`), 1, r.output);
  assert.match(r.output, new RegExp(`\\$\\.mode: `));
  assert.ok(r.output.includes(`restore it with \`git checkout -- ${COMMITTED}\``), r.output);
  assert.doesNotMatch(r.output, STACK);
});

test('npm run validate checks files on the pinned Node, reports every bad one, and checks data/runs without arguments', (t) => {
  if (spawnSync('npm', ['--version']).status !== 0) return t.skip('npm is not on PATH');
  const dir = sandbox('validate');
  addBadRuns(dir);
  const npm = (...args: string[]) => {
    const r = spawnSync('npm', ['run', '--silent', 'validate', '--', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  };
  const named = npm('data/runs/2026-cut.json', COMMITTED, 'data/runs/2026-edited.json');
  assert.equal(named.status, 1, named.output);
  assert.doesNotMatch(named.output, /ERR_UNKNOWN_FILE_EXTENSION/);
  assert.match(named.output, new RegExp(`${COMMITTED}: valid run 2026-11-26T06-44-29Z-vm \\(full\\), ${GOOD_CELLS} cells`));
  assert.equal(count(named.output, '2026-cut.json is not valid JSON'), 1, named.output);
  assert.equal(count(named.output, '2026-edited.json is not a valid run'), 1, named.output);
  assert.match(named.output, /2 problems found/);
  assert.doesNotMatch(named.output, STACK);
  const all = npm();
  assert.equal(all.status, 1, all.output);
  assert.equal(count(all.output, '2026-cut.json is not valid JSON'), 1, all.output);
  assert.equal(count(all.output, '2026-edited.json is not a valid run'), 1, all.output);
  const good = npm(COMMITTED);
  assert.equal(good.status, 0, good.output);
});
