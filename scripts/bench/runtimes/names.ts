/** Folder names of the runtimes setup installs under <cache>/runtimes (the resolvers look there). */

/** cpython-3.13.15, cpython-3.13.15t. */
export function cacheDirNameForCpython(version: string, freeThreaded: boolean): string {
  return `cpython-${version}${freeThreaded ? 't' : ''}`;
}

/** node-12: an npm prefix holding the `node` package of that major. */
export function cacheDirNameForNode(major: string): string {
  return `node-${major}`;
}

/** cpython-source-3.14.7, cpython-source-3.14.7t: built from upstream's source like pyenv's builds (no PGO or LTO). */
export function cacheDirNameForCpythonSource(version: string, freeThreaded: boolean): string {
  return `cpython-source-${version}${freeThreaded ? 't' : ''}`;
}
