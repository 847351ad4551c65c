/**
 * CPython from upstream's source, built the way pyenv builds it
 * (build-cpython-source.sh: ./configure --enable-shared, upstream's -O3, no
 * PGO or LTO), into <cache>/runtimes/cpython-source-<version>[t]. The source
 * comes from the Go module proxy, which serves CPython's release tags as a
 * module (github.com/python/cpython@v3.14.7+incompatible): setup uses it when
 * Debian's mirror has no source package of that minor (3.14 and later on
 * bookworm's mirrors), and for specs pinned to `+source`. Being built like
 * pyenv's 3.7 and 3.13, it compares with them fairly.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirNameForCpythonSource } from './names.ts';
import { runtimesDir } from './locations.ts';
import { runBuildScript, type BuildResult } from './install-cpython.ts';
import { runProbe } from './run-probe.ts';
import { compareVersions } from './spec.ts';

const CPYTHON_MODULE = 'github.com/python/cpython';
const BUILD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-cpython-source.sh');

/** The module version of a CPython release: v3.14.7+incompatible (CPython has no go.mod). */
function cpythonModuleVersion(release: string): string {
  return `v${release}+incompatible`;
}

/** Go, asked outside any module, never switching toolchains. */
const GO_ENV = { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };

/** The newest release X.Y.N of a CPython minor the proxy has (final releases only), or why not. */
export function latestCpythonRelease(minor: string): { release: string } | { error: string } {
  const r = runProbe(['go', 'list', '-m', '-versions', CPYTHON_MODULE], GO_ENV, 120_000);
  if (!r.ok) return { error: `go list -m -versions ${CPYTHON_MODULE} ${r.why}` };
  return newestRelease(r.stdout, minor) ?? { error: `the Go module proxy has no release of CPython ${minor} (${CPYTHON_MODULE})` };
}

/** Picks the newest vX.Y.N+incompatible of `minor` in `go list -m -versions` output. */
export function newestRelease(listing: string, minor: string): { release: string } | null {
  const re = new RegExp(`^v(${minor.replace('.', '\\.')}\\.\\d+)\\+incompatible$`);
  const releases = listing.trim().split(/\s+/).map((v) => re.exec(v)?.[1]).filter((v): v is string => !!v);
  return releases.length > 0 ? { release: releases.sort(compareVersions).pop()! } : null;
}

/** Downloads the source tree into the module cache; returns its folder. */
export function downloadCpythonSource(release: string): { dir: string } | { error: string } {
  const mod = `${CPYTHON_MODULE}@${cpythonModuleVersion(release)}`;
  const r = runProbe(['go', 'mod', 'download', '-json', mod], GO_ENV, 1_800_000);
  let dir: string | undefined;
  try {
    dir = (JSON.parse(r.stdout) as { Dir?: string }).Dir;
  } catch {
    /* reported below */
  }
  if (!r.ok || !dir) return { error: `go mod download ${mod} ${r.why || 'gave no folder'}` };
  if (!existsSync(path.join(dir, 'configure')) || !existsSync(path.join(dir, 'Include', 'patchlevel.h'))) return { error: `${dir} is not a CPython source tree (no configure or Include/patchlevel.h)` };
  return { dir };
}

export function sourceBuildPrefix(release: string, freeThreaded: boolean): string {
  return path.join(runtimesDir(), cacheDirNameForCpythonSource(release, freeThreaded));
}

/** Builds one interpreter from the source tree (tens of minutes on two shared cores). */
export function buildCpythonFromSource(src: string, release: string, freeThreaded: boolean, label: string): Promise<BuildResult> {
  const prefix = sourceBuildPrefix(release, freeThreaded);
  const origin = `Go module proxy ${CPYTHON_MODULE}@${cpythonModuleVersion(release)}`;
  return runBuildScript([BUILD_SCRIPT, src, prefix, freeThreaded ? 'nogil' : 'gil', String(os.availableParallelism()), origin], prefix, label);
}
