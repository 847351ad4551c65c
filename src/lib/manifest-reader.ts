/**
 * Finds implementations: bench/<suite>/<name>/manifest.json, parsed with the
 * manifest schema, variants expanded. A bad manifest is reported (file + zod
 * path): the runner skips its cells and goes on, the site stops its build.
 * The one manifest reader of the project: the runner (scripts/bench/
 * discovery.ts re-exports it) and the site (src/lib/implementations.ts) read
 * bench/ through it, so they never disagree on what exists. It lives in src/
 * because the site builds from src/ alone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  CpuManifest,
  HttpManifest,
  OpsManifest,
  StackManifest,
  ThreadsManifest,
  expandVariants,
} from '../schemas/manifest.ts';
import type { SuiteId } from '../schemas/run.ts';
import { formatZodIssues } from './zod-issues.ts';

type Expanded<M extends { id: string; variants: Array<{ id: string }> }> = Omit<M, 'variants'> & { variant_of: string | null };
type HttpImpl = Expanded<HttpManifest>;
type CpuImpl = Expanded<CpuManifest>;
type OpsImpl = Expanded<OpsManifest>;
type ThreadsImpl = Expanded<ThreadsManifest>;
type StackImpl = Expanded<StackManifest>;

interface ImplBase {
  id: string;
  /** Absolute folder of the manifest (the cwd of its commands). */
  dir: string;
  /** The folder relative to the repository root, e.g. "bench/http/go". */
  sourceDir: string;
  manifestPath: string;
}
export type Impl =
  | (ImplBase & { suite: 'http'; manifest: HttpImpl })
  | (ImplBase & { suite: 'cpu'; manifest: CpuImpl })
  | (ImplBase & { suite: 'ops'; manifest: OpsImpl })
  | (ImplBase & { suite: 'threads'; manifest: ThreadsImpl })
  | (ImplBase & { suite: 'stack'; manifest: StackImpl });

export interface ManifestProblem {
  suite: SuiteId;
  /** The folder name, used as the impl id of its skipped cells when it is a valid id. */
  folder: string;
  manifestPath: string;
  message: string;
}

export interface Discovery {
  impls: Impl[];
  problems: ManifestProblem[];
}

const schemas = { http: HttpManifest, cpu: CpuManifest, ops: OpsManifest, threads: ThreadsManifest, stack: StackManifest } as const;
export type ManifestSuite = keyof typeof schemas;

/** One member a manifest yields: the manifest as a member sees it, its folder, and what the caller attaches. */
interface ManifestMember<X> {
  m: { id: string; variant_of: string | null };
  dir: string;
  extra: X;
}

/**
 * What a caller makes of each expanded manifest (a variant included): the
 * site takes it as it is; the runner adds one member per runtime vintage
 * (scripts/bench/discovery.ts). `problem` reports a fault in the manifest.
 */
export type MemberHook<X> = (m: { id: string; variant_of: string | null }, dir: string, rel: string, problem: (message: string) => void) => Array<ManifestMember<X>>;

export type ReadImpl<X> = Impl & { extra: X };

/**
 * The one manifest reader: every bench/<suite>/<folder>/manifest.json,
 * parsed, variants expanded, each expansion turned into members by `hook`;
 * ids must be unique within a suite.
 */
export function readManifests<X>(benchDir: string, root: string, suites: readonly ManifestSuite[], hook: MemberHook<X>): { impls: Array<ReadImpl<X>>; problems: ManifestProblem[] } {
  const impls: Array<ReadImpl<X>> = [];
  const problems: ManifestProblem[] = [];
  for (const suite of suites) {
    const suiteDir = path.join(benchDir, suite);
    if (!existsSync(suiteDir)) continue;
    const folders = readdirSync(suiteDir)
      .filter((f) => !f.startsWith('.') && statSync(path.join(suiteDir, f)).isDirectory())
      .sort();
    const seen = new Map<string, string>();
    for (const folder of folders) {
      const dir = path.join(suiteDir, folder);
      const manifestPath = path.join(dir, 'manifest.json');
      if (!existsSync(manifestPath)) continue; // a folder still being written
      const rel = path.relative(root, manifestPath);
      const problem = (message: string) => problems.push({ suite, folder, manifestPath: rel, message });
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(manifestPath, 'utf8'));
      } catch (e) {
        problem(`${rel}: not valid JSON (${(e as Error).message}); fix the file, e.g. check it with \`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\``);
        continue;
      }
      const parsed = schemas[suite].safeParse(json);
      if (!parsed.success) {
        problem(`${rel}: does not match the ${suite} manifest schema (src/schemas/manifest.ts):\n${formatZodIssues(parsed.error.issues)}`);
        continue;
      }
      const sourceDir = path.relative(root, dir) || '.';
      for (const expanded of expandVariants(parsed.data as { id: string; variants: Array<{ id: string }> })) {
        for (const { m, dir: memberDir, extra } of hook(expanded, dir, rel, problem)) {
          const other = seen.get(m.id);
          if (other) {
            problem(`${rel}: id "${m.id}" is already used by ${other}; give one of them another id`);
            continue;
          }
          seen.set(m.id, rel);
          impls.push({ suite, id: m.id, dir: memberDir, sourceDir, manifestPath: rel, manifest: m, extra } as ReadImpl<X>);
        }
      }
    }
  }
  return { impls, problems };
}

/** Every implementation as its manifest names it (the site's view: no runtime vintages). */
export function discover(benchDir: string, root: string, suites: readonly ManifestSuite[]): Discovery {
  const { impls, problems } = readManifests(benchDir, root, suites, (m, dir) => [{ m, dir, extra: null }]);
  return { impls: impls.map(({ extra: _, ...impl }) => impl as Impl), problems };
}
