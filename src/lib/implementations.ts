/**
 * The implementations in bench/, read from their manifests. The site uses them
 * to know which implementation ids exist and to show their sources.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Manifest, expandVariants } from '../schemas/manifest.ts';
import type { SuiteId } from '../schemas/run.ts';

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

export function knownImplementations(suite: SuiteId): Set<string> {
  return new Set(listImplementations(suite).map((i) => i.id));
}

/**
 * The ids a metric may name in a suite: every implementation, and for the
 * HTTP and web-stack suites also each runtime (`http.cpython.…` is CPython's
 * faster deployment on that test, src/lib/metrics.ts deploymentFor).
 */
export function metricSubjects(suite: SuiteId): Set<string> {
  const impls = listImplementations(suite);
  const runtimes = suite === 'http' || suite === 'stack' ? impls.map((i) => i.runtime.toLowerCase()).filter((r) => /^[a-z][a-z0-9]*$/.test(r)) : [];
  return new Set([...impls.map((i) => i.id), ...runtimes]);
}
