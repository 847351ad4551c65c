/** Essay lookup across languages. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { LOCALE_CODES } from '../i18n/locales.ts';

export type Essay = CollectionEntry<'essays'>;

export function essayLang(entry: Essay): string {
  return entry.id.split('/')[0]!;
}

export function essaySlug(entry: Essay): string {
  return entry.id.split('/').slice(1).join('/');
}

export async function essaysIn(lang: string): Promise<Essay[]> {
  const all = await getCollection('essays');
  return all
    .filter((e) => essayLang(e) === lang && e.data.i18nReady)
    .sort((a, b) => a.data.order - b.data.order);
}

/** The languages in which an essay (by translationKey) exists and is ready. */
export async function essayLanguages(translationKey: string): Promise<string[]> {
  const all = await getCollection('essays');
  return LOCALE_CODES.filter((code) =>
    all.some((e) => essayLang(e) === code && e.data.translationKey === translationKey && e.data.i18nReady),
  );
}
