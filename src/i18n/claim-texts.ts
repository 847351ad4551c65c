/**
 * Claim texts per language: src/i18n/<lang>/claims.json holds, for every claim
 * of data/claims.json, its statement and method (and its 2019 figure when that
 * figure is words, "original": {"text": true}), the measured quantity as the
 * badge names it ("measured"), what a ratio above and below one means
 * ("above", "below"), and the anchor: a few words of the essay's own sentence
 * that the badge follows (a test keeps the badge within one sentence of it);
 * and the 2019 figures given in words (data/original-2019.json "texts").
 * Numbers, measures and rules stay in data/; a translator touches only the
 * files of their language.
 *
 * Independent of how files are loaded (Vite's glob in the site, fs in tools and
 * tests). Entries are addressed by flat paths: "claims.<id>.<field>",
 * "originals.<id>".
 */
import { z } from 'zod';
import { markLang } from './fallback-mark.ts';

const Text = z.string().trim().min(1);

const ClaimTextsFile = z
  .object({
    $comment: z.string().optional(),
    claims: z
      .record(
        z.string(),
        z
          .object({
            statement: Text.optional(),
            method: Text.optional(),
            original: Text.optional(),
            measured: Text.optional(),
            above: Text.optional(),
            below: Text.optional(),
            anchor: Text.optional(),
          })
          .strict(),
      )
      .default({}),
    originals: z.record(z.string(), Text).default({}),
  })
  .strict();
type ClaimTextsFile = z.infer<typeof ClaimTextsFile>;

/** Repository path of a language's claim texts. */
export const claimTextsFile = (lang: string, i18nDir = 'src/i18n') => `${i18nDir}/${lang}/claims.json`;

const CLAIM_FIELDS = ['statement', 'method', 'original', 'measured', 'above', 'below', 'anchor'] as const;

/** Measures whose value is a ratio of two sides; a metric that is itself a ratio (time ÷ C's, a speedup) counts too. */
const RATIO_KINDS = new Set(['ratio', 'geomean_ratio', 'range_ratio', 'range_geomean_ratio', 'min_ratio', 'best_ratio']);
export function isRatioMeasure(measure: unknown): boolean {
  if (!measure || typeof measure !== 'object' || !('kind' in measure)) return false;
  const m = measure as { kind: string; id?: string };
  return RATIO_KINDS.has(m.kind) || (m.kind === 'metric' && /\.(vs_c|vs_cpp|speedup)$/.test(m.id ?? ''));
}

/** What the data files need translated, as flat paths (from the raw JSON, so tools need no schema). */
export function requiredTextPaths(
  claims: ReadonlyArray<{ id: string; original?: unknown; measure?: unknown }>,
  originalTextIds: readonly string[],
): string[] {
  const paths: string[] = [];
  for (const c of claims) {
    paths.push(`claims.${c.id}.statement`, `claims.${c.id}.method`, `claims.${c.id}.anchor`);
    const measured = !(c.measure && typeof c.measure === 'object' && (c.measure as { kind?: string }).kind === 'none');
    if (measured) paths.push(`claims.${c.id}.measured`);
    if (isRatioMeasure(c.measure)) paths.push(`claims.${c.id}.above`, `claims.${c.id}.below`);
    if (c.original && typeof c.original === 'object' && 'text' in c.original) paths.push(`claims.${c.id}.original`);
  }
  for (const id of originalTextIds) paths.push(`originals.${id}`);
  return paths;
}

/** A parsed file as flat paths → text. */
function flattenTexts(file: ClaimTextsFile): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [id, c] of Object.entries(file.claims)) {
    for (const field of CLAIM_FIELDS) if (c[field] !== undefined) flat.set(`claims.${id}.${field}`, c[field]!);
  }
  for (const [id, text] of Object.entries(file.originals)) flat.set(`originals.${id}`, text);
  return flat;
}

export interface TextsCheck {
  /** Schema problems (always errors). */
  invalid: string[];
  missing: string[];
  /** Paths that name no claim or figure of data/ (always errors). */
  extra: string[];
  flat: Map<string, string>;
}

/** Compares a language's file (undefined when absent) with what data/ needs. */
export function checkClaimTexts(file: string, raw: unknown, required: readonly string[]): TextsCheck {
  if (raw === undefined) return { invalid: [], missing: [...required], extra: [], flat: new Map() };
  const parsed = ClaimTextsFile.safeParse(raw);
  if (!parsed.success) {
    const invalid = parsed.error.issues.map((i) => `${file}: at ${i.path.join('.') || '(top)'}: ${i.message} (see src/i18n/claim-texts.ts).`);
    return { invalid, missing: [...required], extra: [], flat: new Map() };
  }
  const flat = flattenTexts(parsed.data);
  const need = new Set(required);
  return { invalid: [], missing: required.filter((p) => !flat.has(p)), extra: [...flat.keys()].filter((p) => !need.has(p)), flat };
}

export const missingTextMessage = (file: string, path: string, fallback: string) =>
  `${file}: missing "${path}" — translate it from ${fallback} (same path).`;
export const extraTextMessage = (file: string, path: string) =>
  `${file}: unknown "${path}" — no such claim or 2019 figure in data/claims.json or data/original-2019.json; remove it.`;

export class ClaimTextsError extends Error {}

/** The claim texts of one page language; a text not translated yet comes from the default language, marked with its language. */
export interface ClaimTexts {
  statement(claimId: string): string;
  method(claimId: string): string;
  /** A claim's 2019 figure in words. */
  original(claimId: string): string;
  /** The measured quantity as the badge names it ("CPython's time ÷ C++'s, geometric mean of the four kernels"). */
  measured(claimId: string): string;
  /** What a ratio above one means ("PyPy is faster"), and below one. */
  above(claimId: string): string;
  below(claimId: string): string;
  /** A few words of the essay's sentence that the badge follows. */
  anchor(claimId: string): string;
  /** A 2019 figure in words from data/original-2019.json "texts". */
  figure(id: string): string;
}

export function createClaimTexts(
  lang: string,
  own: Map<string, string>,
  fallback: { lang: string; flat: Map<string, string> },
): ClaimTexts {
  const get = (path: string) => {
    const text = own.get(path);
    if (text !== undefined) return text;
    const other = fallback.flat.get(path);
    if (other === undefined) throw new ClaimTextsError(`${claimTextsFile(fallback.lang)}: no "${path}" (asked by a /${lang}/ page).`);
    return lang === fallback.lang ? other : markLang(fallback.lang, other);
  };
  return {
    statement: (id) => get(`claims.${id}.statement`),
    method: (id) => get(`claims.${id}.method`),
    original: (id) => get(`claims.${id}.original`),
    measured: (id) => get(`claims.${id}.measured`),
    above: (id) => get(`claims.${id}.above`),
    below: (id) => get(`claims.${id}.below`),
    anchor: (id) => get(`claims.${id}.anchor`),
    figure: (id) => get(`originals.${id}`),
  };
}
