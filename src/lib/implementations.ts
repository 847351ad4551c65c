/**
 * The implementations in bench/, read from their manifests. The site uses them
 * to know which implementation ids exist and to show their sources.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Manifest, expandVariants } from '../schemas/manifest.ts';
import type { SuiteId } from '../schemas/run.ts';
import { vintageMemberId } from './runtime-ids.ts';

export interface ImplementationInfo {
  id: string;
  suite: SuiteId;
  language: string;
  runtime: string;
  dir: string;
  sources: string[];
  variantOf: string | null;
  /** The compiler and flags the manifest builds with (ahead-of-time compiled CPU kernels), or null. */
  compiler: { command: string; flags: string[] } | null;
}

const cache = new Map<string, ImplementationInfo[]>();

export function listImplementations(suite: SuiteId, benchDir = 'bench'): ImplementationInfo[] {
  const key = `${benchDir}/${suite}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const root = join(benchDir, suite);
  const found: ImplementationInfo[] = [];
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, 'manifest.json');
      if (!existsSync(file)) continue;
      const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw new Error(
          `${file} is not a valid manifest (schema src/schemas/manifest.ts):\n${parsed.error.issues.map((i) => `  at ${i.path.join('.')}: ${i.message}`).join('\n')}`,
        );
      }
      const compiler = parsed.data.suite === 'cpu' ? parsed.data.compiler : null;
      for (const impl of expandVariants(parsed.data)) {
        found.push({
          id: impl.id,
          suite,
          language: impl.language,
          runtime: impl.runtime,
          dir: join(root, name),
          sources: impl.sources,
          variantOf: impl.variant_of,
          compiler,
        });
      }
    }
  }
  cache.set(key, found);
  return found;
}

export interface VintageMember {
  id: string;
  /** The manifest's id (its default member: today's runtime). */
  of: string;
  /** The runtime spec, as the manifest lists it: "cpython@3.7", "go@1.13". */
  spec: string;
}

const vintageCache = new Map<string, VintageMember[]>();

/**
 * The members under vintage runtimes that the manifests of a suite list
 * (cpython-3-7, go-1-13…; scripts/bench/runtimes/): measured in a run made
 * with --vintages (or --suite vintages), never part of the default listing.
 */
export function listVintageMembers(suite: SuiteId, benchDir = 'bench'): VintageMember[] {
  const key = `${benchDir}/${suite}`;
  const cached = vintageCache.get(key);
  if (cached) return cached;
  const root = join(benchDir, suite);
  const found: VintageMember[] = [];
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, 'manifest.json');
      if (!existsSync(file)) continue;
      // listImplementations reports a bad manifest; here it only has no vintages.
      const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) continue;
      for (const spec of parsed.data.runtimes?.vintages ?? []) {
        const id = vintageMemberId(parsed.data.id, spec);
        if (id) found.push({ id, of: parsed.data.id, spec });
      }
    }
  }
  vintageCache.set(key, found);
  return found;
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
