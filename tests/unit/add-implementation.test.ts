/**
 * A contributor adds an implementation the way CONTRIBUTING.md says (issue 25): a new HTTP
 * server folder with a manifest, in a copy of bench/. The runner discovers it; and a server whose
 * runtime is CPython does not become the essays' "CPython" (the fastest deployment per test)
 * unless its manifest says `"deployment_of": "cpython"` — the 2019 uWSGI claims stay on uWSGI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '../../src/schemas/run.ts';
import { discover } from '../../scripts/bench/discovery.ts';
import { deploymentFor } from '../../src/lib/metrics.ts';
import { formatRun } from './helpers.ts';

const ROOT = resolve('.');

/** bench/'s http manifests in a temporary folder, plus a new server's folder. */
function benchCopy(t: { after: (fn: () => void) => void }, manifest: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-contrib-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of readdirSync('bench/http')) {
    const file = join('bench/http', name, 'manifest.json');
    if (existsSync(file)) cpSync(file, join(dir, 'http', name, 'manifest.json'));
  }
  mkdirSync(join(dir, 'http/python-starlette'), { recursive: true });
  writeFileSync(join(dir, 'http/python-starlette/manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'http/python-starlette/app.py'), '# a Starlette application would be here\n');
  return dir;
}

/** The manifest a contributor writes for a Starlette server (CONTRIBUTING.md, "Add an implementation"). */
const STARLETTE = {
  id: 'python-starlette',
  suite: 'http',
  language: 'python',
  runtime: 'cpython',
  version_command: ['/usr/bin/python3', '--version'],
  libraries_command: ['.venv/bin/python', '-c', 'import json, starlette; print(json.dumps({"starlette": starlette.__version__}))'],
  build: [['/usr/bin/python3', '-m', 'venv', '.venv']],
  sources: ['app.py'],
  start: ['.venv/bin/uvicorn', '--host', '{bind}', '--port', '{port}', '--workers', '{workers}', 'app:app'],
  workers: 'cores',
  connections: 64,
  // Its name on the site (CONTRIBUTING.md: every manifest has one), its place in the charts and its colour family.
  display: { name: { en: 'CPython · Starlette', es: 'CPython · Starlette' }, order: 95, family: 'cpython' },
};

/** A full run (of the slicer's format) with the new server measured too, ten times faster than any CPython deployment on every test. */
function runWithStarlette(): Run {
  const run = formatRun('v2Slicer');
  run.implementations['http/python-starlette'] = { ...run.implementations['http/cpython-nginx']!, source_dir: 'bench/http/python-starlette', libraries: {} };
  for (const c of run.cells.filter((x) => x.suite === 'http' && x.impl === 'cpython-nginx')) {
    const copy = structuredClone(c);
    copy.impl = 'python-starlette';
    if (copy.suite === 'http' && copy.summary) {
      copy.summary.requests_per_second.median *= 10;
      for (const r of copy.repetitions) r.requests_per_second *= 10;
    }
    run.cells.push(copy);
  }
  return run;
}

test('a new HTTP server is discovered, and is not quoted as "CPython" unless its manifest says so', (t) => {
  const bench = benchCopy(t, STARLETTE);
  const found = discover(bench, ROOT, ['http']);
  assert.deepEqual(found.problems, []);
  const added = found.impls.find((i) => i.id === 'python-starlette');
  assert.ok(added && added.manifest.runtime === 'cpython');
  // The display block is read as written: the name the site shows, not the id.
  assert.deepEqual(added.manifest.display?.name, { en: 'CPython · Starlette', es: 'CPython · Starlette' });

  // Before: the run, the project's bench/.
  const original = formatRun('v2Slicer');
  const before = ['plaintext', 'msgpack', 'json', 'transfer', 'loop'].map((test) => deploymentFor(original, 'http', 'cpython', test, 'bench'));
  const run = runWithStarlette();
  assert.ok(before.every((d) => d === 'cpython-uwsgi' || d === 'cpython-nginx'), before.join(', '));
  // Measured ten times faster, with "runtime": "cpython", but not a deployment of it: the essays' CPython does not move.
  for (const [i, test] of ['plaintext', 'msgpack', 'json', 'transfer', 'loop'].entries()) {
    assert.equal(deploymentFor(run, 'http', 'cpython', test, bench), before[i], test);
  }

  // Its manifest asks for it: now it is a candidate, and being faster, it is quoted.
  const joined = benchCopy(t, { ...STARLETTE, deployment_of: 'cpython' });
  assert.equal(deploymentFor(run, 'http', 'cpython', 'json', joined), 'python-starlette');
  // PyPy's figure is not affected either way.
  assert.equal(deploymentFor(run, 'http', 'pypy', 'json', joined), deploymentFor(run, 'http', 'pypy', 'json', 'bench'));
});

test('bench/http/python declares its four deployments explicitly', () => {
  const found = discover('bench', ROOT, ['http']);
  const of = Object.fromEntries(found.impls.filter((i) => i.suite === 'http').map((i) => [i.id, i.suite === 'http' ? i.manifest.deployment_of : null]));
  assert.deepEqual(
    { uwsgi: of['cpython-uwsgi'], nginx: of['cpython-nginx'], gunicorn: of['pypy-gunicorn'], pypyNginx: of['pypy-nginx'], go: of['go'] },
    { uwsgi: 'cpython', nginx: 'cpython', gunicorn: 'pypy', pypyNginx: 'pypy', go: null },
  );
});
