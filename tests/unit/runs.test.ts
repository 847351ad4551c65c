import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseRunFile, RunFileError, newestComplete, selectActiveRun, loadRuns, readRuns, checkRuns, runFileAdvice, suitesOfRun } from '../../src/lib/runs.ts';
import { Run } from '../../src/schemas/run.ts';
import { fixtureRun, setAt } from './helpers.ts';

test('a malformed run names the file and the JSON path', () => {
  const run = structuredClone(fixtureRun('synthetic-a'));
  setAt(run, ['cells', 3, 'summary', 'requests_per_second', 'median'], 'fast');
  assert.throws(
    () => parseRunFile('data/runs/bad.json', JSON.stringify(run)),
    (e: Error) => e instanceof RunFileError && /data\/runs\/bad\.json/.test(e.message) && /\$\.cells\[3\]\.summary\.requests_per_second\.median/.test(e.message),
  );
  assert.throws(() => parseRunFile('data/runs/x.json', '{ nope'), /data\/runs\/x\.json is not valid JSON/);
});

test('failed and skipped cells need a reason; ok cells need a summary', () => {
  const run = structuredClone(fixtureRun('synthetic-a'));
  setAt(run, ['cells', 0, 'status'], 'failed');
  assert.equal(Run.safeParse(run).success, false);
  setAt(run, ['cells', 0, 'reason'], 'server crashed');
  assert.equal(Run.safeParse(run).success, true);
  setAt(run, ['cells', 1, 'summary'], null);
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
  for (const name of readdirSync('tests/fixtures/runs').filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(`tests/fixtures/runs/${name}`, 'utf8');
    assert.match(text, /[Ss]ynthetic CPU \(test fixture, not a measurement\)/);
  }
});

const loaded = (id: string, over: Partial<Run> = {}) => ({ file: `${id}.json`, run: { ...fixtureRun('synthetic-a'), id, ...over } as Run });

test('partial and quick runs never become the default, however new; runs covering every suite come first', () => {
  const full = loaded('full', { started_at: '2026-01-01T00:00:00Z' });
  // What `npm run bench -- --impl go --test json` writes now.
  const partial = loaded('partial', { mode: 'partial', suites: ['http'], started_at: '2030-01-01T00:00:00Z' });
  const quick = loaded('quick', { mode: 'quick', started_at: '2030-01-02T00:00:00Z' });
  assert.equal(newestComplete([full, partial, quick])?.run.id, 'full');
  // A newer complete full run of one suite does not replace a run of every suite…
  const httpOnly = loaded('http-only', { suites: ['http'], started_at: '2029-01-01T00:00:00Z' });
  assert.equal(newestComplete([full, httpOnly])?.run.id, 'full');
  // …but is better than nothing.
  assert.equal(newestComplete([httpOnly, partial])?.run.id, 'http-only');
  assert.equal(newestComplete([partial, quick]), null);
  // Runs made before `suites` was recorded: their --suite option.
  const old = loaded('old', { suites: undefined, settings: { ...fixtureRun('synthetic-a').settings, options: { suite: 'all' } }, started_at: '2028-01-01T00:00:00Z' });
  assert.deepEqual(suitesOfRun(old.run), ['http', 'cpu', 'ops', 'threads', 'build']);
  assert.equal(newestComplete([full, httpOnly, old])?.run.id, 'old');
});

test('every bad run file is reported once, all in one pass, and the good ones still load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-runs-'));
  const good = readFileSync('tests/fixtures/runs/synthetic-a.json', 'utf8');
  writeFileSync(join(dir, '1-good.json'), good);
  writeFileSync(join(dir, '2-cut.json'), good.slice(0, 5000));
  const bad = JSON.parse(good);
  bad.id = 'bad';
  bad.cells[0].status = 'sideways';
  writeFileSync(join(dir, '3-bad.json'), JSON.stringify(bad));
  writeFileSync(join(dir, '4-twin.json'), good);
  writeFileSync(join(dir, '5-empty.json'), '');
  const { runs, problems } = readRuns(dir);
  assert.deepEqual(runs.map((r) => r.run.id), ['synthetic-a']);
  assert.equal(problems.length, 4);
  assert.match(problems[0]!, /2-cut\.json is not valid JSON: it stops after 5000 characters, in the middle of the data \(cut short\?\)/);
  assert.match(problems[1]!, /3-bad\.json is not a valid run[\s\S]*\$\.cells\[0\]\.status/);
  assert.match(problems[2]!, /4-twin\.json has the run id "synthetic-a" of .*1-good\.json/);
  assert.match(problems[3]!, /5-empty\.json is not valid JSON: the file is empty/);
  for (const p of problems.slice(0, 2)) assert.match(p, /It is not tracked by git: delete it \(rm .*\) or fix it/);
  assert.throws(() => loadRuns(dir), (e: Error) => e instanceof RunFileError && (e.message.match(/is not valid JSON/g) ?? []).length === 2);
  assert.equal(checkRuns(dir).length, 4);
  rmSync(dir, { recursive: true, force: true });
});

test('the fix fits where the file came from: git checkout for a tracked file, delete or fix for an untracked one', (t) => {
  if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
  const repo = mkdtempSync(join(tmpdir(), 'diezmil-git-'));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  const tracked = join(repo, 'tracked.json');
  writeFileSync(tracked, '{}');
  git('add', 'tracked.json');
  git('commit', '-q', '-m', 'run');
  assert.match(runFileAdvice(tracked), /committed version is not valid: fix it, or remove it with `git rm /);
  writeFileSync(tracked, '{"changed": true}');
  assert.match(runFileAdvice(tracked), new RegExp(`restore it with \`git checkout -- ${tracked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
  const untracked = join(repo, 'new.json');
  writeFileSync(untracked, '{');
  assert.match(runFileAdvice(untracked), /not tracked by git: delete it \(rm .*new\.json\) or fix it/);
  assert.doesNotMatch(runFileAdvice(untracked), /git checkout|restore/);
  rmSync(repo, { recursive: true, force: true });
});
