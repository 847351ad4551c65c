/**
 * The site's translation system: dictionaries loaded by Vite, checked against
 * UI_KEYS when this module loads (a missing or extra key fails the build and
 * names file and key), one translator per locale created once.
 */
import { createTranslator, validDictionary, type Translate } from './translator.ts';
import { LOCALES, DEFAULT_LOCALE, getLocale } from './locales.ts';

export type { Translate } from './translator.ts';

const dictionaries = import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' });

const translators = new Map(
  LOCALES.map((l) => [l.code, createTranslator(l.code, validDictionary(`src/i18n/${l.code}.json`, dictionaries[`./${l.code}.json`]))]),
);

export function useTranslations(code: string | undefined): Translate {
  return translators.get(getLocale(code ?? DEFAULT_LOCALE).code)!;
}

/** Name of a language in the page's language ("Spanish", "español"). */
export function languageName(code: string, inLocale: string): string {
  return new Intl.DisplayNames([getLocale(inLocale).intl], { type: 'language' }).of(code) ?? code;
}
