/**
 * Absurd values, duplicated cells, oversized files and bad claims are refused with the JSON path
 * or the claim id (issue 25): what passed before (a rate of 1e308 printed as a 309-digit req/s, a
 * duplicated cell silently dropped, a 202 MB run that took the build 59 minutes, a claim on "cobol")
 * now stops `npm run validate`, `npm run claims` and the build before it starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '../../src/schemas/run.ts';
import { MAX_RUN_FILE_BYTES, runSanityProblems } from '../../src/lib/run-sanity.ts';
import { parseRunFile, readRuns, RunFileError } from '../../src/lib/runs.ts';
import { claimsFileProblems } from '../../src/lib/claims-check.ts';
import { loadClaims } from '../../src/lib/claims.ts';
import { getMetric } from '../../src/lib/metrics.ts';
import { reasonLabel, reasonText } from '../../src/lib/missing-reason.ts';
import { setAt, translator } from './helpers.ts';

const ROOT = resolve('.');
const fixture = (): Run => JSON.parse(readFileSync('tests/fixtures/runs/synthetic-a.json', 'utf8')) as Run;
const index = (run: Run, suite: string, impl: string, test: string) => run.cells.findIndex((c) => c.suite === suite && c.impl === impl && c.test === test);

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-sanity-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the project runs and the synthetic fixtures are plausible', () => {
  for (const name of ['synthetic-a', 'synthetic-b', 'synthetic-c', 'synthetic-stack', 'synthetic-vintage']) {
    assert.deepEqual(runSanityProblems(JSON.parse(readFileSync(`tests/fixtures/runs/${name}.json`, 'utf8'))), [], name);
  }
  const { runs, problems } = readRuns('data/runs');
  assert.deepEqual(problems, []);
  assert.ok(runs.length > 0);
});

test('a rate of 1e308 is refused with its JSON path', () => {
  const run = fixture();
  const i = index(run, 'http', 'go', 'json');
  const cell = run.cells[i]!;
  assert.ok(cell.suite === 'http' && cell.summary);
  cell.repetitions[0]!.requests_per_second = 1e308;
  cell.summary.requests_per_second.max = 1e308;
  const problems = runSanityProblems(run);
  assert.deepEqual(problems.map((p) => p.path), [`$.cells[${i}].repetitions[0].requests_per_second`, `$.cells[${i}].summary.requests_per_second.max`]);
  assert.match(problems[0]!.message, /1\.00e\+308 req\/s is more than an HTTP load over loopback can carry/);
  assert.throws(() => parseRunFile('data/runs/x.json', JSON.stringify(run)), (e: Error) => {
    assert.ok(e instanceof RunFileError);
    assert.match(e.message, new RegExp(`data/runs/x\\.json has figures no measurement gives[\\s\\S]*at \\$\\.cells\\[${i}\\]\\.repetitions\\[0\\]\\.requests_per_second: 1\\.00e\\+308`));
    assert.match(e.message, /not tracked by git: delete it/);
    return true;
  });
});

test('ns per operation below a fraction of a clock cycle, and latencies past the timeout, are refused', () => {
  const run = fixture();
  const ops = index(run, 'ops', 'go', 'call');
  const cell = run.cells[ops]!;
  assert.ok(cell.suite === 'ops' && cell.summary);
  cell.summary.ns_per_op.min = 1e-6;
  const http = index(run, 'http', 'go', 'plaintext');
  const h = run.cells[http]!;
  assert.ok(h.suite === 'http');
  h.repetitions[1]!.latency_us.max = 11 * 60e6;
  const paths = runSanityProblems(run).map((p) => `${p.path}: ${p.message}`);
  assert.ok(paths.some((p) => p.startsWith(`$.cells[${ops}].summary.ns_per_op.min: 1.00e-6 ns per operation: less than 0.01 of a clock cycle`)), paths.join('\n'));
  assert.ok(paths.some((p) => p.startsWith(`$.cells[${http}].repetitions[1].latency_us.max:`) && p.includes("10-s timeout")), paths.join('\n'));
});

test('a cell recorded twice is an error naming both places', () => {
  const run = fixture();
  const i = index(run, 'cpu', 'go', 'nbody');
  run.cells.push(structuredClone(run.cells[i]!));
  const problems = runSanityProblems(run);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, `$.cells[${run.cells.length - 1}]`);
  assert.match(problems[0]!.message, new RegExp(`cpu/go/nbody is recorded twice \\(first at \\$\\.cells\\[${i}\\]\\)`));
});

test('a run file over 20 MB is refused with the reason, before it is read', (t) => {
  const dir = tempDir(t);
  const text = JSON.stringify(fixture());
  // Valid JSON and a valid run, padded past the limit: only its size is wrong.
  writeFileSync(join(dir, 'huge.json'), text + ' '.repeat(MAX_RUN_FILE_BYTES + 1024 - text.length));
  const { runs, problems } = readRuns(dir);
  assert.equal(runs.length, 0);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /huge\.json is 20\.0 MB, over the 20 MB a run file may have: the site would take minutes and gigabytes to build from it/);
  const cli = spawnSync(process.execPath, ['scripts/validate-run.ts', join(dir, 'huge.json')], { encoding: 'utf8' });
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, /over the 20 MB a run file may have/);
});

/** A copy of data/claims.json with edits, in a folder laid out like the project (bench/ linked for the manifests). */
function claimsCopy(t: { after: (fn: () => void) => void }, edit: (claims: Array<Record<string, unknown>>) => void): string {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'data'));
  const file = JSON.parse(readFileSync('data/claims.json', 'utf8'));
  edit(file.claims);
  writeFileSync(join(dir, 'data/claims.json'), JSON.stringify(file, null, 2));
  for (const f of ['original-2019.json', 'site.json']) cpSync(join(ROOT, 'data', f), join(dir, 'data', f));
  symlinkSync(join(ROOT, 'data/runs'), join(dir, 'data/runs'));
  symlinkSync(join(ROOT, 'bench'), join(dir, 'bench'));
  return dir;
}

const breakClaims = (claims: Array<Record<string, unknown>>) => {
  // A bad rule (a factor must be above 1) and a metric of an implementation that does not exist.
  setAt(claims.find((c) => c.id === 'cpu-python-50x-c'), ['rule', 'holds_factor'], 0.5);
  setAt(claims.find((c) => c.id === 'cpu-go-2-3x-c'), ['measure', 'id'], 'cpu.cobol.geomean.vs_cpp');
};

test('data/claims.json: a bad rule and an unknown implementation are named by claim id', (t) => {
  assert.deepEqual(claimsFileProblems('data/claims.json'), [], 'the project claims are valid');
  const dir = claimsCopy(t, breakClaims);
  const problems = claimsFileProblems(join(dir, 'data/claims.json'));
  assert.equal(problems.length, 1, 'the schema error comes first; ids are checked once the file parses');
  assert.match(problems[0]!, /claims\.json: claim "cpu-python-50x-c": at rule\.holds_factor: .*— fix the claim/);
  assert.doesNotMatch(problems[0]!, /claims\[\d+\]|claims\.0/);
  assert.throws(() => loadClaims(join(dir, 'data/claims.json')), /claim "cpu-python-50x-c": at rule\.holds_factor/);

  const unknownOnly = claimsCopy(t, (claims) => setAt(claims.find((c) => c.id === 'cpu-go-2-3x-c'), ['measure', 'id'], 'cpu.cobol.geomean.vs_cpp'));
  assert.deepEqual(
    claimsFileProblems(join(unknownOnly, 'data/claims.json')).map((p) => p.replace(/ \(known: [^)]*\)/, '')),
    [`${join(unknownOnly, 'data/claims.json')}: claim "cpu-go-2-3x-c": at measure.id: "cpu.cobol.geomean.vs_cpp": no cpu implementation "cobol" in bench/cpu/ — name an implementation that has a manifest, or add one (CONTRIBUTING.md).`],
  );
});

test('npm run validate checks data/claims.json; npm run claims never dies on bad input', (t) => {
  const dir = claimsCopy(t, breakClaims);
  const validate = spawnSync(process.execPath, [join(ROOT, 'scripts/validate-run.ts')], { cwd: dir, encoding: 'utf8' });
  assert.equal(validate.status, 1);
  assert.match(validate.stderr, /data\/claims\.json: claim "cpu-python-50x-c": at rule\.holds_factor/);

  for (const args of [[], ['--json']]) {
    const claims = spawnSync(process.execPath, [join(ROOT, 'scripts/claims-report.ts'), ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(claims.status, 1, claims.stdout + claims.stderr);
    const text = args.length ? JSON.parse(claims.stdout).error : claims.stderr;
    assert.match(text, /data\/claims\.json has a problem:\n {2}data\/claims\.json: claim "cpu-python-50x-c": at rule\.holds_factor/);
    assert.doesNotMatch(claims.stderr, /\n\s+at |Error:/, 'no stack trace');
  }

  // A bad run file: named with its JSON path, no stack trace.
  const runs = join(dir, 'runs');
  mkdirSync(runs);
  const run = fixture();
  (run.cells[0] as { repetitions: Array<{ requests_per_second: number }> }).repetitions[0]!.requests_per_second = 1e308;
  writeFileSync(join(runs, 'bad.json'), JSON.stringify(run));
  const good = claimsCopy(t, () => {});
  const report = spawnSync(process.execPath, [join(ROOT, 'scripts/claims-report.ts')], { cwd: good, encoding: 'utf8', env: { ...process.env, DIEZMIL_RUNS_DIR: runs } });
  assert.equal(report.status, 1, report.stdout + report.stderr);
  assert.match(report.stderr, /bad\.json has figures no measurement gives[\s\S]*\$\.cells\[0\]\.repetitions\[0\]\.requests_per_second/);
  assert.doesNotMatch(report.stderr, /\n\s+at \S+ \(/, 'no stack trace');
});

test('a geomean against C++ that has no pair says C++, not C', () => {
  const run = fixture();
  run.cells = run.cells.filter((c) => !(c.suite === 'cpu' && c.impl === 'cpp'));
  const r = getMetric(run, 'cpu.go.geomean.vs_cpp');
  assert.equal(r.kind, 'missing');
  assert.equal(r.kind === 'missing' && reasonText(r.reason), 'no kernel has both go and C++ measured');
  assert.equal(r.kind === 'missing' && reasonLabel(r.reason, translator('en'), 'en-US'), 'no CPU kernel has both go and C++ measured');
});
