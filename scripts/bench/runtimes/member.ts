/**
 * Implementation × runtime: the members discovery makes of a manifest that
 * lists `runtimes`. The default member is the manifest as written (its id,
 * its commands); it only learns which runtime its commands name, for the run
 * record. Each vintage member gets its own id, its runtime's programs in every
 * command (placeholders.ts), that runtime's environment, a requirement that
 * checks the runtime instead of the manifest's own check of it, and a work
 * folder of its own (work-folder.ts).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ManifestRuntimes } from '../../../src/schemas/manifest.ts';
import type { RuntimeBuild } from '../../../src/schemas/run.ts';
import type { RuntimeWords } from '../placeholders.ts';
import { cacheDir, findOnPath, goModCache, jvmDir, pyenvRoot, runtimesDir } from './locations.ts';
import { KINDS, isResolved, probeOnce, resolveRuntime, type ResolveOptions } from './resolve.ts';
import { memberId, parseSpec, type RuntimeOrigin } from './spec.ts';
import type { Candidate, KindDef, Resolved } from './types.ts';

/** What a member knows about its runtime. */
export interface Vintage {
  spec: string;
  /** The manifest id. */
  of: string;
  default: boolean;
  /** The runtime found, or null when it could not be (then `missing` says why). */
  runtime: Resolved | null;
  /** Why the member cannot run, with the fix (its cells are skipped). */
  missing: { tool: string; reason: string; fix: string } | null;
}

export function runtimeWords(r: Resolved): RuntimeWords {
  const placeholders: Record<string, string> = {};
  for (const name of r.kind.placeholders) placeholders[name] = r.kind.programPath(r.program, name === 'python' ? path.basename(r.program) : name);
  return {
    program: (word) => (r.kind.isProgram(path.basename(word)) ? r.kind.programPath(r.program, path.basename(word)) : null),
    placeholders,
  };
}

interface ManifestLike {
  id: string;
  runtime: string;
  env: Record<string, string>;
  requires: Array<{ tool: string; check: string[]; install: string }>;
  version_command: string[];
}

/** The vintage's label in the run's implementation record: "CPython 3.7", "Go 1.13", "CPython 3.13t (pyenv)". */
export function runtimeLabel(base: string, spec: string): string {
  const p = parseSpec(spec);
  if ('error' in p) return base;
  return `${base} ${p.version}${p.freeThreaded ? 't' : ''}${p.origin ? ` (${p.origin})` : ''}`;
}

/** The manifest of a vintage member (commands, requirements, environment, label). */
export function vintageManifest<M extends ManifestLike>(base: M, r: Resolved, substitute: (m: M, w: RuntimeWords) => M): M {
  const words = runtimeWords(r);
  const m = substitute(base, words);
  const own = base.requires.filter((q) => !r.kind.isProgram(path.basename(q.check[0] ?? '')));
  return {
    ...m,
    id: memberId(base.id, r.parsed),
    runtime: runtimeLabel(base.runtime, r.spec),
    env: { ...m.env, ...r.env },
    requires: [{ tool: r.spec, check: runtimeCheck(r), install: r.kind.fix(r.parsed) }, ...own],
  };
}

/** The runtime's own check, run with its environment (Go 1.13 needs GOENV=off even to print its version). */
function runtimeCheck(r: Resolved): string[] {
  const env = Object.entries(r.env).filter(([k]) => k !== 'PATH').map(([k, v]) => `${k}=${v}`);
  return env.length > 0 ? ['/usr/bin/env', ...env, r.program, ...r.kind.versionArgs] : [r.program, ...r.kind.versionArgs];
}

/** Where a program lives, as an origin. */
function originOf(program: string, root: string): RuntimeOrigin {
  let real = program;
  try {
    real = realpathSync(program);
  } catch {
    /* as given */
  }
  const under = (dir: string) => real.startsWith(`${dir}${path.sep}`);
  if (under(path.join(root, 'node_modules'))) return 'project';
  if (under(path.join(runtimesDir(), '')) || under(cacheDir())) {
    if (real.includes(`${path.sep}node_modules${path.sep}`)) return 'npm';
    return real.includes(`${path.sep}cpython-source-`) ? 'source' : 'built';
  }
  if (under(pyenvRoot())) return 'pyenv';
  if (under(goModCache())) return 'go-modules';
  if (under(jvmDir())) return 'jvm';
  return 'system';
}

/** The program a manifest's own commands name for this kind of runtime (its version command first), or null. */
function programNamedBy(manifest: ManifestLike, dir: string, kind: KindDef, root: string): Candidate | null {
  const words = [manifest.version_command[0], ...manifest.requires.map((q) => q.check[0])].filter((w): w is string => !!w);
  const word = words.find((w) => kind.isProgram(path.basename(w)));
  if (!word) return null;
  const program = word.includes('/') ? path.resolve(dir, word) : findOnPath(word);
  return program ? { program, origin: originOf(program, root) } : null;
}

/** What the default member's commands run on: the program they name, as it reports itself. */
export function defaultRuntime(manifest: ManifestLike, runtimes: ManifestRuntimes, dir: string, o: ResolveOptions): Resolved | null {
  const p = parseSpec(runtimes.default);
  if ('error' in p) return null;
  const kind = KINDS[p.kind];
  const named = programNamedBy(manifest, dir, kind, o.root);
  if (named) {
    const probe = probeOnce(kind, named);
    if ('error' in probe) return null;
    // The commands run this program whatever version it is: the record says what it was.
    const reported = probe.version.split('.').slice(0, p.kind === 'node' || p.kind === 'java' ? 1 : 2).join('.');
    const spec = `${p.kind}@${reported}${probe.freeThreaded ? 't' : ''}`;
    const parsed = parseSpec(spec);
    if ('error' in parsed) return null;
    return { spec, parsed, kind, origin: named.origin, program: named.program, probe, env: {} };
  }
  const r = resolveRuntime(runtimes.default, o);
  return isResolved(r) ? r : null;
}

/** The run record of a member's runtime. */
export function runtimeBuildRecord(v: Vintage): RuntimeBuild | null {
  if (!v.runtime) return null;
  const r = v.runtime;
  return { spec: r.spec, of: v.of, default: v.default, version: r.probe.version, flags: r.probe.flags, origin: r.origin, program: r.program, detail: r.probe.detail };
}
