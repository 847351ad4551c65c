/**
 * `npm run bench:setup` (scripts/setup.sh) leaves every suite runnable or
 * fails with the fix, and prints plain text:
 * - the Node ops suite installs its harness (tinybench) in its build step, so
 *   a fresh checkout builds it instead of ending with "skip ops/node:
 *   tinybench not found";
 * - a toolchain that colours its version line (mvn) is reported without ANSI
 *   escape codes, and apt's narration only shows when apt fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = resolve('.');

test('setup builds the Node ops suite from a fresh copy: its harness comes from the build step, not a prior install', (t) => {
  if (spawnSync('npm', ['--version']).status !== 0) return t.skip('npm is not on PATH');
  const dir = resolve('.test-dist/setup-ops-node');
  rmSync(dir, { recursive: true, force: true });
  const impl = join(dir, 'bench/ops/node');
  mkdirSync(impl, { recursive: true });
  // The implementation as a fresh clone has it: no node_modules.
  cpSync('bench/ops/node', impl, { recursive: true, filter: (src) => !src.includes('node_modules') });
  // Manifests reach the pinned Node as ../../../node_modules/.bin/node.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const r = spawnSync(process.execPath, ['scripts/bench/cli.ts', '--build-only', '--bench-dir', join(dir, 'bench'), '--impl', 'node'], { encoding: 'utf8', timeout: 180_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, output);
  assert.match(output, /^ok {5}ops\/node \(built in \d+ s\)$/m, output);
  assert.doesNotMatch(output, /skip|not found/, output);
  assert.ok(existsSync(join(impl, 'node_modules/tinybench/package.json')), 'the build installed tinybench');
  // The manifest's own library report works after the build.
  const manifest = JSON.parse(readFileSync(join(impl, 'manifest.json'), 'utf8')) as { libraries_command: string[] };
  const [cmd, ...args] = manifest.libraries_command;
  const libs = spawnSync(cmd!, args, { cwd: impl, encoding: 'utf8' });
  assert.equal(libs.status, 0, libs.stderr);
  assert.match(JSON.parse(libs.stdout).tinybench, /^\d+\.\d+\.\d+$/);
  rmSync(dir, { recursive: true, force: true });
});

test('a failed or skipped implementation makes the build step of setup fail, naming it', () => {
  const dir = resolve('.test-dist/setup-missing-tool');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bench/http/missingtool'), { recursive: true });
  cpSync('tests/fixtures/bench/http/missingtool/manifest.json', join(dir, 'bench/http/missingtool/manifest.json'));
  const r = spawnSync(process.execPath, ['scripts/bench/cli.ts', '--build-only', '--bench-dir', join(dir, 'bench')], { encoding: 'utf8', timeout: 60_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.notEqual(r.status, 0, output);
  assert.match(output, /^skip {3}http\/missingtool: .*; fix: /m, output);
  assert.match(output, /1 cannot run yet; each line above says why, with the fix/, output);
  rmSync(dir, { recursive: true, force: true });
});

test("setup's toolchain report drops ANSI escape codes (mvn colours its version line)", () => {
  const setup = readFileSync('scripts/setup.sh', 'utf8');
  const fn = /^check_tool\(\) \{[\s\S]*?^\}$/m.exec(setup)?.[0];
  assert.ok(fn, 'scripts/setup.sh defines check_tool');
  const script = `say() { printf '%s\\n' "$*"; }\n${fn}\ncheck_tool mvn printf '\\033[0m\\033[0mApache Maven 3.8.7\\nMaven home: /usr/share/maven\\n'`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'toolchain: mvn: Apache Maven 3.8.7\n');
  assert.ok(!r.stdout.includes(String.fromCharCode(27)), 'no escape character left');
});

test("setup keeps apt's narration out of sight unless apt fails", () => {
  const setup = readFileSync('scripts/setup.sh', 'utf8');
  const fn = /^APT_LOG=[\s\S]*?^apt_quiet\(\) \{[\s\S]*?^\}$/m.exec(setup)?.[0];
  assert.ok(fn, 'scripts/setup.sh defines apt_quiet');
  const dir = resolve('.test-dist/setup-apt');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A stand-in apt-get: dpkg's usual chatter, then the exit code asked for.
  writeFileSync(join(dir, 'apt-get'), '#!/bin/sh\necho "debconf: delaying package configuration, since apt-utils is not installed"\necho "invoke-rc.d: policy-rc.d denied execution of start."\nexit ${FAKE_APT_EXIT:-0}\n', { mode: 0o755 });
  const run = (exit: string) =>
    spawnSync('bash', ['-c', `say() { printf '%s\\n' "$*"; }\n${fn}\napt_quiet install -y -qq php-cli\necho after`], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_APT_EXIT: exit },
    });
  const ok = run('0');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'after\n');
  const failed = run('100');
  assert.equal(failed.status, 1);
  assert.match(failed.stdout, /debconf: delaying[\s\S]*apt-get install -y -qq php-cli failed \(its output is above\)/);
  assert.doesNotMatch(failed.stdout, /after/);
  rmSync(dir, { recursive: true, force: true });
});

test('setup says how long each step took and what it skipped, and sums them up at the end', () => {
  const setup = readFileSync('scripts/setup.sh', 'utf8');
  const fns = /^clock\(\) \{[\s\S]*?^steps_summary\(\) \{[\s\S]*?^\}$/m.exec(setup)?.[0];
  assert.ok(fns, 'scripts/setup.sh defines clock, step_done and steps_summary');
  // A stand-in clock plays two steps of 75 s and 4 s.
  const script = `say() { printf '%s\\n' "$*"; }\n${fns}\nclock() { printf '%s' "$NOW"; }\nSTEP_START=0\nNOW=75\nstep_done apt "skipped: all 25 packages already installed"\nNOW=79\nstep_done builds "every implementation built"\nsteps_summary`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    'step apt: 1 min 15 s (skipped: all 25 packages already installed)\n' +
      'step builds: 4 s (every implementation built)\n' +
      '\nsetup steps (total 1 min 19 s):\n' +
      '  apt              1 min 15 s  skipped: all 25 packages already installed\n' +
      '  builds             4 s  every implementation built\n',
  );
  // Every step of the script reports itself.
  for (const step of ['apt', 'node', 'toolchains', 'builds']) assert.match(setup, new RegExp(`step_done ${step} `), step);
});
