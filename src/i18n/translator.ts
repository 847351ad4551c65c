/**
 * Dictionary checks and i18next translators, independent of how dictionaries
 * are loaded (Vite's glob in the site, fs in tools and tests).
 *
 * A message is one entry of UI_KEYS (one dictionary key) or of
 * UI_PLURAL_KEYS (one key per plural form of the language: "key_one",
 * "key_other", plus "key_many", "key_few"… where Intl.PluralRules has them).
 * A language in progress may leave messages out: they come from the default
 * language, marked with its language (fallback-mark.ts), and count as not
 * translated. A finished language must have them all.
 */
import i18next, { type TFunction } from 'i18next';
import { UI_KEY_LIST, UI_PLURAL_KEYS, type UiKey } from './keys.ts';
import { markLang } from './fallback-mark.ts';

export class DictionaryError extends Error {}

/**
 * A value is a string, a number, or a function of the language the message
 * ends up in — for words that depend on it, like a language's name: a message
 * shown in the default language because the page's language lacks it must
 * say "English", not "anglais".
 */
export type Value = string | number | ((lang: string) => string);
export type Translate = (key: UiKey, values?: Record<string, Value>) => string;

const PLURAL = new Set<string>(Object.keys(UI_PLURAL_KEYS));

/** The plural forms a language distinguishes (what i18next asks Intl.PluralRules for). */
export function pluralCategories(lang: string): string[] {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
}

/** Dictionary keys of one message in a language: the key itself, or one key per plural form. */
export function dictionaryKeys(key: UiKey, lang: string): string[] {
  return PLURAL.has(key) ? pluralCategories(lang).map((c) => `${key}_${c}`) : [key];
}

const lang0 = (file: string) => /([^/\\]+)\.json$/.exec(file)?.[1] ?? 'en';

export interface DictionaryReport {
  /** Messages not translated (a key or a plural form absent or empty). */
  missing: UiKey[];
  /** Problems that are errors in every language (unknown keys, values that are not strings). */
  invalid: string[];
  /** One line per absent dictionary key, for a finished language (errors). */
  missingProblems: string[];
}

/** Compares a dictionary with UI_KEYS / UI_PLURAL_KEYS. `lang` decides the plural forms (default: the file name). */
export function inspectDictionary(file: string, dict: Record<string, unknown>, lang = lang0(file)): DictionaryReport {
  const missing: UiKey[] = [];
  const invalid: string[] = [];
  const missingProblems: string[] = [];
  const expected = new Set<string>();
  for (const key of UI_KEY_LIST) {
    let complete = true;
    for (const k of dictionaryKeys(key, lang)) {
      expected.add(k);
      const value = dict[k];
      if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
        complete = false;
        const forms = PLURAL.has(key) ? `; ${lang} has the plural forms ${pluralCategories(lang).join(', ')}` : '';
        missingProblems.push(
          value === undefined
            ? `${file}: missing key "${k}" — add it (src/i18n/keys.ts says what it is for${forms}).`
            : `${file}: key "${k}" is empty — translate it or remove it.`,
        );
      } else if (typeof value !== 'string') {
        complete = false;
        invalid.push(`${file}: key "${k}" must be a string.`);
      }
    }
    if (!complete) missing.push(key);
  }
  for (const k of Object.keys(dict)) {
    if (expected.has(k)) continue;
    const base = /^(.*)_(zero|one|two|few|many|other)$/.exec(k)?.[1];
    invalid.push(
      base && PLURAL.has(base)
        ? `${file}: unknown key "${k}" — ${lang} has the plural forms ${pluralCategories(lang).join(', ')} only; remove it.`
        : `${file}: unknown key "${k}" — remove it or declare it in src/i18n/keys.ts.`,
    );
  }
  return { missing, invalid, missingProblems };
}

/** The placeholders of a text: `{{count}}`, `{{ impl }}`, `{{value, number}}` → count, impl, value. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}\s,]+)\s*(?:,[^{}]*)?\}\}/g)].map((m) => m[1]!);
}

/**
 * Placeholders a translation must keep: each message's text in every plural
 * form has the placeholders of the source language's message (its forms
 * together), no fewer and no others. A typo (`{{cout}}`) would otherwise be
 * printed as it is, and a dropped `{{count}}` would hide the number.
 */
export function placeholderProblems(file: string, dict: Record<string, unknown>, source: Record<string, unknown>, lang = lang0(file), sourceFile = 'the source dictionary'): string[] {
  const problems: string[] = [];
  const fmt = (names: Iterable<string>) => [...names].map((n) => `{{${n}}}`).join(', ');
  for (const key of UI_KEY_LIST) {
    const sourceTexts = (PLURAL.has(key) ? Object.keys(source).filter((k) => k.startsWith(`${key}_`) && /_(zero|one|two|few|many|other)$/.test(k)) : [key])
      .map((k) => source[k])
      .filter((v): v is string => typeof v === 'string');
    if (sourceTexts.length === 0) continue;
    const expected = new Set(sourceTexts.flatMap(placeholdersOf));
    for (const k of dictionaryKeys(key, lang)) {
      const value = dict[k];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const found = new Set(placeholdersOf(value));
      const unknown = [...found].filter((n) => !expected.has(n));
      const missing = [...expected].filter((n) => !found.has(n));
      if (unknown.length === 0 && missing.length === 0) continue;
      const parts = [
        ...(unknown.length ? [`${fmt(unknown)} ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'} of this message`] : []),
        ...(missing.length ? [`${fmt(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`] : []),
      ];
      problems.push(`${file}: key "${k}": ${parts.join('; ')} — the message has ${expected.size ? fmt(expected) : 'no placeholders'} in ${sourceFile}; keep them exactly as they are (src/i18n/keys.ts says what each is).`);
    }
  }
  return problems;
}

/** Every problem of a dictionary, a missing message included (what a finished language must not have). */
export function checkDictionary(file: string, dict: Record<string, unknown>, lang = lang0(file)): string[] {
  const r = inspectDictionary(file, dict, lang);
  return [...r.missingProblems, ...r.invalid];
}

/**
 * Validates a dictionary and throws one error listing every problem. With
 * `partial` (a language in progress) missing messages are allowed.
 */
export function validDictionary(
  file: string,
  dict: Record<string, unknown> | undefined,
  opts: { lang?: string; partial?: boolean; source?: { file: string; dict: Record<string, unknown> } } = {},
): Record<string, string> {
  if (!dict) throw new DictionaryError(`${file} is missing: every locale in src/i18n/locales.json needs a dictionary.`);
  const lang = opts.lang ?? lang0(file);
  const r = inspectDictionary(file, dict, lang);
  const placeholders = opts.source && opts.source.dict !== dict ? placeholderProblems(file, dict, opts.source.dict, lang, opts.source.file) : [];
  const problems = [...(opts.partial ? r.invalid : [...r.missingProblems, ...r.invalid]), ...placeholders];
  if (problems.length) throw new DictionaryError(`UI dictionary errors:\n  ${problems.join('\n  ')}`);
  return dict as Record<string, string>;
}

function instance(code: string, dict: Record<string, string>, intl: string): (key: string, values: Record<string, Value>) => string {
  const nf = new Intl.NumberFormat(intl);
  const i = i18next.createInstance();
  // Resources are in memory, so init completes synchronously with initAsync: false.
  void i.init({
    lng: code,
    fallbackLng: false,
    ns: ['ui'],
    defaultNS: 'ui',
    resources: { [code]: { ui: dict } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const t: TFunction = i.getFixedT(code, 'ui');
  // `count` picks the plural form as a number; the text shows it formatted for the language
  // ("1,000" / "1.000"). i18next interpolates from `replace` when it is given.
  return (key, given) => {
    const values = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === 'function' ? v(code) : v]));
    return typeof values.count === 'number'
      ? (t(key, { count: values.count, replace: { ...values, count: nf.format(values.count) } }) as string)
      : (t(key, values) as string);
  };
}

/**
 * One translator per locale (never the global i18next instance). With a
 * fallback, messages the dictionary lacks come from the fallback language,
 * marked with that language so the page can say so (<span lang>).
 */
export function createTranslator(
  code: string,
  dict: Record<string, string>,
  opts: { intl?: string; fallback?: { code: string; dict: Record<string, string>; intl?: string } } = {},
): Translate {
  const own = instance(code, dict, opts.intl ?? code);
  const missing = new Set(inspectDictionary(`${code}.json`, dict, code).missing);
  const fb = opts.fallback;
  if (!fb || fb.code === code || missing.size === 0) return (key, values) => own(key, values ?? {});
  const other = instance(fb.code, fb.dict, fb.intl ?? fb.code);
  return (key, values) => (missing.has(key) ? markLang(fb.code, other(key, values ?? {})) : own(key, values ?? {}));
}
