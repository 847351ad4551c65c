/**
 * The implementation id of a manifest's member under a vintage runtime
 * (scripts/bench/runtimes/README.md): the manifest id, the version with dots
 * as dashes, `t` when free-threaded and the pinned origin:
 * cpython + cpython@3.7 → cpython-3-7; cpython + cpython@3.13t → cpython-3-13t;
 * cpython + cpython@3.13+pyenv → cpython-3-13-pyenv; go + go@1.13 → go-1-13.
 * Shared by the runner (which makes the members) and the site (which knows
 * them from the manifests).
 */
export function vintageMemberId(base: string, spec: string): string | null {
  const m = /^[a-z]+@(\d+(?:\.\d+)?)(t?)(?:\+([a-z-]+))?$/.exec(spec);
  if (!m) return null;
  return `${base}-${m[1]!.replace(/\./g, '-')}${m[2]}${m[3] ? `-${m[3]}` : ''}`;
}
