/** Essay lookup across languages, with source-language fallbacks for missing translations. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { LOCALE_CODES, DEFAULT_LOCALE } from '../i18n/locales.ts';

export type Essay = CollectionEntry<'essays'>;

export function essayLang(entry: Essay): string {
  return entry.id.split('/')[0]!;
}

export function essaySlug(entry: Essay): string {
  return entry.id.split('/').slice(1).join('/');
}

/**
 * The version other languages translate from (and fall back to): the one in
 * the essay's originalLanguage when it exists and is ready, else the default
 * locale's, else any ready version.
 */
function sourceEssay(versions: Essay[]): Essay | undefined {
  const ready = versions.filter((e) => e.data.i18nReady);
  const original = ready[0]?.data.originalLanguage;
  return ready.find((e) => essayLang(e) === original) ?? ready.find((e) => essayLang(e) === DEFAULT_LOCALE) ?? ready[0];
}

export interface EssayPage {
  /** The reader's language (the URL's). */
  lang: string;
  slug: string;
  /** The entry rendered: this language's version, or the source version when it is missing. */
  entry: Essay;
  /** True when `entry` is in another language than `lang` (no ready translation yet). */
  fallback: boolean;
}

/** One page per essay and locale: the translation when ready, else the source essay. */
export async function essayPages(): Promise<EssayPage[]> {
  const all = await getCollection('essays');
  const bySlug = new Map<string, Essay[]>();
  for (const e of all) bySlug.set(essaySlug(e), [...(bySlug.get(essaySlug(e)) ?? []), e]);
  const pages: EssayPage[] = [];
  for (const [slug, versions] of bySlug) {
    const source = sourceEssay(versions);
    if (!source) continue;
    for (const lang of LOCALE_CODES) {
      const own = versions.find((e) => essayLang(e) === lang && e.data.i18nReady);
      pages.push(own ? { lang, slug, entry: own, fallback: false } : { lang, slug, entry: source, fallback: true });
    }
  }
  return pages;
}

/** The essays listed in a language: its own versions, and the source version of those not translated yet. */
export async function essaysIn(lang: string): Promise<Essay[]> {
  return (await essayPages())
    .filter((p) => p.lang === lang)
    .map((p) => p.entry)
    .sort((a, b) => a.data.order - b.data.order);
}

/** The languages in which an essay (by translationKey) exists and is ready (fallback pages are not alternates). */
export async function essayLanguages(translationKey: string): Promise<string[]> {
  const all = await getCollection('essays');
  return LOCALE_CODES.filter((code) =>
    all.some((e) => essayLang(e) === code && e.data.translationKey === translationKey && e.data.i18nReady),
  );
}
