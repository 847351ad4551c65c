/**
 * Translation status, computed from files (no Vite, no Astro): which essay
 * exists in which language, which translations are outdated (the source
 * changed since the hash in `translatedFrom`), and how many UI messages and
 * claim texts each language has translated (what it lacks counts as not
 * translated, whatever the site shows in its place). Used by `npm run i18n:check` (scripts/i18n/check.ts) and
 * by the status page (src/pages/[lang]/translations.astro), so both agree.
 *
 * Every function takes a project root, so tests run them on fixture copies.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UI_KEY_LIST } from '../i18n/keys.ts';
import { inspectDictionary } from '../i18n/translator.ts';
import { checkClaimTexts, claimTextsFile, requiredTextPaths, type TextsCheck } from '../i18n/claim-texts.ts';

type EssayState = 'source' | 'up-to-date' | 'outdated' | 'missing';

export interface EssayCell {
  lang: string;
  state: EssayState;
  /** Repository path of this language's file (missing: where it would go). */
  file: string;
  /** Why it is outdated or missing. */
  reason?: string;
  /** Title of this language's version, when it exists. */
  title?: string;
  /** Outdated because it has no translatedFrom yet (a new translation before npm run i18n:check -- --update). */
  noHash?: boolean;
}

interface EssayStatus {
  slug: string;
  title: string;
  order: number;
  /** Language whose text the translations are made from. */
  sourceLang: string;
  sourceFile: string;
  /** Content hash of the source body (what `translatedFrom.hash` must equal). */
  sourceHash: string;
  cells: EssayCell[];
}

/** UI messages of one language: a message counts as translated when every dictionary key it needs (each plural form) has text. */
interface KeyCoverage {
  lang: string;
  file: string;
  total: number;
  present: number;
  missing: string[];
  /** Unknown keys and values that are not strings (errors in every language). */
  invalid: string[];
  /** One line per absent dictionary key (errors in a finished language). */
  missingProblems: string[];
  /** The dictionary file does not exist or is not JSON. */
  unreadable?: string;
}

/** Coverage of the claim texts (src/i18n/<lang>/claims.json) in one language. */
interface TextCoverage {
  lang: string;
  file: string;
  total: number;
  present: number;
  missing: string[];
  extra: string[];
  invalid: string[];
}

export interface TranslationStatus {
  defaultLocale: string;
  locales: string[];
  essays: EssayStatus[];
  keys: KeyCoverage[];
  texts: TextCoverage[];
}

export interface Frontmatter {
  title?: string;
  order?: number;
  originalLanguage?: string;
  i18nReady?: boolean;
  translatedFrom?: { lang?: string; hash?: string };
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits an MDX file into its frontmatter text and its body. */
function splitFrontmatter(text: string): { frontmatter: string; body: string } {
  const m = FRONTMATTER.exec(text);
  return m ? { frontmatter: m[1]!, body: text.slice(m[0].length) } : { frontmatter: '', body: text };
}

/** Content hash of an essay: sha256 of the MDX body (after the frontmatter), first 12 hex digits. */
export function contentHash(text: string): string {
  return createHash('sha256').update(splitFrontmatter(text).body).digest('hex').slice(0, 12);
}

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, '$2');

/** Reads the few frontmatter fields the status needs (flat keys and the translatedFrom block). */
export function readFrontmatter(text: string): Frontmatter {
  const fm: Frontmatter = {};
  const lines = splitFrontmatter(text).frontmatter.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z][A-Za-z0-9]*):\s*(.*?)\s*(#.*)?$/.exec(lines[i]!);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'title') fm.title = unquote(value);
    else if (key === 'order') fm.order = Number(value);
    else if (key === 'originalLanguage') fm.originalLanguage = unquote(value);
    else if (key === 'i18nReady') fm.i18nReady = value !== 'false';
    else if (key === 'translatedFrom') {
      const from: { lang?: string; hash?: string } = {};
      const flow = /^\{(.*)\}$/.exec(value);
      const pairs = flow ? flow[1]!.split(',') : [];
      if (!flow) while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) pairs.push(lines[++i]!);
      for (const p of pairs) {
        const kv = /^\s*(lang|hash):\s*(.*?)\s*$/.exec(p);
        if (kv) from[kv[1] as 'lang' | 'hash'] = unquote(kv[2]!);
      }
      fm.translatedFrom = from;
    }
  }
  return fm;
}

/** Writes (or replaces) the translatedFrom block of an essay's frontmatter. */
export function withTranslatedFrom(text: string, lang: string, hash: string): string {
  const m = FRONTMATTER.exec(text);
  if (!m) throw new Error('the file has no frontmatter');
  const lines = m[1]!.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^translatedFrom:/.test(lines[i]!)) {
      while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) i++;
      continue;
    }
    out.push(lines[i]!);
  }
  out.push('translatedFrom:', `  lang: ${lang}`, `  hash: "${hash}"`);
  return `---\n${out.join('\n')}\n---\n${text.slice(m[0].length)}`;
}

export interface Layout {
  root: string;
  /** Relative to root. */
  i18nDir: string;
  essaysDir: string;
  /** Where claims.json and original-2019.json are. */
  dataDir: string;
}

export function layout(root = '.', i18nDir = 'src/i18n', essaysDir = 'src/content/essays', dataDir = 'data'): Layout {
  return { root, i18nDir, essaysDir, dataDir };
}

/** The claim-text paths data/ needs in every language (read from the raw JSON). */
export function requiredTexts(l: Layout): string[] {
  const read = (name: string) => JSON.parse(readFileSync(join(l.root, l.dataDir, name), 'utf8'));
  const claims = (read('claims.json').claims ?? []) as Array<{ id: string; original?: unknown; measure?: unknown }>;
  return requiredTextPaths(claims, Object.keys(read('original-2019.json').texts ?? {}));
}

/** A language's claim texts compared with what data/ needs. */
function readClaimTexts(l: Layout, lang: string, required = requiredTexts(l)): TextsCheck & { file: string } {
  const file = claimTextsFile(lang, l.i18nDir);
  const path = join(l.root, file);
  let raw: unknown;
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return { file, invalid: [`${file}: not valid JSON (${(e as Error).message}).`], missing: [...required], extra: [], flat: new Map() };
    }
  }
  return { file, ...checkClaimTexts(file, raw, required) };
}

export function readLocales(l: Layout): { defaultLocale: string; locales: string[]; inProgress: string[] } {
  const raw = JSON.parse(readFileSync(join(l.root, l.i18nDir, 'locales.json'), 'utf8')) as {
    defaultLocale: string;
    locales: Array<{ code: string; inProgress?: boolean }>;
  };
  return {
    defaultLocale: raw.defaultLocale,
    locales: raw.locales.map((x) => x.code),
    inProgress: raw.locales.filter((x) => x.inProgress).map((x) => x.code),
  };
}

export interface EssayFile {
  lang: string;
  slug: string;
  file: string;
  text: string;
  fm: Frontmatter;
}

/** Every essay file, by slug then language (languages not in locales.json included). */
export function readEssays(l: Layout): Map<string, Map<string, EssayFile>> {
  const bySlug = new Map<string, Map<string, EssayFile>>();
  const dir = join(l.root, l.essaysDir);
  if (!existsSync(dir)) return bySlug;
  for (const lang of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of readdirSync(join(dir, lang)).filter((n) => n.endsWith('.mdx')).sort()) {
      const slug = name.replace(/\.mdx$/, '');
      const file = join(l.essaysDir, lang, name);
      const text = readFileSync(join(l.root, file), 'utf8');
      if (!bySlug.has(slug)) bySlug.set(slug, new Map());
      bySlug.get(slug)!.set(lang, { lang, slug, file, text, fm: readFrontmatter(text) });
    }
  }
  return bySlug;
}

/**
 * The language an essay is translated from: its originalLanguage when that
 * version exists, else the default locale's, else any existing version.
 */
export function sourceOf(versions: Map<string, EssayFile>, defaultLocale: string): EssayFile | undefined {
  const ready = [...versions.values()].filter((v) => v.fm.i18nReady !== false);
  const original = ready.map((v) => v.fm.originalLanguage).find(Boolean);
  return (
    ready.find((v) => v.lang === original) ?? ready.find((v) => v.lang === defaultLocale) ?? ready[0] ?? versions.values().next().value
  );
}

function keyCoverage(l: Layout, lang: string): KeyCoverage {
  const file = join(l.i18nDir, `${lang}.json`);
  const path = join(l.root, file);
  let dict: Record<string, unknown> = {};
  let unreadable: string | undefined;
  if (!existsSync(path)) unreadable = `${file}: missing — every locale in ${join(l.i18nDir, 'locales.json')} needs a UI dictionary (create it with {} and translate keys from ${l.i18nDir}/${readLocales(l).defaultLocale}.json).`;
  else {
    try {
      dict = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      unreadable = `${file}: not valid JSON (${(e as Error).message}).`;
    }
  }
  const r = inspectDictionary(file, dict, lang);
  const total = UI_KEY_LIST.length;
  return { lang, file, total, present: total - r.missing.length, missing: r.missing, invalid: r.invalid, missingProblems: r.missingProblems, ...(unreadable ? { unreadable } : {}) };
}

/** The whole status: every essay in every locale, and UI-key coverage per locale. */
export function translationStatus(l: Layout = layout()): TranslationStatus {
  const { defaultLocale, locales } = readLocales(l);
  const essays: EssayStatus[] = [];
  for (const [slug, versions] of readEssays(l)) {
    const source = sourceOf(versions, defaultLocale)!;
    const sourceHash = contentHash(source.text);
    const cells: EssayCell[] = locales.map((lang) => {
      const v = versions.get(lang);
      const file = v?.file ?? join(l.essaysDir, lang, `${slug}.mdx`);
      if (!v) return { lang, state: 'missing', file, reason: 'no file' };
      if (v.fm.i18nReady === false) return { lang, state: 'missing', file, reason: 'i18nReady: false' };
      return v.fm.title === undefined ? cellState(v) : { ...cellState(v), title: v.fm.title };
    });
    function cellState(v: EssayFile): Omit<EssayCell, 'title'> {
      const { lang, file } = v;
      if (v.lang === source.lang) return { lang, state: 'source', file };
      const from = v.fm.translatedFrom;
      if (!from?.hash) return { lang, state: 'outdated', file, noHash: true, reason: `no translatedFrom hash (the source ${source.file} is at ${sourceHash})` };
      if (from.lang !== source.lang)
        return { lang, state: 'outdated', file, reason: `translatedFrom.lang is "${from.lang}" but the source is ${source.file}` };
      if (from.hash !== sourceHash)
        return { lang, state: 'outdated', file, reason: `translated from ${from.lang} at ${from.hash}; ${source.file} is now at ${sourceHash}` };
      return { lang, state: 'up-to-date', file };
    }
    essays.push({
      slug,
      title: source.fm.title ?? slug,
      order: source.fm.order ?? Number.MAX_SAFE_INTEGER,
      sourceLang: source.lang,
      sourceFile: source.file,
      sourceHash,
      cells,
    });
  }
  essays.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  const required = requiredTexts(l);
  const texts = locales.map((lang): TextCoverage => {
    const c = readClaimTexts(l, lang, required);
    return { lang, file: c.file, total: required.length, present: required.length - c.missing.length, missing: c.missing, extra: c.extra, invalid: c.invalid };
  });
  return { defaultLocale, locales, essays, keys: locales.map((lang) => keyCoverage(l, lang)), texts };
}

/** State of one essay in one language (for the essay route's notices). */
export function essayState(status: TranslationStatus, slug: string, lang: string): EssayCell | undefined {
  return status.essays.find((e) => e.slug === slug)?.cells.find((c) => c.lang === lang);
}

let siteStatus: TranslationStatus | undefined;
/** The status of this project (read once per build, from the working directory). */
export function projectTranslationStatus(): TranslationStatus {
  return (siteStatus ??= translationStatus(layout()));
}
