/**
 * The translation system: one i18next instance per locale, created once, with
 * dictionaries checked against UI_KEYS when this module loads. A missing or
 * extra key throws, naming the file and the key.
 */
import i18next, { type TFunction } from 'i18next';
import { UI_KEY_LIST, type UiKey } from './keys.ts';
import { LOCALES, DEFAULT_LOCALE, getLocale } from './locales.ts';

const dictionaries = import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' });

export class DictionaryError extends Error {}

/** Checks one dictionary; returns the problems (empty when it is complete). */
export function checkDictionary(file: string, dict: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of UI_KEY_LIST) {
    const value = dict[key];
    if (value === undefined) problems.push(`${file}: missing key "${key}" — add it (see src/i18n/keys.ts for what it is).`);
    else if (typeof value !== 'string' || value.trim() === '')
      problems.push(`${file}: key "${key}" must be a non-empty string.`);
  }
  const known = new Set<string>(UI_KEY_LIST);
  for (const key of Object.keys(dict)) {
    if (!known.has(key)) problems.push(`${file}: unknown key "${key}" — remove it or declare it in src/i18n/keys.ts.`);
  }
  return problems;
}

function loadDictionary(code: string): Record<UiKey, string> {
  const file = `src/i18n/${code}.json`;
  const dict = dictionaries[`./${code}.json`];
  if (!dict) throw new DictionaryError(`${file} is missing: every locale in src/i18n/locales.json needs a dictionary.`);
  const problems = checkDictionary(file, dict);
  if (problems.length) throw new DictionaryError(`UI dictionary errors:\n  ${problems.join('\n  ')}`);
  return dict as Record<UiKey, string>;
}

export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

function createTranslator(code: string): Translate {
  const instance = i18next.createInstance();
  // initAsync false: resources are in memory, so init completes synchronously.
  void instance.init({
    lng: code,
    fallbackLng: DEFAULT_LOCALE,
    ns: ['ui'],
    defaultNS: 'ui',
    resources: { [code]: { ui: loadDictionary(code) } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const t: TFunction = instance.getFixedT(code, 'ui');
  return (key, values) => t(key, values ?? {}) as string;
}

const translators = new Map(LOCALES.map((l) => [l.code, createTranslator(l.code)]));

export function useTranslations(code: string | undefined): Translate {
  const translator = translators.get(getLocale(code ?? DEFAULT_LOCALE).code);
  if (!translator) throw new Error(`No translator for locale "${code}".`);
  return translator;
}

/** Name of a language in another language ("Spanish", "español"). */
export function languageName(code: string, inLocale: string): string {
  const name = new Intl.DisplayNames([getLocale(inLocale).intl], { type: 'language' }).of(code) ?? code;
  return name;
}
