/**
 * The implementations in bench/, read from their manifests by the reader the
 * runner uses too (src/lib/manifest-reader.ts: the same schema, the same
 * variant expansion, the same problems), so the site and the runner never
 * disagree on what exists. The site uses them to know which implementation ids exist, to
 * show their sources, and for their display block (name, chart order, colour
 * family: src/lib/labels.ts).
 */
import { discover } from './manifest-reader.ts';
import type { Display } from '../schemas/manifest.ts';
import type { SuiteId } from '../schemas/run.ts';
import { vintageMemberId } from './runtime-ids.ts';

export interface ImplementationInfo {
  id: string;
  suite: SuiteId;
  language: string;
  runtime: string;
  /** The manifest's folder relative to the repository root, e.g. "bench/http/go". */
  dir: string;
  sources: string[];
  variantOf: string | null;
  /** The compiler and flags the manifest builds with (ahead-of-time compiled CPU kernels), or null. */
  compiler: { command: string; flags: string[] } | null;
  /** Name, chart order and colour family on the site; null when the manifest has none. */
  display: Display | null;
  /** The older and newer runtimes its manifest lists ("cpython@3.7"), each a member of a vintage run. */
  vintages: string[];
}

/** Suites whose implementations have manifests (the build suite times the HTTP servers' builds). */
const MANIFEST_SUITES = ['http', 'cpu', 'ops', 'threads', 'stack'] as const;

const cache = new Map<string, ImplementationInfo[]>();

/** Every implementation of every suite in `benchDir`, read once; a bad manifest stops the build with its file, key and fix. */
export function allImplementations(benchDir = 'bench'): ImplementationInfo[] {
  const hit = cache.get(benchDir);
  if (hit) return hit;
  const { impls, problems } = discover(benchDir, process.cwd(), MANIFEST_SUITES);
  if (problems.length > 0) {
    throw new Error(`The implementations' manifests have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
  }
  const found = impls.map((impl): ImplementationInfo => ({
    id: impl.id,
    suite: impl.suite,
    language: impl.manifest.language,
    runtime: impl.manifest.runtime,
    dir: impl.sourceDir,
    sources: impl.manifest.sources,
    variantOf: impl.manifest.variant_of,
    compiler: impl.suite === 'cpu' ? impl.manifest.compiler : null,
    display: impl.manifest.display ?? null,
    // A variant (PyPy beside CPython) shares its manifest but not its runtimes: vintages are the base implementation's.
    vintages: impl.manifest.variant_of === null && 'runtimes' in impl.manifest ? (impl.manifest.runtimes?.vintages ?? []) : [],
  }));
  cache.set(benchDir, found);
  return found;
}

export function listImplementations(suite: SuiteId, benchDir = 'bench'): ImplementationInfo[] {
  return allImplementations(benchDir).filter((i) => i.suite === suite);
}

export interface VintageMember {
  id: string;
  /** The manifest's id (its default member: today's runtime). */
  of: string;
  /** The runtime spec, as the manifest lists it: "cpython@3.7", "go@1.13". */
  spec: string;
}

/**
 * The members under vintage runtimes that the manifests of a suite list
 * (cpython-3-7, go-1-13…; scripts/bench/runtimes/): measured in a run made
 * with --vintages (or --suite vintages), never part of the default listing.
 */
export function listVintageMembers(suite: SuiteId, benchDir = 'bench'): VintageMember[] {
  return listImplementations(suite, benchDir).flatMap((impl) =>
    impl.vintages.flatMap((spec) => {
      const id = vintageMemberId(impl.id, spec);
      return id ? [{ id, of: impl.id, spec }] : [];
    }),
  );
}

export function knownImplementations(suite: SuiteId): Set<string> {
  return new Set(listImplementations(suite).map((i) => i.id));
}

/**
 * The ids a metric may name in a suite: every implementation, each member
 * under a vintage runtime (cpython-3-7), and for the HTTP and web-stack suites also each runtime (`http.cpython.…` is CPython's
 * faster deployment on that test, src/lib/metrics.ts deploymentFor).
 */
export function metricSubjects(suite: SuiteId): Set<string> {
  const impls = listImplementations(suite);
  const runtimes = suite === 'http' || suite === 'stack' ? impls.map((i) => i.runtime.toLowerCase()).filter((r) => /^[a-z][a-z0-9]*$/.test(r)) : [];
  return new Set([...impls.map((i) => i.id), ...runtimes, ...listVintageMembers(suite).map((v) => v.id)]);
}
