/**
 * Finds implementations: bench/<suite>/<name>/manifest.json, parsed with the
 * manifest schema, variants expanded, and, when asked, one member per runtime
 * the manifest lists (runtimes/member.ts: cpython-3-7, go-1-13…). A bad
 * manifest is reported (file + zod path) and its cells are skipped; the rest
 * of the run goes on. A runtime that cannot be found skips its member's cells
 * with the fix (plan-requirements.ts).
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
} from '../../src/schemas/manifest.ts';
import type { SuiteId } from '../../src/schemas/run.ts';
import { formatZodIssues } from './errors.ts';
import { substituteRuntime, usesRuntimePlaceholder } from './placeholders.ts';
import { defaultRuntime, runtimeLabel, runtimeWords, vintageManifest, type Vintage } from './runtimes/member.ts';
import { KINDS, isResolved, resolveRuntime, type RuntimeOverrides } from './runtimes/resolve.ts';
import { memberId, parseSpec } from './runtimes/spec.ts';
import { prepareVintageFolder } from './runtimes/work-folder.ts';

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
  /** For manifests that list `runtimes`: the member's runtime (the default's, or a vintage's); null otherwise. */
  vintage: Vintage | null;
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
type ManifestSuite = keyof typeof schemas;

export interface DiscoverOptions {
  /** Make a member per vintage the manifests list (default: only today's runtimes). */
  vintages?: boolean;
  /** Paths given with --runtime, by spec. */
  runtimeOverrides?: RuntimeOverrides;
  /** The runtimes file's paths, by spec (runtimes/resolve.ts readRuntimesFile). */
  runtimesFile?: RuntimeOverrides;
}

export function discover(benchDir: string, root: string, suites: readonly ManifestSuite[], options: DiscoverOptions = {}): Discovery {
  const resolveOptions = { root, overrides: options.runtimeOverrides ?? {}, fileOverrides: options.runtimesFile ?? {} };
  const impls: Impl[] = [];
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
      const members: Array<{ m: { id: string; variant_of: string | null }; dir: string; vintage: Vintage | null }> = [];
      for (const m of expandVariants(parsed.data as { id: string; variants: Array<{ id: string }> })) {
        const runtimes = (m as unknown as MemberManifest).runtimes;
        if (m.variant_of !== null || !runtimes) {
          members.push({ m, dir, vintage: null });
          continue;
        }
        members.push(...runtimeMembers(m as unknown as MemberManifest, dir, rel, options.vintages ?? false, resolveOptions, problem));
      }
      for (const { m, dir: memberDir, vintage } of members) {
        const other = seen.get(m.id);
        if (other) {
          problem(`${rel}: id "${m.id}" is already used by ${other}; give one of them another id`);
          continue;
        }
        seen.set(m.id, rel);
        impls.push({ suite, id: m.id, dir: memberDir, sourceDir, manifestPath: rel, manifest: m, vintage } as Impl);
      }
    }
  }
  return { impls, problems };
}

type MemberManifest = Parameters<typeof vintageManifest>[0] & {
  variant_of: string | null;
  runtimes: { default: string; vintages: string[] } | null;
};

/**
 * The members of a manifest that lists runtimes: the default (the manifest as
 * written, or with its placeholders filled from the default runtime) and, when
 * asked, one per vintage.
 */
function runtimeMembers(
  m: MemberManifest,
  dir: string,
  rel: string,
  withVintages: boolean,
  resolveOptions: Parameters<typeof resolveRuntime>[1],
  problem: (message: string) => void,
): Array<{ m: MemberManifest; dir: string; vintage: Vintage }> {
  const runtimes = m.runtimes!;
  const out: Array<{ m: MemberManifest; dir: string; vintage: Vintage }> = [];
  const parsedDefault = parseSpec(runtimes.default);
  const kind = 'error' in parsedDefault ? null : KINDS[parsedDefault.kind];
  const placeholders = kind ? usesRuntimePlaceholder(m, kind.placeholders) : false;
  // Asking today's runtime what it is costs a process start: only when the record or a placeholder needs it.
  let asked: { r: ReturnType<typeof defaultRuntime> } | null = null;
  const todays = () => (asked ??= { r: defaultRuntime(m, runtimes, dir, resolveOptions) }).r;
  const defaultVintage: Vintage = {
    spec: runtimes.default,
    of: m.id,
    default: true,
    get runtime() {
      return todays();
    },
    missing: null,
  };
  const today = placeholders ? todays() : null;
  if (placeholders && !today) {
    const r = resolveRuntime(runtimes.default, resolveOptions);
    defaultVintage.missing = isResolved(r) ? null : { tool: runtimes.default, reason: r.reason, fix: r.fix };
  }
  // The default's commands stay as written; only placeholders, if it uses any, get today's runtime.
  out.push({ m: placeholders && today ? substituteRuntime(m, { program: () => null, placeholders: runtimeWords(today).placeholders }) : m, dir, vintage: defaultVintage });
  if (!withVintages) return out;
  for (const spec of runtimes.vintages) {
    const p = parseSpec(spec);
    if ('error' in p || (kind && p.kind !== kind.kind)) {
      problem(`${rel}: runtimes.vintages: ${'error' in p ? p.error : `"${spec}" is not a ${kind!.kind} runtime like the default "${runtimes.default}"`}`);
      continue;
    }
    const id = memberId(m.id, p);
    const r = resolveRuntime(spec, resolveOptions);
    if (!isResolved(r)) {
      // Its cells are skipped with the fix (plan-requirements.ts); the manifest only names it.
      out.push({ m: { ...m, id, runtime: runtimeLabel(m.runtime, spec), variant_of: null }, dir, vintage: { spec, of: m.id, default: false, runtime: null, missing: { tool: spec, reason: r.reason, fix: r.fix } } });
      continue;
    }
    const vm = vintageManifest(m, r, substituteRuntime);
    out.push({ m: { ...vm, variant_of: null }, dir: prepareVintageFolder(dir, id), vintage: { spec, of: m.id, default: false, runtime: r, missing: null } });
  }
  return out;
}
