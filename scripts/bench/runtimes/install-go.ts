/**
 * Installs a Go release as a toolchain module of the Go module cache
 * (`go mod download golang.org/toolchain@v0.0.1-go1.13.15.linux-amd64`) and
 * gives its programs back the exec bits the module cache drops.
 */
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { GO_TOOLCHAIN_MODULE, goPlatform, toolchainModuleVersion } from './go.ts';
import { runProbe } from './run-probe.ts';
import { compareVersions } from './spec.ts';

/** The newest release of a Go minor version the module proxy has (1.13 → 1.13.15), or why not. */
export function latestGoRelease(minor: string): { release: string } | { error: string } {
  const r = runProbe(['go', 'list', '-m', '-versions', GO_TOOLCHAIN_MODULE], {}, 120_000);
  if (!r.ok) return { error: `go list -m -versions ${GO_TOOLCHAIN_MODULE} ${r.why}` };
  const re = new RegExp(`^v0\\.0\\.1-go(${minor.replace('.', '\\.')}(?:\\.\\d+)?)\\.${goPlatform()}$`);
  const releases = r.stdout.trim().split(/\s+/).map((v) => re.exec(v)?.[1]).filter((v): v is string => !!v);
  if (releases.length === 0) return { error: `the Go module proxy has no ${GO_TOOLCHAIN_MODULE} for go${minor} on ${goPlatform()}` };
  return { release: releases.sort(compareVersions).pop()! };
}

/** Downloads the toolchain module; returns its folder. */
export function downloadGo(release: string): { dir: string } | { error: string } {
  const r = runProbe(['go', 'mod', 'download', '-json', `${GO_TOOLCHAIN_MODULE}@${toolchainModuleVersion(release)}`], {}, 900_000);
  let dir: string | undefined;
  try {
    dir = (JSON.parse(r.stdout) as { Dir?: string; Error?: string }).Dir;
  } catch {
    /* reported below */
  }
  if (!r.ok || !dir) return { error: `go mod download ${GO_TOOLCHAIN_MODULE}@${toolchainModuleVersion(release)} ${r.why || 'gave no folder'}` };
  return { dir };
}

/** The module cache keeps files read-only and drops exec bits: bin/ and pkg/tool/<platform>/ need them back. */
export function restoreExecBits(goroot: string): number {
  let n = 0;
  const dirs = [path.join(goroot, 'bin'), ...subdirs(path.join(goroot, 'pkg', 'tool'))];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      const st = statSync(p);
      if (st.isFile() && (st.mode & 0o111) === 0) {
        chmodSync(p, st.mode | 0o555);
        n++;
      }
    }
  }
  return n;
}

function subdirs(d: string): string[] {
  return existsSync(d) ? readdirSync(d).map((n) => path.join(d, n)).filter((p) => statSync(p).isDirectory()) : [];
}
