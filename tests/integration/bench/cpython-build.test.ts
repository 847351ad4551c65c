/**
 * The CPython build scripts (scripts/bench/runtimes/build-cpython.sh from a
 * Debian source package, build-cpython-source.sh from upstream's tree) on a
 * fake CPython: a tree whose configure writes a Makefile that "builds" a
 * python3.99 that runs this machine's python3. What is tested is the
 * scripts' own logic: the phases, the lock, a build cut short resumed, a
 * resumed build that fails started again from scratch, and the record the
 * resolver trusts, written last.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../../unit/bench/helpers.ts';

const RUNTIMES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/bench/runtimes');
const haveDpkg = ['dpkg-source', 'dpkg-buildflags', 'dpkg-architecture', 'dpkg-parsechangelog'].every((t) => spawnSync('which', [t]).status === 0);

/**
 * configure records --prefix in the Makefile. `make` (all, or profile-opt) fails while the file named by
 * $FAIL_MAKE_ONCE exists, and removes it: the next make goes through.
 */
const CONFIGURE = `#!/bin/sh
prefix=
for a in "$@"; do case "$a" in --prefix=*) prefix="\${a#--prefix=}";; esac; done
here=$(dirname "$0")
sed "s|@PREFIX@|$prefix|" "$here/Makefile.in" > Makefile
`;
const MAKEFILE_IN = `PREFIX = @PREFIX@
all:
\t@if [ -n "$$FAIL_MAKE_ONCE" ] && [ -f "$$FAIL_MAKE_ONCE" ]; then rm "$$FAIL_MAKE_ONCE"; echo "fake make: failing once" >&2; exit 2; fi
\tprintf '#!/bin/sh\\nexec python3 "$$@"\\n' > python
\tchmod +x python
profile-opt: all
install:
\tmkdir -p $(PREFIX)/bin
\tcp python $(PREFIX)/bin/python3.99
`;

/** The files of a fake CPython tree, shared by the upstream tree and the Debian package. */
function writeTree(dir: string): void {
  mkdirSync(path.join(dir, 'Include'), { recursive: true });
  writeFileSync(path.join(dir, 'Include/patchlevel.h'), '#define PY_VERSION              "3.99.1"\n');
  writeFileSync(path.join(dir, 'configure'), CONFIGURE);
  writeFileSync(path.join(dir, 'Makefile.in'), MAKEFILE_IN);
  for (const f of ['configure', 'install-sh', 'config.guess', 'config.sub']) {
    if (!existsSync(path.join(dir, f))) writeFileSync(path.join(dir, f), '#!/bin/sh\n');
    chmodSync(path.join(dir, f), 0o755);
  }
}

/** A Debian source package python3.99 (native format) of the fake tree; returns its .dsc. */
function debianPackage(root: string): string {
  const dir = path.join(root, 'python3.99-3.99.1');
  writeTree(dir);
  mkdirSync(path.join(dir, 'debian/source'), { recursive: true });
  writeFileSync(path.join(dir, 'debian/source/format'), '3.0 (native)\n');
  writeFileSync(
    path.join(dir, 'debian/changelog'),
    'python3.99 (3.99.1) unstable; urgency=medium\n\n  * A fake CPython for the build script tests.\n\n -- Diez Mil <tests@diezmil.invalid>  Fri, 04 Dec 2026 00:00:00 +0000\n',
  );
  writeFileSync(
    path.join(dir, 'debian/control'),
    'Source: python3.99\nMaintainer: Diez Mil <tests@diezmil.invalid>\n\nPackage: python3.99\nArchitecture: any\nDescription: fake\n fake\n',
  );
  const built = spawnSync('dpkg-source', ['-b', 'python3.99-3.99.1'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  return path.join(root, 'python3.99_3.99.1.dsc');
}

function build(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('bash', [path.join(RUNTIMES, script), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr, phases: r.stdout.split('\n').filter((l) => l.startsWith('phase: ')).map((l) => l.replace(/^phase: (.*) \(\d+ s\)$/, '$1')) };
}

function record(prefix: string): { flags: string[]; detail: string; build_seconds: number; resumed: boolean; [k: string]: unknown } {
  return JSON.parse(readFileSync(path.join(prefix, 'diezmil-runtime.json'), 'utf8'));
}

test('from upstream\'s tree: phases in order, an interpreter that imports what the resolver needs, the record last, nothing left behind', () => {
  const root = tmpDir();
  const src = path.join(root, 'cpython');
  writeTree(src);
  const prefix = path.join(root, 'runtimes/cpython-3.99.1t');
  const r = build('build-cpython-source.sh', [src, prefix, 'nogil', '2', 'the Go module proxy']);
  assert.equal(r.status, 0, r.out + r.err);
  assert.deepEqual(r.phases.slice(0, -1), ['copy the source tree', 'configure', 'build (make -j2)', 'install', 'check']);
  assert.equal(r.phases.at(-1), `done ${prefix}/bin/python3.99`);
  const rec = record(prefix);
  assert.deepEqual(rec.flags, ['-O3', '--disable-gil']);
  assert.match(rec.detail, /CPython 3\.99\.1's source \(the Go module proxy\) the way pyenv builds: \.\/configure --enable-shared --disable-gil/);
  assert.equal(rec['source'], 'the Go module proxy');
  assert.equal(rec.resumed, false);
  assert.ok(Number.isInteger(rec.build_seconds) && rec.build_seconds >= 0);
  assert.match(readFileSync(path.join(prefix, 'diezmil-configure-args'), 'utf8'), /^--prefix=.*\n--enable-shared\n/);
  assert.ok(!existsSync(`${prefix}.build`) && !existsSync(`${prefix}.lock`), 'the work folder and the lock are removed');
});

test('a build cut short resumes where make stopped; a resumed build that fails starts again from scratch once', () => {
  const root = tmpDir();
  const src = path.join(root, 'cpython');
  writeTree(src);
  const prefix = path.join(root, 'runtimes/cpython-3.99.1');
  const mark = path.join(root, 'fail-once');

  writeFileSync(mark, '');
  const cut = build('build-cpython-source.sh', [src, prefix, 'gil', '2'], { FAIL_MAKE_ONCE: mark });
  assert.equal(cut.status, 1, 'make failed: the build fails');
  assert.ok(existsSync(`${prefix}.build/src/Makefile`) && !existsSync(path.join(prefix, 'diezmil-runtime.json')), 'the configured work folder is kept, no record');

  const resumed = build('build-cpython-source.sh', [src, prefix, 'gil', '2']);
  assert.equal(resumed.status, 0, resumed.out + resumed.err);
  assert.equal(resumed.phases[0], `resume the build cut short in ${prefix}.build`);
  assert.ok(!resumed.phases.includes('configure'));
  assert.equal(record(prefix).resumed, true);

  // Cut short again, then the resumed make fails too: the script runs again from an empty work folder.
  writeFileSync(mark, '');
  assert.equal(build('build-cpython-source.sh', [src, prefix, 'gil', '2'], { FAIL_MAKE_ONCE: mark }).status, 1);
  writeFileSync(mark, '');
  const again = build('build-cpython-source.sh', [src, prefix, 'gil', '2'], { FAIL_MAKE_ONCE: mark });
  assert.equal(again.status, 0, again.out + again.err);
  assert.deepEqual(again.phases.slice(0, 4), [`resume the build cut short in ${prefix}.build`, 'build (make -j2)', 'the resumed build failed: starting again from scratch', 'copy the source tree']);
  assert.equal(record(prefix).resumed, false);
});

test('a second build of the same folder while one runs is refused with the lock named (exit 3)', async () => {
  const root = tmpDir();
  const src = path.join(root, 'cpython');
  writeTree(src);
  const prefix = path.join(root, 'runtimes/cpython-3.99.1');
  mkdirSync(path.dirname(prefix), { recursive: true });
  // flock holds the lock while its child sleeps; it prints once it holds it. A group of its own, so both can be stopped.
  const holder: ChildProcess = spawn('flock', [`${prefix}.lock`, 'sh', '-c', 'echo held; sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  try {
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const r = build('build-cpython-source.sh', [src, prefix, 'gil', '2']);
    assert.equal(r.status, 3);
    assert.equal(r.err.trim(), `another build of ${prefix} is running (lock ${prefix}.lock)`);
  } finally {
    process.kill(-holder.pid!, 'SIGKILL');
  }
});

test('from a Debian source package: its name and version recorded, PGO and LTO named, the profile build run', { skip: haveDpkg ? false : 'dpkg-dev is not installed' }, () => {
  const root = tmpDir();
  const dsc = debianPackage(root);
  const prefix = path.join(root, 'runtimes/cpython-3.99.1');
  const r = build('build-cpython.sh', [dsc, prefix, 'gil', '2']);
  assert.equal(r.status, 0, r.out + r.err);
  assert.deepEqual(r.phases.slice(0, -1), ['unpack', 'configure', 'build (instrumented build, profile run, optimized build)', 'install', 'check']);
  const rec = record(prefix);
  assert.deepEqual(rec.flags, ['PGO', 'LTO', '-O3']);
  assert.equal(rec['source_package'], 'python3.99 3.99.1');
  assert.match(rec.detail, /Debian's source package python3\.99 3\.99\.1 with Debian's configure flags, LTO at -O3 and PGO/);
  assert.match(readFileSync(path.join(prefix, 'diezmil-configure-args'), 'utf8'), /--with-computed-gotos\n/);
  assert.ok(!existsSync(`${prefix}.build`) && !existsSync(`${prefix}.lock`));
});
