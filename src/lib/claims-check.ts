/**
 * Checks data/claims.json the way a reader of an error wants it: every
 * problem names the claim by its id (not an array index), the key, and the
 * fix. Used before the build starts (src/integrations/run-files.ts), by
 * `npm run validate` and by `npm run claims`, so that a bad claim never
 * reaches a page as a stack trace or as "not measured" for a reason that is
 * really a typo (an implementation that does not exist).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ClaimsFile, type Claim } from '../schemas/claims.ts';
import { metricSubjects } from './implementations.ts';
import { parseMetricId } from './metric-ids.ts';

export class ClaimsFileError extends Error {}

/** Every metric id a claim's measure names, with where it is in the claim. */
export function measureMetricIds(measure: Claim['measure']): Array<{ at: string; id: string }> {
  const out: Array<{ at: string; id: string }> = [];
  const pairs = (key: string, list: ReadonlyArray<readonly [string, string]>) =>
    list.forEach(([of, to], i) => out.push({ at: `${key}[${i}][0]`, id: of }, { at: `${key}[${i}][1]`, id: to }));
  switch (measure.kind) {
    case 'metric':
      out.push({ at: 'measure.id', id: measure.id });
      break;
    case 'ratio':
      out.push({ at: 'measure.of', id: measure.of }, { at: 'measure.to', id: measure.to });
      break;
    case 'geomean_ratio':
    case 'range_ratio':
    case 'min_ratio':
      pairs('measure.pairs', measure.pairs);
      break;
    case 'range_geomean_ratio':
      measure.groups.forEach((g, i) => pairs(`measure.groups[${i}]`, g));
      break;
    case 'best_ratio':
      measure.of.forEach((id, i) => out.push({ at: `measure.of[${i}]`, id }));
      out.push({ at: 'measure.to', id: measure.to });
      break;
    case 'min_metric':
    case 'geomean_metric':
      measure.ids.forEach((id, i) => out.push({ at: `measure.ids[${i}]`, id }));
      break;
    case 'threads_vs_processes':
      out.push({ at: 'measure.threads', id: measure.threads }, { at: 'measure.processes', id: measure.processes });
      break;
    case 'none':
      break;
  }
  return out;
}

/** Why a metric id can never be measured (unknown suite, test, metric or implementation), or null. */
function metricIdProblem(id: string): string | null {
  const parsed = parseMetricId(id);
  if ('error' in parsed) return parsed.error;
  const subjects = metricSubjects(parsed.suite);
  if (subjects.size > 0 && !subjects.has(parsed.impl)) {
    return `"${id}": no ${parsed.suite} implementation "${parsed.impl}" in bench/${parsed.suite}/ (known: ${[...subjects].sort().join(', ')})`;
  }
  return null;
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/**
 * Every problem of a claims file, one line each: `<file>: claim "<id>": at <key>: <what> — <fix>`.
 * Empty when the file is good.
 */
export function claimsFileProblems(file = 'data/claims.json'): string[] {
  if (!existsSync(file)) return [`${file} is missing: it lists the claims of the essays (restore it with \`git checkout -- ${file}\`).`];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [`${file} is not valid JSON (${(e as Error).message}): fix it, or restore it with \`git checkout -- ${file}\`.`];
  }
  const rawClaims = (raw as { claims?: unknown }).claims;
  const idAt = (i: number) => {
    const c = Array.isArray(rawClaims) ? (rawClaims[i] as { id?: unknown } | undefined) : undefined;
    return typeof c?.id === 'string' ? `claim "${c.id}"` : `the claim at claims[${i}] (it has no id)`;
  };
  const parsed = ClaimsFile.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const [top, index, ...rest] = issue.path;
      if (top === 'claims' && typeof index === 'number') {
        return `${file}: ${idAt(index)}: at ${pathText(rest) || '(the claim)'}: ${issue.message} — fix the claim (the rules and measures are described in src/schemas/claims.ts).`;
      }
      return `${file}: at ${pathText(issue.path) || '(the file)'}: ${issue.message} — see src/schemas/claims.ts.`;
    });
  }
  const problems: string[] = [];
  for (const claim of parsed.data.claims) {
    for (const { at, id } of measureMetricIds(claim.measure)) {
      const why = metricIdProblem(id);
      if (why) problems.push(`${file}: claim "${claim.id}": at ${at}: ${why} — name an implementation that has a manifest, or add one (CONTRIBUTING.md).`);
    }
  }
  return problems;
}
