/**
 * Runtimes as a dimension (scripts/bench/runtimes/): the resolvers find a
 * runtime, say why one is missing or the wrong version (with the fix), the
 * manifest and run schemas accept runtimes, and discovery makes one member per
 * vintage with its own id, its runtime in every command and a work folder of
 * its own. Fake runtimes are shell scripts in temporary folders that answer
 * the resolvers' probes like the real programs.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { CpuManifest, ThreadsManifest } from '../../../src/schemas/manifest.ts';
import { Implementation, RuntimeSpec } from '../../../src/schemas/run.ts';
import { discover, type Impl } from '../../../scripts/bench/discovery.ts';
import { requirementsFor } from '../../../scripts/bench/plan-requirements.ts';
import { substituteRuntime } from '../../../scripts/bench/placeholders.ts';
import { runtimeBuildRecord } from '../../../scripts/bench/runtimes/member.ts';
import { forgetProbes, isResolved, parseRuntimeOptions, readRuntimesFile, resolveRuntime } from '../../../scripts/bench/runtimes/resolve.ts';
import { memberId, parseSpec } from '../../../scripts/bench/runtimes/spec.ts';
import { prepareVintageFolder } from '../../../scripts/bench/runtimes/work-folder.ts';
import { tmpDir } from '../../unit/bench/helpers.ts';

const ENV_KEYS = ['PYENV_ROOT', 'DIEZMIL_CACHE_DIR', 'DIEZMIL_SYSTEM_DIRS', 'DIEZMIL_RUNTIMES_FILE', 'DIEZMIL_JVM_DIR', 'GOMODCACHE', 'UV_PYTHON_INSTALL_DIR'] as const;
let saved: Record<string, string | undefined> = {};
let home = '';

/** Every place the resolvers look points into a fresh, empty temporary folder. */
beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  home = tmpDir();
  const empty = path.join(home, 'empty-bin');
  mkdirSync(empty);
  process.env['PYENV_ROOT'] = path.join(home, 'pyenv');
  process.env['DIEZMIL_CACHE_DIR'] = path.join(home, 'cache');
  process.env['DIEZMIL_SYSTEM_DIRS'] = empty;
  process.env['DIEZMIL_RUNTIMES_FILE'] = path.join(home, 'runtimes.json');
  process.env['DIEZMIL_JVM_DIR'] = path.join(home, 'jvm');
  process.env['GOMODCACHE'] = path.join(home, 'gomod');
  process.env['UV_PYTHON_INSTALL_DIR'] = path.join(home, 'uv');
  forgetProbes();
});

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function script(file: string, body: string, executable = true): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, executable ? 0o755 : 0o644);
  return file;
}

/** A fake CPython: answers the resolver's sysconfig probe (any -c) with this version. */
function fakePython(file: string, version: string, o: { gilDisabled?: boolean; configArgs?: string } = {}): string {
  const json = JSON.stringify({ version, implementation: 'cpython', gil_disabled: o.gilDisabled ?? false, config_args: o.configArgs ?? '', opt: '-DNDEBUG -g -O3 -Wall' });
  return script(file, `if [ "$1" = -c ]; then echo '${json}'; else echo "Python ${version}"; fi`);
}

const pyenvPython = (version: string, exe: string) => path.join(home, 'pyenv', 'versions', version, 'bin', exe);
const ROOT = path.resolve('.');

// ---------------------------------------------------------------- specs and ids

test('specs parse, and each gives a member id that names version, free-threading and a pinned origin', () => {
  const ids = ['cpython@3.7', 'cpython@3.13t', 'cpython@3.13+pyenv', 'go@1.13', 'node@12', 'java@25'].map((s) => {
    const p = parseSpec(s);
    assert.ok(!('error' in p), s);
    return memberId(s.split('@')[0] === 'cpython' ? 'cpython' : s.split('@')[0]!, p);
  });
  assert.deepEqual(ids, ['cpython-3-7', 'cpython-3-13t', 'cpython-3-13-pyenv', 'go-1-13', 'node-12', 'java-25']);
  for (const bad of ['python@3.7', 'cpython@3', 'go@1.13t', 'node@12.1', 'cpython@3.7+brew', 'java25']) {
    const p = parseSpec(bad);
    assert.ok('error' in p, `${bad} should not parse`);
    assert.match(p.error, new RegExp(bad.replace(/[.+]/g, '\\$&')));
  }
});

// ---------------------------------------------------------------- resolver: found / missing / wrong version

test('resolver: a pyenv version is found, with its exact version and build flags', () => {
  const program = fakePython(pyenvPython('3.7.16', 'python3.7'), '3.7.16');
  fakePython(pyenvPython('3.7.9', 'python3.7'), '3.7.9');
  const r = resolveRuntime('cpython@3.7', { root: ROOT });
  assert.ok(isResolved(r), JSON.stringify(r));
  assert.equal(r.program, program, 'the newest patch release wins');
  assert.equal(r.origin, 'pyenv');
  assert.equal(r.probe.version, '3.7.16');
  assert.deepEqual(r.probe.flags, ['-O3']);
  assert.match(r.probe.detail, /pyenv 3\.7\.16 \(configured without PGO or LTO\)/);
  assert.equal(r.env['PATH']?.split(':')[0], path.dirname(program));
});

test('resolver: a missing runtime says where it looked and gives a one-line fix', () => {
  const r = resolveRuntime('cpython@3.7', { root: ROOT });
  assert.ok(!isResolved(r));
  assert.match(r.reason, /^cpython@3\.7 not found \(looked in .*pyenv\/versions\/3\.7\.\*/);
  assert.match(r.fix, /^pyenv install 3\.7 \(or --runtime cpython@3\.7=/);
  assert.doesNotMatch(r.fix, /\n/);
  const newer = resolveRuntime('cpython@3.14t', { root: ROOT });
  assert.ok(!isResolved(newer));
  assert.match(newer.fix, /^npm run bench:setup -- --vintages .*pyenv install 3\.14t/);
});

test('resolver: a program of the wrong version (or not free-threaded) is rejected, and the reason says what it is', () => {
  fakePython(pyenvPython('3.7.16', 'python3.7'), '3.8.18'); // a folder that lies about its version
  const r = resolveRuntime('cpython@3.7', { root: ROOT });
  assert.ok(!isResolved(r));
  assert.match(r.reason, /python3\.7: it is Python 3\.8\.18, not 3\.7/);
  fakePython(pyenvPython('3.13.1t', 'python3.13t'), '3.13.1', { gilDisabled: false });
  const t = resolveRuntime('cpython@3.13t', { root: ROOT });
  assert.ok(!isResolved(t));
  assert.match(t.reason, /not the free-threaded build/);
  forgetProbes();
  fakePython(pyenvPython('3.13.1t', 'python3.13t'), '3.13.1', { gilDisabled: true });
  const ok = resolveRuntime('cpython@3.13t', { root: ROOT });
  assert.ok(isResolved(ok));
  assert.ok(ok.probe.flags.includes('--disable-gil'));
});

test('resolver: our own builds come first and carry their recorded flags; a build cut short does not count', () => {
  const prefix = path.join(home, 'cache', 'runtimes', 'cpython-3.13.15');
  const program = fakePython(path.join(prefix, 'bin', 'python3.13'), '3.13.15');
  fakePython(pyenvPython('3.13.0', 'python3.13'), '3.13.0');
  writeFileSync(path.join(prefix, 'diezmil-runtime.json'), JSON.stringify({ flags: ['PGO', 'LTO', '-O3'], detail: 'built from python3.13 3.13.15-1' }));
  const r = resolveRuntime('cpython@3.13', { root: ROOT });
  assert.ok(isResolved(r));
  assert.equal(r.program, program);
  assert.equal(r.origin, 'built');
  assert.deepEqual(r.probe.flags, ['PGO', 'LTO', '-O3']);
  const pinned = resolveRuntime('cpython@3.13+pyenv', { root: ROOT });
  assert.ok(isResolved(pinned));
  assert.equal(pinned.origin, 'pyenv', '+pyenv pins the origin');
  assert.equal(pinned.probe.version, '3.13.0');
});

test('resolver: a build from upstream\'s source (no Debian package) is found after a Debian-flag build, with its own origin and flags', () => {
  const source = path.join(home, 'cache', 'runtimes', 'cpython-source-3.14.7t');
  const program = fakePython(path.join(source, 'bin', 'python3.14t'), '3.14.7', { gilDisabled: true });
  fakePython(pyenvPython('3.14.0t', 'python3.14t'), '3.14.0', { gilDisabled: true });
  const record = { flags: ['-O3', '--disable-gil'], detail: "built from CPython 3.14.7's source (Go module proxy) the way pyenv builds" };
  writeFileSync(path.join(source, 'diezmil-runtime.json'), JSON.stringify(record));
  const r = resolveRuntime('cpython@3.14t', { root: ROOT });
  assert.ok(isResolved(r));
  assert.equal(r.program, program);
  assert.equal(r.origin, 'source');
  assert.deepEqual(r.probe.flags, record.flags);
  assert.equal(r.probe.detail, record.detail);
  assert.ok(isResolved(resolveRuntime('cpython@3.14t+source', { root: ROOT })));
  const built = resolveRuntime('cpython@3.14t+built', { root: ROOT });
  assert.ok(!isResolved(built), 'a source build is not a Debian-flag build');
  assert.match(built.reason, /cpython-3\.14\.\*t/);
  // A Debian-flag build of the same minor comes first.
  const debian = path.join(home, 'cache', 'runtimes', 'cpython-3.14.8t');
  fakePython(path.join(debian, 'bin', 'python3.14t'), '3.14.8', { gilDisabled: true });
  writeFileSync(path.join(debian, 'diezmil-runtime.json'), JSON.stringify({ flags: ['PGO', 'LTO', '-O3', '--disable-gil'], detail: 'Debian' }));
  forgetProbes();
  const first = resolveRuntime('cpython@3.14t', { root: ROOT });
  assert.ok(isResolved(first));
  assert.equal(first.origin, 'built');
  assert.equal(memberId('cpython', parseSpec('cpython@3.14+source') as Exclude<ReturnType<typeof parseSpec>, { error: string }>), 'cpython-3-14-source');
});

test('setup: the newest CPython release of a minor in the Go module proxy\'s list', async () => {
  const { newestRelease } = await import('../../../scripts/bench/runtimes/install-cpython-source.ts');
  const listing = 'v3.13.9+incompatible v3.14.0+incompatible v3.14.7+incompatible v3.14.10+incompatible v3.141.0+incompatible';
  assert.deepEqual(newestRelease(listing, '3.14'), { release: '3.14.10' });
  assert.equal(newestRelease(listing, '3.15'), null);
});

test('resolver: uv\'s interpreters count too (python-build-standalone, PGO and LTO from its sysconfig)', () => {
  const dir = path.join(home, 'uv', `cpython-3.14.2+freethreaded-${process.platform}-x86_64-gnu`);
  const program = fakePython(path.join(dir, 'bin', 'python3.14t'), '3.14.2', { gilDisabled: true, configArgs: "'--enable-optimizations' '--with-lto' '--disable-gil'" });
  fakePython(path.join(home, 'uv', `cpython-3.14.2-${process.platform}-x86_64-gnu`, 'bin', 'python3.14'), '3.14.2');
  const r = resolveRuntime('cpython@3.14t', { root: ROOT });
  assert.ok(isResolved(r), JSON.stringify(r));
  assert.equal(r.program, program);
  assert.equal(r.origin, 'uv');
  assert.deepEqual(r.probe.flags, ['PGO', 'LTO', '--disable-gil', '-O3']);
  const gil = resolveRuntime('cpython@3.14+uv', { root: ROOT });
  assert.ok(isResolved(gil));
  assert.equal(gil.probe.freeThreaded, false, 'the free-threaded folder is not taken for the default build');
});

test('resolver: a path given with --runtime or in the runtimes file wins, and a wrong one is reported with the file', () => {
  const given = fakePython(path.join(home, 'opt', 'py314', 'bin', 'python3.14'), '3.14.2');
  const r = resolveRuntime('cpython@3.14', { root: ROOT, overrides: parseRuntimeOptions([`cpython@3.14=${path.join(home, 'opt', 'py314')}`]) });
  assert.ok(isResolved(r), JSON.stringify(r));
  assert.equal(r.program, given, 'a folder is searched for its bin/python3.14');
  assert.equal(r.origin, 'user');
  writeFileSync(path.join(home, 'runtimes.json'), JSON.stringify({ 'cpython@3.14': fakePython(path.join(home, 'wrong', 'python3'), '3.12.1') }));
  const fromFile = resolveRuntime('cpython@3.14', { root: ROOT, fileOverrides: readRuntimesFile() });
  assert.ok(!isResolved(fromFile));
  assert.match(fromFile.reason, /runtimes\.json gives .*it is Python 3\.12\.1, not 3\.14/);
  assert.match(fromFile.fix, /fix the path in .*runtimes\.json/);
  writeFileSync(path.join(home, 'runtimes.json'), JSON.stringify({ 'python@3.14': '/x' }));
  assert.throws(() => readRuntimesFile(), (e: Error) => /runtimes\.json: .*python@3\.14/.test(e.message) && /fix: keys are runtime specs/.test(e.message));
  assert.throws(() => parseRuntimeOptions(['cpython@3.14']), /expected SPEC=PATH/);
});

test('resolver: Go from the module cache (GOROOT, GOENV=off before 1.18), a toolchain without exec bits, Node from the cache, a JDK by its release file', () => {
  const goroot = path.join(home, 'gomod', 'golang.org', 'toolchain@v0.0.1-go1.13.15.linux-amd64');
  const answer = 'if [ "$GOENV" != off ]; then echo "go: GOFLAGS=-buildvcs=false: unknown flag" >&2; exit 2; fi; echo "go version go1.13.15 linux/amd64"';
  const goBin = script(path.join(goroot, 'bin', 'go'), answer, false);
  const missingBits = resolveRuntime('go@1.13', { root: ROOT });
  assert.ok(!isResolved(missingBits));
  assert.match(missingBits.reason, /not executable \(the Go module cache drops exec bits/);
  chmodSync(goBin, 0o755);
  forgetProbes();
  const g = resolveRuntime('go@1.13', { root: ROOT });
  assert.ok(isResolved(g), JSON.stringify(g));
  assert.equal(g.probe.version, '1.13.15');
  assert.equal(g.env['GOROOT'], goroot);
  assert.equal(g.env['GOENV'], 'off');

  const nodeBin = script(path.join(home, 'cache', 'runtimes', 'node-12', 'node_modules', 'node', 'bin', 'node'), `echo '{"v":"v12.22.12","v8":"7.8.279.23-node.57"}'`);
  const n = resolveRuntime('node@12', { root: home });
  assert.ok(isResolved(n));
  assert.equal(n.program, nodeBin);
  assert.equal(n.origin, 'npm');
  assert.match(n.probe.detail, /V8 7\.8\.279\.23/);

  const jdk = path.join(home, 'jvm', 'temurin-25-jdk-amd64');
  script(path.join(jdk, 'bin', 'java'), `echo 'openjdk version "25.0.1" 2025-10-21 LTS' >&2`);
  script(path.join(jdk, 'bin', 'javac'), 'exit 0');
  writeFileSync(path.join(jdk, 'release'), 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.1"\n');
  const j = resolveRuntime('java@25', { root: ROOT });
  assert.ok(isResolved(j));
  assert.equal(j.probe.version, '25.0.1');
  assert.equal(j.env['JAVA_HOME'], jdk);
  assert.match(j.probe.detail, /Eclipse Adoptium JDK 25\.0\.1/);
  const j17 = resolveRuntime('java@17', { root: ROOT });
  assert.ok(!isResolved(j17));
  assert.match(j17.fix, /openjdk-17-jdk-headless/);
});

// ---------------------------------------------------------------- schemas

const cpuManifest = {
  id: 'cpython',
  suite: 'cpu',
  language: 'python',
  runtime: 'CPython',
  version_command: ['python3', '--version'],
  requires: [{ tool: 'python3', check: ['python3', '--version'], install: 'apt-get install -y python3' }],
  env: { PYTHONDONTWRITEBYTECODE: '1', HELPER: '{python}' },
  sources: ['loop.py'],
  kernels: { loop: ['python3', 'loop.py', '{n}', '{iterations}'] },
  callgrind: true,
};

test('manifest schema: runtimes name a default and vintages; bad specs and runtimes in a variant are rejected', () => {
  const ok = CpuManifest.safeParse({ ...cpuManifest, runtimes: { default: 'cpython@3.11', vintages: ['cpython@3.7', 'cpython@3.13t'] } });
  assert.ok(ok.success, JSON.stringify(ok.error?.issues));
  assert.equal(CpuManifest.parse(cpuManifest).runtimes, null, 'optional: manifests without runtimes are as before');
  const bad = CpuManifest.safeParse({ ...cpuManifest, runtimes: { default: 'cpython@3.11', vintages: ['python@3.7'] } });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues[0]?.path, ['runtimes', 'vintages', 0]);
  assert.match(bad.error.issues[0]!.message, /a runtime like "cpython@3\.7"/);
  const inVariant = ThreadsManifest.safeParse({ ...cpuManifest, suite: 'threads', kernels: undefined, callgrind: undefined, run: ['python3'], variants: [{ id: 'pypy', runtimes: { default: 'cpython@3.11' } }] });
  assert.ok(!inVariant.success, 'variants cannot list runtimes');
  assert.ok(RuntimeSpec.safeParse('cpython@3.13+pyenv').success);
});

test('run schema: an implementation records its runtime build (version, flags, origin); a bad origin is rejected', () => {
  const impl = {
    suite: 'cpu',
    language: 'python',
    runtime: 'CPython 3.7',
    source_dir: 'bench/cpu/python',
    libraries: {},
    workers: null,
    runtime_build: { spec: 'cpython@3.7', of: 'cpython', default: false, version: '3.7.16', flags: ['-O3'], origin: 'pyenv', program: '/root/.pyenv/versions/3.7.16/bin/python3.7', detail: 'pyenv 3.7.16 (configured without PGO or LTO)' },
  };
  assert.ok(Implementation.safeParse(impl).success);
  const { runtime_build: _omitted, ...older } = impl;
  assert.ok(Implementation.safeParse(older).success, 'runs without the record still validate');
  const bad = Implementation.safeParse({ ...impl, runtime_build: { ...impl.runtime_build, origin: 'homebrew' } });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues[0]?.path, ['runtime_build', 'origin']);
});

// ---------------------------------------------------------------- placeholders

test('substitution puts the runtime in each command: the program word, the placeholders, also in env values; sources stay', () => {
  const words = { program: (w: string) => (path.basename(w) === 'python3' ? '/p/python3.7' : null), placeholders: { python: '/p/python3.7' } };
  const m = substituteRuntime({ ...cpuManifest, build: [['sh', '-c', 'echo {python}']] }, words);
  assert.deepEqual(m.kernels.loop, ['/p/python3.7', 'loop.py', '{n}', '{iterations}']);
  assert.deepEqual(m.version_command, ['/p/python3.7', '--version']);
  assert.deepEqual(m.build, [['sh', '-c', 'echo /p/python3.7']]);
  assert.equal(m.env.HELPER, '/p/python3.7');
  assert.deepEqual(m.sources, ['loop.py']);
  assert.deepEqual(m.requires, cpuManifest.requires, 'requirements are replaced by the member, not rewritten');
});

// ---------------------------------------------------------------- discovery

function benchWith(manifest: object): string {
  const bench = path.join(home, 'bench');
  mkdirSync(path.join(bench, 'cpu', 'python', 'bin'), { recursive: true });
  writeFileSync(path.join(bench, 'cpu', 'python', 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(path.join(bench, 'cpu', 'python', 'loop.py'), 'print(1)\n');
  return bench;
}

const byId = (impls: Impl[]) => new Map(impls.map((i) => [i.id, i]));

test('discovery: one member per vintage, ids from the spec, the runtime in its commands, its own work folder; the default is untouched', () => {
  const today = fakePython(path.join(home, 'usr-bin', 'python3'), '3.11.2');
  process.env['DIEZMIL_SYSTEM_DIRS'] = path.dirname(today);
  const p37 = fakePython(pyenvPython('3.7.16', 'python3.7'), '3.7.16');
  const p313t = fakePython(pyenvPython('3.13.0t', 'python3.13t'), '3.13.0', { gilDisabled: true });
  const manifest = { ...cpuManifest, runtimes: { default: 'cpython@3.11', vintages: ['cpython@3.7', 'cpython@3.9', 'cpython@3.13t'] } };
  const bench = benchWith(manifest);
  const plain = discover(bench, home, ['cpu']);
  assert.deepEqual(plain.impls.map((i) => i.id), ['cpython'], 'vintages only when asked');

  const { impls, problems } = discover(bench, home, ['cpu'], { vintages: true });
  assert.deepEqual(problems, []);
  const m = byId(impls);
  assert.deepEqual([...m.keys()], ['cpython', 'cpython-3-7', 'cpython-3-9', 'cpython-3-13t']);

  const def = m.get('cpython')!;
  const { variants: _variants, ...written } = CpuManifest.parse(manifest);
  assert.deepEqual(def.manifest, { ...written, env: { ...written.env, HELPER: today }, variant_of: null }, "the default keeps the manifest's commands; a placeholder gets today's runtime");
  assert.equal(def.dir, path.join(bench, 'cpu', 'python'));
  assert.equal(def.vintage?.default, true);
  assert.equal(def.vintage?.runtime?.probe.version, '3.11.2', 'the record says what the commands ran');

  const v = m.get('cpython-3-7')!;
  assert.ok(v.suite === 'cpu');
  assert.deepEqual(v.manifest.kernels['loop'], [p37, 'loop.py', '{n}', '{iterations}']);
  assert.deepEqual(v.manifest.version_command, [p37, '--version']);
  assert.equal(v.manifest.env['HELPER'], p37);
  assert.equal(v.manifest.env['PATH']?.split(':')[0], path.dirname(p37));
  assert.equal(v.manifest.runtime, 'CPython 3.7');
  assert.deepEqual(v.manifest.requires.map((r) => r.tool), ['cpython@3.7'], "the runtime's check replaces the manifest's python3 check");
  assert.equal(v.sourceDir, 'bench/cpu/python');
  assert.equal(v.dir, path.join(bench, 'cpu', '.vintage-cpython-3-7'));
  assert.equal(readlinkSync(path.join(v.dir, 'loop.py')), path.join('..', 'python', 'loop.py'));
  assert.ok(!existsSync(path.join(v.dir, 'bin')), 'build outputs are not shared');
  assert.ok(lstatSync(path.join(v.dir, '.gitignore')).isFile());
  assert.ok(!existsSync(path.join(v.dir, 'manifest.json')), 'no manifest: the site never lists the work folder as an implementation');
  assert.equal(requirementsFor(v), null);
  const record = runtimeBuildRecord(v.vintage!);
  assert.deepEqual({ ...record, program: undefined }, { spec: 'cpython@3.7', of: 'cpython', default: false, version: '3.7.16', flags: ['-O3'], origin: 'pyenv', program: undefined, detail: 'pyenv 3.7.16 (configured without PGO or LTO)' });
  assert.ok(Implementation.shape.runtime_build.safeParse(record).success);

  const missing = m.get('cpython-3-9')!;
  const req = requirementsFor(missing);
  assert.ok(req, 'a vintage that is not installed skips its cells');
  assert.match(req.reason, /^cpython@3\.9 not found/);
  assert.equal(req.fix.split('\n').length, 1);
  assert.match(req.fix, /^pyenv install 3\.9/);

  const ft = m.get('cpython-3-13t')!;
  assert.ok(ft.suite === 'cpu');
  assert.equal(ft.manifest.kernels['loop']![0], p313t);
  assert.deepEqual(ft.vintage?.runtime?.probe.flags, ['--disable-gil', '-O3']);
});

test('discovery: a vintage of another kind is a manifest problem; --runtime reaches the resolver', () => {
  fakePython(path.join(home, 'usr-bin', 'python3'), '3.11.2');
  process.env['DIEZMIL_SYSTEM_DIRS'] = path.join(home, 'usr-bin');
  const given = fakePython(path.join(home, 'opt', 'python3.14'), '3.14.0');
  const bench = benchWith({ ...cpuManifest, runtimes: { default: 'cpython@3.11', vintages: ['go@1.13', 'cpython@3.14'] } });
  const { impls, problems } = discover(bench, home, ['cpu'], { vintages: true, runtimeOverrides: { 'cpython@3.14': given } });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /runtimes\.vintages: "go@1\.13" is not a cpython runtime like the default "cpython@3\.11"/);
  const v = byId(impls).get('cpython-3-14')!;
  assert.ok(v.suite === 'cpu');
  assert.equal(v.manifest.kernels['loop']![0], given);
  assert.equal(v.vintage?.runtime?.origin, 'user');
});

test('a work folder follows its source folder: new entries linked, removed ones unlinked, its own build outputs kept', () => {
  const src = path.join(home, 'bench', 'cpu', 'go');
  mkdirSync(path.join(src, 'nbody'), { recursive: true });
  mkdirSync(path.join(src, 'bin'));
  for (const f of ['go.mod', 'manifest.json', 'old.go']) writeFileSync(path.join(src, f), '');
  const dir = prepareVintageFolder(src, 'go-1-13');
  assert.deepEqual(readdirSync(dir).sort(), ['.gitignore', 'go.mod', 'nbody', 'old.go']);
  mkdirSync(path.join(dir, 'bin')); // the member's own build output
  rmSync(path.join(src, 'old.go'));
  writeFileSync(path.join(src, 'new.go'), '');
  prepareVintageFolder(src, 'go-1-13');
  assert.deepEqual(readdirSync(dir).sort(), ['.gitignore', 'bin', 'go.mod', 'nbody', 'new.go']);
  assert.ok(!lstatSync(path.join(dir, 'bin')).isSymbolicLink());
});

// ---------------------------------------------------------------- setup

test('setup --vintages: what is there is ready, what is not gets one line with its fix, and each found vintage is built', async () => {
  const { spawnSync } = await import('node:child_process');
  fakePython(path.join(home, 'usr-bin', 'python3'), '3.11.2');
  fakePython(pyenvPython('3.7.16', 'python3.7'), '3.7.16');
  const bench = benchWith({ ...cpuManifest, build: [['python3', '-c', 'pass']], runtimes: { default: 'cpython@3.11', vintages: ['cpython@3.7', 'cpython@3.9'] } });
  const env = { ...process.env, DIEZMIL_SYSTEM_DIRS: path.join(home, 'usr-bin') };
  const r = spawnSync(process.execPath, ['scripts/setup-vintages.ts', '--bench-dir', bench], { encoding: 'utf8', env, timeout: 120_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(out, /^vintages: cpython@3\.7, cpython@3\.9$/m);
  assert.match(out, /^ready {2}cpython@3\.7 +3\.7\.16 · pyenv · -O3 · /m);
  assert.match(out, /^missing cpython@3\.9: not found \(looked in [^\n]*\); fix: pyenv install 3\.9 \(or --runtime cpython@3\.9=\/path\/to\/python3\.9\)$/m);
  assert.match(out, /^ok {5}cpu\/cpython-3-7 built/m);
  assert.doesNotMatch(out, /^(install|build) |apt-get/m, 'nothing to install for pyenv versions');
});
