/** Folder names of the runtimes setup installs under <cache>/runtimes (the resolvers look there). */

/** cpython-3.13.15, cpython-3.13.15t. */
export function cacheDirNameForCpython(version: string, freeThreaded: boolean): string {
  return `cpython-${version}${freeThreaded ? 't' : ''}`;
}

/** node-12: an npm prefix holding the `node` package of that major. */
export function cacheDirNameForNode(major: string): string {
  return `node-${major}`;
}
