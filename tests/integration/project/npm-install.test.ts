/**
 * A fresh `npm ci` prints no warnings a newcomer would take for problems:
 * npm runs on the system's Node (often 20) and used to print ~45 lines of
 * EBADENGINE about it, though the project runs on the Node 24 pinned in
 * package.json. .npmrc hides npm's warnings; these tests check that this hides
 * nothing real: every installed package supports the pinned Node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies: (version: string, range: string) => boolean };

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; engines?: { node?: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: Record<string, string> | string[]; optional?: boolean }> };
const pinned = pkg.dependencies.node!;

test('every installed package supports the pinned Node (what the EBADENGINE warnings would have been about)', () => {
  const unsupported: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Optional packages (other platforms' binaries) are skipped by npm when they do not fit, without a warning.
    if (entry.optional) continue;
    const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    if (range && !semver.satisfies(pinned, range)) unsupported.push(`${path || '(root)'}: node ${range}`);
  }
  assert.deepEqual(unsupported, [], `these packages do not support the pinned Node ${pinned}`);
  assert.ok(pkg.engines?.node && semver.satisfies(pinned, pkg.engines.node), 'package.json engines.node describes the pinned Node');
});

test('npm ci prints no warnings (checked with --dry-run in a copy of the manifest, lockfile and .npmrc)', (t) => {
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0) return t.skip('npm is not on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-npm-'));
  try {
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(f, join(dir, f));
    const r = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, output);
    assert.doesNotMatch(output, /EBADENGINE|npm warn/i, output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
