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
  const p = splitSpec(spec);
  if (!p) return null;
  return `${base}-${p.version.replace(/\./g, '-')}${p.freeThreaded ? 't' : ''}${p.origin ? `-${p.origin}` : ''}`;
}

/**
 * The parts of a runtime spec (kind@version[t][+origin], the run schema's RuntimeSpec): the one reading of that
 * format, for the member ids above, the site's display names (labels.ts) and the runner's checks (runtimes/spec.ts).
 */
export function splitSpec(spec: string): { kind: string; version: string; freeThreaded: boolean; origin: string | null } | null {
  const m = /^([a-z]+)@(\d+(?:\.\d+)?)(t?)(?:\+([a-z-]+))?$/.exec(spec);
  return m ? { kind: m[1]!, version: m[2]!, freeThreaded: m[3] === 't', origin: m[4] ?? null } : null;
}
