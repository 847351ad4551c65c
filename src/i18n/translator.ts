/**
 * Dictionary checks and i18next translators, independent of how dictionaries
 * are loaded (Vite's glob in the site, fs in tools and tests).
 */
import i18next, { type TFunction } from 'i18next';
import { UI_KEY_LIST, type UiKey } from './keys.ts';
import { DEFAULT_LOCALE } from './locales.ts';

export class DictionaryError extends Error {}

export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

/** Checks one dictionary against UI_KEYS; returns the problems (empty when it is complete). */
export function checkDictionary(file: string, dict: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of UI_KEY_LIST) {
    const value = dict[key];
    if (value === undefined) problems.push(`${file}: missing key "${key}" — add it (src/i18n/keys.ts says what it is for).`);
    else if (typeof value !== 'string' || value.trim() === '') problems.push(`${file}: key "${key}" must be a non-empty string.`);
  }
  const known = new Set<string>(UI_KEY_LIST);
  for (const key of Object.keys(dict)) {
    if (!known.has(key)) problems.push(`${file}: unknown key "${key}" — remove it or declare it in src/i18n/keys.ts.`);
  }
  return problems;
}

/** Validates a dictionary and throws one error listing every problem. */
export function validDictionary(file: string, dict: Record<string, unknown> | undefined): Record<UiKey, string> {
  if (!dict) throw new DictionaryError(`${file} is missing: every locale in src/i18n/locales.json needs a dictionary.`);
  const problems = checkDictionary(file, dict);
  if (problems.length) throw new DictionaryError(`UI dictionary errors:\n  ${problems.join('\n  ')}`);
  return dict as Record<UiKey, string>;
}

/** One i18next instance per locale (never the global one), with a fixed namespace. */
export function createTranslator(code: string, dict: Record<UiKey, string>): Translate {
  const instance = i18next.createInstance();
  // Resources are in memory, so init completes synchronously with initAsync: false.
  void instance.init({
    lng: code,
    fallbackLng: DEFAULT_LOCALE,
    ns: ['ui'],
    defaultNS: 'ui',
    resources: { [code]: { ui: dict } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const t: TFunction = instance.getFixedT(code, 'ui');
  return (key, values) => t(key, values ?? {}) as string;
}
