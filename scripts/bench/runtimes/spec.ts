/**
 * Runtime specs (`cpython@3.7`, `cpython@3.13t`, `cpython@3.13+pyenv`,
 * `go@1.13`, `node@12`, `java@25`; grammar in src/schemas/run.ts) and the
 * member id each gives an implementation.
 */
import { ImplId, RuntimeSpec, type RUNTIME_KINDS, type RUNTIME_ORIGINS } from '../../../src/schemas/run.ts';
import { splitSpec, vintageMemberId } from '../../../src/lib/runtime-ids.ts';

export type RuntimeKind = (typeof RUNTIME_KINDS)[number];
export type RuntimeOrigin = (typeof RUNTIME_ORIGINS)[number];

export interface ParsedSpec {
  spec: string;
  kind: RuntimeKind;
  /** "3.7", "1.13", "12", "25". */
  version: string;
  /** CPython built with --disable-gil (the `t` suffix). */
  freeThreaded: boolean;
  /** Pinned origin (`+pyenv`), or null: the first place that has it. */
  origin: RuntimeOrigin | null;
}

/** Parses a spec; the message says what is wrong when it does not parse. */
export function parseSpec(spec: string): ParsedSpec | { error: string } {
  const ok = RuntimeSpec.safeParse(spec);
  if (!ok.success) return { error: `"${spec}" is not a runtime spec: ${ok.error.issues[0]?.message ?? 'bad format'}` };
  const parts = splitSpec(spec)!; // the schema's pattern is splitSpec's
  const kind = parts.kind as RuntimeKind;
  const { version, freeThreaded } = parts;
  if (freeThreaded && kind !== 'cpython') return { error: `"${spec}": only CPython has a free-threaded build (the t suffix)` };
  if ((kind === 'cpython' || kind === 'go') && !/^\d+\.\d+$/.test(version)) {
    return { error: `"${spec}": give ${kind}'s major and minor version, e.g. ${kind}@${kind === 'go' ? '1.13' : '3.7'}` };
  }
  if ((kind === 'node' || kind === 'java') && !/^\d+$/.test(version)) return { error: `"${spec}": give ${kind}'s major version only, e.g. ${kind}@${kind === 'node' ? '12' : '25'}` };
  return { spec, kind, version, freeThreaded, origin: parts.origin as RuntimeOrigin | null };
}

/**
 * The member id of an implementation under a vintage: the manifest id, the
 * version with dashes, `t` when free-threaded and the pinned origin:
 * cpython + cpython@3.7 → cpython-3-7; go + go@1.13 → go-1-13;
 * cpython + cpython@3.13t → cpython-3-13t; cpython + cpython@3.13+pyenv → cpython-3-13-pyenv.
 */
export function memberId(base: string, p: ParsedSpec): string {
  const id = vintageMemberId(base, p.spec);
  if (id === null || !ImplId.safeParse(id).success) throw new Error(`internal: member id "${id}" is not a valid implementation id`);
  return id;
}

/** Whether a reported version ("3.7.16", "1.13", "25.0.1") is the spec's ("3.7", "1.13", "25"). */
export function versionMatches(wanted: string, reported: string): boolean {
  return reported === wanted || reported.startsWith(`${wanted}.`) || reported.startsWith(`${wanted}+`);
}

/** Compares dotted versions numerically (for picking the newest patch release). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
