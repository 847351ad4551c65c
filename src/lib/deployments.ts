/**
 * Which deployments may stand for a runtime in the essays: a metric id that
 * names a runtime (`http.cpython.json.rps`, "CPython") takes, per test, the
 * fastest deployment whose manifest says `"deployment_of": "cpython"`
 * (src/lib/metrics.ts deploymentFor). A server that only has
 * `"runtime": "cpython"` is not one of them, so adding an implementation never
 * moves the essays' figures unless its manifest asks for it.
 */
import { expandVariants, Manifest } from '../schemas/manifest.ts';

/**
 * node:fs and node:path, fetched when a manifest is read, not imported: metrics.ts imports this module and
 * the run picker's script imports metrics.ts, so a static import would put stubs of them in the browser's
 * bundle (Vite warns). The picker compares cells by implementation and never reads a manifest.
 */
function nodeModules() {
  if (typeof process === 'undefined' || typeof process.getBuiltinModule !== 'function') {
    throw new Error('src/lib/deployments.ts reads bench/*/*/manifest.json at build time; it cannot run in a browser');
  }
  return { fs: process.getBuiltinModule('node:fs'), path: process.getBuiltinModule('node:path') };
}

const cache = new Map<string, Map<string, string | null>>();

/** Implementation id → the runtime it is a deployment of (null: none), for the http or stack manifests under benchDir. */
function deploymentsOf(suite: 'http' | 'stack', benchDir = 'bench'): Map<string, string | null> {
  const key = `${benchDir}\0${suite}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { fs, path } = nodeModules();
  const { existsSync, readdirSync, readFileSync } = fs;
  const join = path.join;
  const found = new Map<string, string | null>();
  const root = join(benchDir, suite);
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, 'manifest.json');
      if (!existsSync(file)) continue;
      let parsed;
      try {
        parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        continue; // not JSON: the manifest checks report it
      }
      if (!parsed.success || (parsed.data.suite !== 'http' && parsed.data.suite !== 'stack')) continue;
      for (const impl of expandVariants(parsed.data)) found.set(impl.id, (impl as { deployment_of?: string | null }).deployment_of ?? null);
    }
  }
  cache.set(key, found);
  return found;
}

/**
 * Whether a run's implementation may stand for `runtime`: the run recorded
 * it (with its runtime), and its manifest names the runtime in deployment_of;
 * an implementation with no manifest any more (a run older than the folder's
 * removal) keeps the runtime its run recorded.
 */
export function deploysRuntime(suite: 'http' | 'stack', impl: string, runtime: string, recordedRuntime: string | undefined, benchDir = 'bench'): boolean {
  if (recordedRuntime === undefined) return false;
  const known = deploymentsOf(suite, benchDir);
  if (known.has(impl)) return known.get(impl) === runtime;
  return recordedRuntime?.toLowerCase() === runtime;
}
