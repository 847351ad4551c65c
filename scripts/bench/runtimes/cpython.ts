/**
 * CPython: a build of `npm run bench:setup -- --vintages` (Debian's source
 * package with Debian's flags, or upstream's source like pyenv's builds when
 * the mirror has no package), Debian's own /usr/bin/python3.X, a pyenv version,
 * or one that `uv python install` put in place. Build flags come from sysconfig, from the record our builds leave
 * beside them (diezmil-runtime.json), or, for Debian's packages, from what
 * debian/rules does (Debian strips PGO and LTO from sysconfig).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { cacheDirNameForCpython, cacheDirNameForCpythonSource } from './names.ts';
import { findOnPath, isFile, pyenvRoot, runtimesDir, subfolders, systemDirs, tilde, uvPythonDir } from './locations.ts';
import { debianPackageOf, runProbe } from './run-probe.ts';
import { compareVersions, type ParsedSpec } from './spec.ts';
import type { Candidate, KindDef, Probe } from './types.ts';

/** Debian's source packages start at python3.13 on the mirrors setup uses (trixie, forky); older ones come from pyenv. */
export const OLDEST_DEBIAN_SOURCE = '3.13';

const PROBE = [
  'import json, platform, sys, sysconfig',
  'c = sysconfig.get_config_var',
  "print(json.dumps({'version': platform.python_version(), 'implementation': sys.implementation.name, 'gil_disabled': bool(c('Py_GIL_DISABLED')), 'config_args': c('CONFIG_ARGS') or '', 'opt': c('OPT') or ''}))",
].join('\n');

const exe = (p: ParsedSpec) => `python${p.version}${p.freeThreaded ? 't' : ''}`;

/** Folders named X.Y.N (or X.Y.Nt) for the spec's X.Y, newest patch first. */
function versionFolders(parent: string, p: ParsedSpec, prefix = ''): string[] {
  const re = new RegExp(`^${prefix.replace(/[.]/g, '\\.')}${p.version.replace('.', '\\.')}\\.(\\d+)${p.freeThreaded ? 't' : ''}$`);
  return subfolders(parent)
    .filter((n) => re.test(n))
    .sort((a, b) => compareVersions(b.slice(prefix.length), a.slice(prefix.length)));
}

interface BuildRecord {
  flags: string[];
  detail: string;
}

/** What our build left beside the interpreter (scripts/bench/runtimes/build-cpython.sh). */
function buildRecord(program: string): BuildRecord | null {
  const file = path.join(path.dirname(path.dirname(program)), 'diezmil-runtime.json');
  if (!existsSync(file)) return null;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { flags?: unknown; detail?: unknown };
    if (Array.isArray(j.flags) && typeof j.detail === 'string') return { flags: j.flags.map(String), detail: j.detail };
  } catch {
    /* a damaged record: fall back to sysconfig */
  }
  return null;
}

function flagsFromConfig(configArgs: string, opt: string, gilDisabled: boolean): string[] {
  const flags: string[] = [];
  if (configArgs.includes('--enable-optimizations')) flags.push('PGO');
  if (configArgs.includes('--with-lto')) flags.push('LTO');
  if (gilDisabled) flags.push('--disable-gil');
  if (configArgs.includes('--enable-experimental-jit')) flags.push('JIT');
  const o = /(^|\s)(-O[0-9s])(\s|$)/.exec(opt);
  if (o) flags.push(o[2]!);
  return flags;
}

export const cpython: KindDef = {
  kind: 'cpython',
  placeholders: ['python'],
  isProgram: (b) => /^python(3(\.\d+)?t?)?$/.test(b),
  programPath: (program) => program,
  versionArgs: ['--version'],

  candidates(p, _root) {
    const out: Candidate[] = [];
    for (const d of versionFolders(runtimesDir(), p, 'cpython-')) out.push({ program: path.join(runtimesDir(), d, 'bin', exe(p)), origin: 'built' });
    // Upstream's source built like pyenv's (no PGO or LTO): after the Debian-flag builds, before what else the machine has.
    for (const d of versionFolders(runtimesDir(), p, 'cpython-source-')) out.push({ program: path.join(runtimesDir(), d, 'bin', exe(p)), origin: 'source' });
    const sys = findOnPath(exe(p), systemDirs());
    if (sys) out.push({ program: sys, origin: 'system' });
    const versions = path.join(pyenvRoot(), 'versions');
    for (const d of versionFolders(versions, p)) out.push({ program: path.join(versions, d, 'bin', exe(p)), origin: 'pyenv' });
    // uv: cpython-3.14.0-linux-x86_64-gnu, cpython-3.14.0+freethreaded-linux-x86_64-gnu.
    const uvRe = new RegExp(`^cpython-${p.version.replace('.', '\\.')}\\.(\\d+)${p.freeThreaded ? '\\+freethreaded' : ''}-${process.platform}-`);
    const uv = subfolders(uvPythonDir())
      .filter((n) => uvRe.test(n) && (p.freeThreaded || !n.includes('+')))
      .sort((a, b) => Number(uvRe.exec(b)![1]) - Number(uvRe.exec(a)![1]));
    for (const d of uv) out.push({ program: path.join(uvPythonDir(), d, 'bin', exe(p)), origin: 'uv' });
    return out;
  },

  fromUserPath(p, given) {
    if (isFile(given)) return given;
    for (const name of [exe(p), 'python3', 'python']) {
      for (const c of [path.join(given, 'bin', name), path.join(given, name)]) if (isFile(c)) return c;
    }
    return given;
  },

  probe(program, origin) {
    const r = runProbe([program, '-c', PROBE]);
    if (!r.ok) return { error: `${tilde(program)} ${r.why}` };
    let j: { version: string; implementation: string; gil_disabled: boolean; config_args: string; opt: string };
    try {
      j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    } catch {
      return { error: `${tilde(program)} did not answer like CPython` };
    }
    if (j.implementation !== 'cpython') return { error: `${tilde(program)} is ${j.implementation}, not CPython` };
    const probe: Probe = { version: j.version, freeThreaded: j.gil_disabled, flags: flagsFromConfig(j.config_args, j.opt, j.gil_disabled), detail: '' };
    const record = origin === 'built' || origin === 'source' ? buildRecord(program) : null;
    if (record) return { ...probe, flags: record.flags, detail: record.detail };
    if (origin === 'uv') return { ...probe, detail: `uv ${path.basename(path.dirname(path.dirname(program)))} (python-build-standalone${probe.flags.length ? `, ${probe.flags.join(' ')}` : ''})` };
    if (origin === 'pyenv') {
      const how = probe.flags.includes('PGO') || probe.flags.includes('LTO') ? `configured with ${probe.flags.join(' ')}` : 'configured without PGO or LTO';
      return { ...probe, detail: `pyenv ${path.basename(path.dirname(path.dirname(program)))} (${how})` };
    }
    let real = program;
    try {
      real = realpathSync(program);
    } catch {
      /* keep the path as given */
    }
    const pkg = debianPackageOf(real);
    if (pkg && /^python3\.\d+/.test(pkg.name)) {
      // debian/rules builds amd64 (and most 64-bit ports) with PGO (make profile-opt) and LTO at -O3,
      // then rewrites sysconfig's flags to -O2 without -flto: sysconfig cannot tell.
      const flags = [...new Set(['PGO', 'LTO', ...probe.flags.filter((f) => !/^-O/.test(f)), '-O3'])];
      return { ...probe, flags, detail: `Debian package ${pkg.name} ${pkg.version} (debian/rules: PGO and LTO at -O3; sysconfig shows neither)` };
    }
    return { ...probe, detail: `${tilde(program)}${probe.flags.length ? ` (configured with ${probe.flags.join(' ')})` : ''}` };
  },

  env(program) {
    // Child processes that call python3 by name get the same interpreter.
    return { PATH: `${path.dirname(program)}:${process.env['PATH'] ?? ''}` };
  },

  fix(p) {
    const user = `--runtime ${p.spec}=/path/to/${exe(p)}`;
    if (p.origin === 'pyenv') return `pyenv install ${p.version}${p.freeThreaded ? 't' : ''}`;
    if (p.origin === 'uv') return `uv python install ${p.version}${p.freeThreaded ? 't' : ''}`;
    if (p.origin === 'built') return `npm run bench:setup -- --vintages (builds it from Debian's source package python${p.version})`;
    if (p.origin === 'source') return `npm run bench:setup -- --vintages (builds it from CPython's source, served by the Go module proxy)`;
    if (p.origin === 'system') return `apt-get install -y python${p.version}${p.freeThreaded ? '-nogil' : ''}`;
    if (compareVersions(p.version, OLDEST_DEBIAN_SOURCE) < 0) return `pyenv install ${p.version}${p.freeThreaded ? 't' : ''} (or ${user})`;
    return `npm run bench:setup -- --vintages (builds it from Debian's source package python${p.version}, else from CPython's source), or pyenv install ${p.version}${p.freeThreaded ? 't' : ''}, or ${user}`;
  },

  places(p) {
    const where: Array<[string, string]> = [
      ['built', `${tilde(runtimesDir())}/${cacheDirNameForCpython(`${p.version}.*`, p.freeThreaded)}`],
      ['source', `${tilde(runtimesDir())}/${cacheDirNameForCpythonSource(`${p.version}.*`, p.freeThreaded)}`],
      ['system', `${exe(p)} on PATH`],
      ['pyenv', `${tilde(pyenvRoot())}/versions/${p.version}.*${p.freeThreaded ? 't' : ''}`],
      ['uv', `${tilde(uvPythonDir())}/cpython-${p.version}.*${p.freeThreaded ? '+freethreaded' : ''}-*`],
    ];
    return where.filter(([o]) => p.origin === null || p.origin === o).map(([, w]) => w).join(', ');
  },
};
