/**
 * Builds CPython X.Y (and X.Yt) from Debian's source package the way Debian
 * builds it (build-cpython.sh), into <cache>/runtimes/cpython-<version>[t].
 * Steps: a deb-src entry for trixie and forky (source packages only), the
 * source package (apt-get source --download-only), the build dependencies
 * (the interpreter's share of debian/control: `apt-get build-dep` would ask
 * for forky's clang-21 and debhelper, which bookworm lacks), then the build
 * under `nice -n 19` with a progress line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirNameForCpython } from './names.ts';
import { cacheDir, runtimesDir, tilde } from './locations.ts';
import { runProbe } from './run-probe.ts';
import { compareVersions } from './spec.ts';

const DEB_SRC_FILE = '/etc/apt/sources.list.d/diezmil-src.sources';
const DEB_SRC_SUITES = ['forky', 'trixie'];

/** The interpreter's build dependencies from debian/control (docs, tests and the JIT's clang left out). */
const CPYTHON_BUILD_DEPS = [
  'build-essential', 'dpkg-dev', 'lsb-release', 'time', 'net-tools',
  'libreadline-dev', 'libncurses-dev', 'zlib1g-dev', 'libbz2-dev', 'liblzma-dev', 'libzstd-dev',
  'libgdbm-dev', 'libdb-dev', 'tk-dev', 'libssl-dev', 'libexpat1-dev', 'libbluetooth-dev',
  'libsqlite3-dev', 'libffi-dev', 'uuid-dev', 'systemtap-sdt-dev',
];

const BUILD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-cpython.sh');

function srcDir(): string {
  return path.join(cacheDir(), 'src');
}
function logsDir(): string {
  return path.join(cacheDir(), 'logs');
}

/** Adds the deb-src entry once; returns whether apt's lists must be updated. */
export function ensureDebSrc(): boolean {
  if (existsSync(DEB_SRC_FILE)) return false;
  writeFileSync(
    DEB_SRC_FILE,
    [
      '# Diez Mil (npm run bench:setup -- --vintages): source packages only, to build newer',
      '# CPython releases the way Debian builds them. No binary package comes from here.',
      'Types: deb-src',
      'URIs: http://deb.debian.org/debian',
      `Suites: ${DEB_SRC_SUITES.join(' ')}`,
      'Components: main',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
    ].join('\n'),
  );
  return true;
}

export function aptUpdate(): string | null {
  const r = runProbe(['apt-get', 'update', '-qq'], {}, 600_000);
  return r.ok ? null : `apt-get update ${r.why}`;
}

/** Versions of source package pythonX.Y apt knows, newest first. */
export function sourceVersions(minor: string): string[] {
  const r = runProbe(['apt-cache', 'showsrc', `python${minor}`]);
  if (!r.ok) return [];
  const versions = [...r.stdout.matchAll(/^Version: (\S+)$/gm)].map((m) => m[1]!);
  return [...new Set(versions)].sort((a, b) => compareVersions(b.replace(/[-+~].*$/, ''), a.replace(/[-+~].*$/, '')) || (a < b ? 1 : -1));
}

/** A .dsc already downloaded for pythonX.Y, newest first. */
function cachedDsc(minor: string): string | null {
  if (!existsSync(srcDir())) return null;
  const files = readdirSync(srcDir()).filter((f) => f.startsWith(`python${minor}_`) && f.endsWith('.dsc'));
  const complete = files.filter((f) => {
    const text = readFileSync(path.join(srcDir(), f), 'utf8');
    return [...text.matchAll(/^ [0-9a-f]{32} \d+ (\S+)$/gm)].every((m) => existsSync(path.join(srcDir(), m[1]!)));
  });
  return complete.sort((a, b) => compareVersions(b.split('_')[1]!, a.split('_')[1]!))[0] ?? null;
}

/** Downloads the newest source package of pythonX.Y that the mirror serves. */
export function fetchSource(minor: string): { dsc: string } | { error: string } {
  const cached = cachedDsc(minor);
  if (cached) return { dsc: path.join(srcDir(), cached) };
  const versions = sourceVersions(minor);
  if (versions.length === 0) return { error: `apt knows no source package python${minor} (deb-src for ${DEB_SRC_SUITES.join(', ')} in ${DEB_SRC_FILE})` };
  mkdirSync(srcDir(), { recursive: true });
  const failures: string[] = [];
  for (const v of versions) {
    const r = runProbe(['sh', '-c', `cd '${srcDir()}' && apt-get source -qq --download-only 'python${minor}=${v}'`], {}, 900_000);
    const got = cachedDsc(minor);
    if (r.ok && got) return { dsc: path.join(srcDir(), got) };
    failures.push(`${v}: ${/404\s+Not Found/.test(r.stderr) ? '404 Not Found' : r.why}`);
  }
  return { error: `the mirror did not serve python${minor} (${failures.join('; ')})` };
}

/** Build dependencies that are not installed (none where dpkg is missing: then the build itself says what it lacks). */
export function missingBuildDeps(): string[] {
  if (!runProbe(['dpkg-query', '--version']).ok) return [];
  return CPYTHON_BUILD_DEPS.filter((p) => !runProbe(['dpkg-query', '-W', '-f=${Status}', p]).stdout.includes('install ok installed'));
}

/** Installs the build dependencies that are missing; returns an error or null. */
export function installBuildDeps(): string | null {
  const missing = missingBuildDeps();
  if (missing.length === 0) return null;
  const r = runProbe(['apt-get', 'install', '-y', '-qq', ...missing], { DEBIAN_FRONTEND: 'noninteractive' }, 1_800_000);
  return r.ok ? null : `apt-get install -y ${missing.join(' ')} ${r.why}`;
}

/** The install folder of a build; it counts only once diezmil-runtime.json is there. */
export function buildPrefix(version: string, freeThreaded: boolean): string {
  return path.join(runtimesDir(), cacheDirNameForCpython(version, freeThreaded));
}

export function upstreamVersion(dsc: string): string {
  return path.basename(dsc).split('_')[1]!.replace(/-[^-]*\.dsc$/, '').replace(/\.dsc$/, '');
}

export function isBuilt(prefix: string): boolean {
  return existsSync(path.join(prefix, 'diezmil-runtime.json'));
}

/** Shows the build's progress: its phase, the elapsed time, and what it is doing (test [n/N] during the profile run). */
class BuildProgress {
  private phase = 'starting';
  private detail = '';
  private compiled = 0;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private lastPrinted = 0;
  private readonly label: string;
  private readonly tty: boolean;
  constructor(label: string, tty: boolean) {
    this.label = label;
    this.tty = tty;
  }
  start(): void {
    this.timer = setInterval(() => this.show(false), this.tty ? 1000 : 60_000);
  }
  line(text: string): void {
    const p = /^phase: (.*?)(?: \(\d+ s\))?$/.exec(text);
    if (p) {
      this.phase = p[1]!;
      this.detail = '';
      this.show(true);
      return;
    }
    if (/^(gcc|x86_64-linux-gnu-gcc|cc) /.test(text)) {
      this.compiled++;
      this.detail = `${this.compiled} compiler runs`;
    }
    const t = /\[\s*(\d+\/\d+)\]\s+(test_\w+)/.exec(text);
    if (t) this.detail = `profile run ${t[1]} ${t[2]}`;
  }
  private elapsed(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }
  show(newPhase: boolean): void {
    const text = `  ${this.label}: ${this.phase}${this.detail ? ` · ${this.detail}` : ''} · ${this.elapsed()}`;
    if (this.tty) process.stdout.write(`\r\x1b[K${text.slice(0, (process.stdout.columns ?? 120) - 1)}`);
    else if (newPhase || Date.now() - this.lastPrinted >= 60_000) {
      process.stdout.write(`${text}\n`);
      this.lastPrinted = Date.now();
    }
  }
  end(): string {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) process.stdout.write('\r\x1b[K');
    return this.elapsed();
  }
}

/** Runs build-cpython.sh; resolves with the elapsed time or the error (the log keeps everything). */
export function buildCpython(dsc: string, freeThreaded: boolean, label: string): Promise<BuildResult> {
  const prefix = buildPrefix(upstreamVersion(dsc), freeThreaded);
  return runBuildScript([BUILD_SCRIPT, dsc, prefix, freeThreaded ? 'nogil' : 'gil', String(os.availableParallelism())], prefix, label);
}

export interface BuildResult {
  elapsed: string;
  error: string | null;
  log: string;
}

/**
 * Runs a build script (build-cpython.sh, build-cpython-source.sh) under
 * `nice -n 19` with a progress line; its log goes to <cache>/logs/<prefix name>.log.
 * Succeeds when the script exits 0 and left its record in `prefix`.
 */
export function runBuildScript(argv: readonly string[], prefix: string, label: string): Promise<BuildResult> {
  mkdirSync(logsDir(), { recursive: true });
  const log = path.join(logsDir(), `${path.basename(prefix)}.log`);
  const fd = openSync(log, 'w');
  const progress = new BuildProgress(label, process.stdout.isTTY === true);
  progress.start();
  return new Promise((resolve) => {
    // nice -n 19: the build takes what CPU others leave (the machine may be shared).
    const child = spawn('nice', ['-n', '19', 'bash', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      writeSync(fd, text);
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) progress.line(l);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => writeSync(fd, c.toString()));
    child.on('close', (code) => {
      closeSync(fd);
      const elapsed = progress.end();
      resolve({ elapsed, log, error: code === 0 && isBuilt(prefix) ? null : `build failed (exit ${code}); see ${tilde(log)}` });
    });
  });
}

function writeSync(fd: number, text: string): void {
  try {
    writeFileSync(fd, text);
  } catch {
    /* a full disk shows in the build's own failure */
  }
}
