/**
 * Finds implementations: bench/<suite>/<name>/manifest.json, parsed with the
 * manifest schema, variants expanded, and, when asked, one member per runtime
 * the manifest lists (runtimes/member.ts: cpython-3-7, go-1-13…). A bad
 * manifest is reported (file + zod path) and its cells are skipped; the rest
 * of the run goes on. A runtime that cannot be found skips its member's cells
 * with the fix (plan-requirements.ts).
 */
import type { Vintage } from './runtimes/member.ts';
import { substituteRuntime, usesRuntimePlaceholder } from './placeholders.ts';
import { defaultRuntime, runtimeLabel, runtimeWords, vintageManifest } from './runtimes/member.ts';
import { KINDS, isResolved, resolveRuntime, type RuntimeOverrides } from './runtimes/resolve.ts';
import { memberId, parseSpec } from './runtimes/spec.ts';
import { prepareVintageFolder } from './runtimes/work-folder.ts';
import { readManifests, type Impl as ManifestImpl, type ManifestProblem, type ManifestSuite } from '../../src/lib/manifest-reader.ts';

export type { ManifestProblem } from '../../src/lib/manifest-reader.ts';

/** An implementation as the runner sees it: for manifests that list `runtimes`, the member's runtime (the default's, or a vintage's); null otherwise. */
export type Impl = ManifestImpl & { vintage: Vintage | null };

export interface Discovery {
  impls: Impl[];
  problems: ManifestProblem[];
}

export interface DiscoverOptions {
  /** Make a member per vintage the manifests list (default: only today's runtimes). */
  vintages?: boolean;
  /** Paths given with --runtime, by spec. */
  runtimeOverrides?: RuntimeOverrides;
  /** The runtimes file's paths, by spec (runtimes/resolve.ts readRuntimesFile). */
  runtimesFile?: RuntimeOverrides;
}

/** The manifests through the project's one reader (src/lib/manifest-reader.ts), with a member per runtime vintage when asked. */
export function discover(benchDir: string, root: string, suites: readonly ManifestSuite[], options: DiscoverOptions = {}): Discovery {
  const resolveOptions = { root, overrides: options.runtimeOverrides ?? {}, fileOverrides: options.runtimesFile ?? {} };
  const { impls, problems } = readManifests<Vintage | null>(benchDir, root, suites, (m, dir, rel, problem) => {
    const runtimes = (m as unknown as MemberManifest).runtimes;
    if (m.variant_of !== null || !runtimes) return [{ m, dir, extra: null }];
    return runtimeMembers(m as unknown as MemberManifest, dir, rel, options.vintages ?? false, resolveOptions, problem).map((x) => ({ m: x.m, dir: x.dir, extra: x.vintage }));
  });
  return { impls: impls.map(({ extra, ...impl }) => ({ ...impl, vintage: extra }) as Impl), problems };
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
