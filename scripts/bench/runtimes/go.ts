/**
 * Go: the `go` on PATH, or a toolchain module of the Go module cache
 * (golang.org/toolchain@v0.0.1-go1.13.15.linux-amd64, which
 * `npm run bench:setup -- --vintages` downloads with `go mod download`).
 * Its commands get GOROOT (the toolchain's own folder, whatever GOROOT the
 * machine sets) and, before Go 1.18, GOENV=off: a go env file written for a
 * newer Go (this machine's sets GOFLAGS=-buildvcs=false) stops Go 1.13.
 */
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath, goModCache, isFile, subfolders, systemDirs, tilde } from './locations.ts';
import { runProbe } from './run-probe.ts';
import { compareVersions } from './spec.ts';
import type { Candidate, KindDef } from './types.ts';

export const GO_TOOLCHAIN_MODULE = 'golang.org/toolchain';

/** linux-amd64, linux-arm64… as the toolchain modules name platforms. */
export function goPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l' } as Record<string, string>)[os.arch()] ?? os.arch();
  return `${os.platform()}-${arch}`;
}

/** The toolchain module version of a Go release: v0.0.1-go1.13.15.linux-amd64. */
export function toolchainModuleVersion(release: string): string {
  return `v0.0.1-go${release}.${goPlatform()}`;
}

const rootOf = (program: string) => {
  let real = program;
  try {
    real = realpathSync(program);
  } catch {
    /* as given */
  }
  return path.dirname(path.dirname(real));
};

/** GOROOT, and GOENV=off where the go env file's settings may be too new for it. */
function goEnv(root: string, version: string | null): Record<string, string> {
  const env: Record<string, string> = { GOROOT: root };
  if (version !== null && compareVersions(version, '1.18') < 0) env['GOENV'] = 'off';
  return env;
}

export const go: KindDef = {
  kind: 'go',
  placeholders: ['go'],
  isProgram: (b) => b === 'go' || b === 'gofmt',
  programPath: (program, b) => path.join(path.dirname(program), b),
  versionArgs: ['version'],

  candidates(p) {
    const out: Candidate[] = [];
    const onPath = findOnPath('go', systemDirs());
    if (onPath) out.push({ program: onPath, origin: 'system' });
    const lib = `/usr/lib/go-${p.version}/bin/go`;
    if (isFile(lib)) out.push({ program: lib, origin: 'system' });
    const parent = path.join(goModCache(), 'golang.org');
    const re = new RegExp(`^toolchain@v0\\.0\\.1-go${p.version.replace('.', '\\.')}(\\.(\\d+))?\\.${goPlatform()}$`);
    const releaseOf = (n: string) => /-go([\d.]+)\.[a-z]/.exec(n)?.[1] ?? '0';
    for (const d of subfolders(parent).filter((n) => re.test(n)).sort((a, b) => compareVersions(releaseOf(b), releaseOf(a)))) {
      out.push({ program: path.join(parent, d, 'bin', 'go'), origin: 'go-modules' });
    }
    return out;
  },

  fromUserPath(_p, given) {
    if (isFile(given)) return given;
    return path.join(given, 'bin', 'go');
  },

  probe(program, origin) {
    const root = rootOf(program);
    // Ask without the env file first only when it may be old; a new Go reads its env file as usual.
    let r = runProbe([program, 'version'], goEnv(root, null));
    if (!r.ok) r = runProbe([program, 'version'], goEnv(root, '1.0'));
    if (!r.ok) {
      const hint = origin === 'go-modules' && r.why === 'is not executable' ? ' (the Go module cache drops exec bits; setup restores them)' : '';
      return { error: `${tilde(program)} ${r.why}${hint}` };
    }
    const m = /go version go([\d.]+)/.exec(r.stdout);
    if (!m) return { error: `${tilde(program)} did not answer like Go (${r.stdout.trim()})` };
    const detail = origin === 'go-modules' ? `Go module cache: ${GO_TOOLCHAIN_MODULE}@${toolchainModuleVersion(m[1]!)}` : `${tilde(program)} (GOROOT ${tilde(root)})`;
    return { version: m[1]!, freeThreaded: false, flags: [], detail };
  },

  env(program, probe) {
    const root = rootOf(program);
    return { ...goEnv(root, probe.version), PATH: `${path.join(root, 'bin')}:${process.env['PATH'] ?? ''}` };
  },

  fix(p) {
    return `npm run bench:setup -- --vintages (go mod download ${GO_TOOLCHAIN_MODULE}@${toolchainModuleVersion(`${p.version}.<latest>`)}), or --runtime ${p.spec}=/path/to/go${p.version}`;
  },

  places(p) {
    return `go on PATH, /usr/lib/go-${p.version}, ${tilde(goModCache())}/golang.org/toolchain@v0.0.1-go${p.version}.*.${goPlatform()}`;
  },
};
