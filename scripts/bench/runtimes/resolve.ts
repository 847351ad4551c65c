/**
 * Finds the runtime a spec names: a path the user gave (`--runtime
 * SPEC=PATH`, then the runtimes file), else the kind's own places in order
 * (cpython.ts, go.ts, node.ts, java.ts). A program counts only when it runs
 * and reports the spec's version (and, for `t`, a free-threaded build).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RuntimeSpec } from '../../../src/schemas/run.ts';
import { UserError, formatZodIssues } from '../errors.ts';
import { cpython } from './cpython.ts';
import { go } from './go.ts';
import { java } from './java.ts';
import { expandHome, runtimesFile, tilde } from './locations.ts';
import { node } from './node.ts';
import { parseSpec, versionMatches, type ParsedSpec, type RuntimeKind } from './spec.ts';
import type { Candidate, KindDef, Probe, Resolved, Unresolved } from './types.ts';

export const KINDS: Record<RuntimeKind, KindDef> = { cpython, go, node, java };

/** Paths the user gave, by spec. */
export type RuntimeOverrides = Record<string, string>;

/** The runtimes file: { "cpython@3.14": "/opt/python3.14/bin/python3.14", "java@25": "/opt/jdk-25" }. */
const RuntimesFile = z.record(RuntimeSpec, z.string().min(1));

export function readRuntimesFile(file = runtimesFile()): RuntimeOverrides {
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message}); fix it or remove it (it maps runtime specs to paths, e.g. {"cpython@3.14": "/opt/python3.14/bin/python3.14"})`);
  }
  const r = RuntimesFile.safeParse(json);
  if (!r.success) throw new UserError(`${file}: ${formatZodIssues(r.error.issues)}\n  fix: keys are runtime specs ("cpython@3.14", "java@25"), values the path of the program or its folder`);
  return r.data;
}

/** `--runtime cpython@3.14=/path/to/python3.14` (repeatable). */
export function parseRuntimeOptions(values: readonly string[]): RuntimeOverrides {
  const out: RuntimeOverrides = {};
  for (const v of values) {
    const i = v.indexOf('=');
    const spec = i > 0 ? v.slice(0, i) : '';
    const p = parseSpec(spec);
    if (i <= 0 || 'error' in p || v.slice(i + 1) === '') {
      throw new UserError(`--runtime ${v}: expected SPEC=PATH, e.g. --runtime cpython@3.14=/opt/python3.14/bin/python3.14${'error' in p && spec ? ` (${p.error})` : ''}`);
    }
    out[spec] = v.slice(i + 1);
  }
  return out;
}

const probes = new Map<string, Probe | { error: string }>();

/** A program's answer, asked once per process. */
export function probeOnce(kind: KindDef, c: Candidate): Probe | { error: string } {
  const key = `${kind.kind}\0${c.origin}\0${c.program}`;
  let r = probes.get(key);
  if (!r) {
    r = kind.probe(c.program, c.origin);
    probes.set(key, r);
  }
  return r;
}

/** Forgets what programs said (tests change the folders between calls). */
export function forgetProbes(): void {
  probes.clear();
}

function mismatch(p: ParsedSpec, probe: Probe): string | null {
  if (!versionMatches(p.version, probe.version)) return `it is ${p.kind === 'cpython' ? 'Python' : p.kind} ${probe.version}, not ${p.version}`;
  if (p.kind === 'cpython' && probe.freeThreaded !== p.freeThreaded) return probe.freeThreaded ? 'it is the free-threaded build (use the t spec)' : 'it is not the free-threaded build (--disable-gil)';
  return null;
}

export interface ResolveOptions {
  /** The repository root (the pinned Node lives in its node_modules). */
  root: string;
  /** Paths given with --runtime; they win over the runtimes file. */
  overrides?: RuntimeOverrides;
  /** The runtimes file's paths (readRuntimesFile()); by default none. */
  fileOverrides?: RuntimeOverrides;
  /** Tried first: the program a manifest's commands already name (its default runtime). */
  preferred?: Candidate;
}

export function resolveRuntime(spec: string, o: ResolveOptions): Resolved | Unresolved {
  const p = parseSpec(spec);
  if ('error' in p) return { spec, reason: p.error, fix: 'use a spec like cpython@3.7, cpython@3.14t, go@1.13, node@12 or java@25 (src/schemas/run.ts)' };
  const kind = KINDS[p.kind];
  const given = o.overrides?.[spec] ?? o.fileOverrides?.[spec];
  const fromFile = o.overrides?.[spec] === undefined && given !== undefined;
  let candidates: Candidate[];
  if (given !== undefined) {
    candidates = [{ program: kind.fromUserPath(p, path.resolve(expandHome(given))), origin: 'user' }];
  } else {
    candidates = [...(o.preferred ? [o.preferred] : []), ...kind.candidates(p, o.root)].filter((c) => p.origin === null || c.origin === p.origin);
  }
  const rejected: string[] = [];
  for (const c of candidates) {
    const probe = probeOnce(kind, c);
    if ('error' in probe) {
      rejected.push(probe.error);
      continue;
    }
    const wrong = mismatch(p, probe);
    if (wrong) {
      rejected.push(`${tilde(c.program)}: ${wrong}`);
      continue;
    }
    return { spec, parsed: p, kind, origin: c.origin, program: c.program, probe, env: kind.env(c.program, probe) };
  }
  if (given !== undefined) {
    const source = fromFile ? `${tilde(runtimesFile())} gives ${given}` : `--runtime ${spec}=${given}`;
    return { spec, reason: `${spec}: ${source}, but ${rejected[0] ?? 'it does not run'}`, fix: fromFile ? `fix the path in ${tilde(runtimesFile())}` : `give the path of a ${spec} program` };
  }
  const why = rejected.length > 0 ? `found only ${[...new Set(rejected)].join('; ')}` : `not found (looked in ${kind.places(p)})`;
  return { spec, reason: `${spec} ${why}`, fix: kind.fix(p) };
}

export function isResolved(r: Resolved | Unresolved): r is Resolved {
  return 'program' in r;
}
