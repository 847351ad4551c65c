/**
 * The site's translation system: dictionaries and claim texts loaded by Vite,
 * checked when this module loads (an extra key, or a missing one in a finished
 * language, fails the build and names file and key), one translator per
 * locale created once. Texts a language in progress lacks come from the
 * default language, marked with its language (src/middleware.ts turns the
 * marks into <span lang>).
 */
import { createTranslator, validDictionary, type Translate } from './translator.ts';
import { LOCALES, DEFAULT_LOCALE, getLocale } from './locales.ts';
import { checkClaimTexts, claimTextsFile, createClaimTexts, extraTextMessage, missingTextMessage, requiredTextPaths, ClaimTextsError, type ClaimTexts } from './claim-texts.ts';
import { loadClaims } from '../lib/claims.ts';
import { loadOriginals } from '../lib/originals.ts';

export type { Translate } from './translator.ts';
export type { ClaimTexts } from './claim-texts.ts';

const dictionaries = import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' });

// A language in progress may miss keys: they come from the default language, marked as such.
// Every message keeps the default language's placeholders (a typo such as {{cout}} fails the build).
const source = { file: `src/i18n/${DEFAULT_LOCALE}.json`, dict: dictionaries[`./${DEFAULT_LOCALE}.json`] ?? {} };
const dicts = new Map(
  LOCALES.map((l) => [
    l.code,
    validDictionary(`src/i18n/${l.code}.json`, dictionaries[`./${l.code}.json`], { lang: l.code, partial: l.inProgress && l.code !== DEFAULT_LOCALE, source }),
  ]),
);
const base = { code: DEFAULT_LOCALE, dict: dicts.get(DEFAULT_LOCALE)!, intl: getLocale(DEFAULT_LOCALE).intl };
const translators = new Map(LOCALES.map((l) => [l.code, createTranslator(l.code, dicts.get(l.code)!, { intl: l.intl, fallback: base })]));

const claimTextFiles = import.meta.glob<unknown>('./*/claims.json', { eager: true, import: 'default' });

/** Claim texts per locale: a finished language must have them all, one in progress falls back to the default language. */
const claimTexts = (() => {
  const required = requiredTextPaths(loadClaims(), Object.keys(loadOriginals().texts));
  const problems: string[] = [];
  const checks = new Map(
    LOCALES.map((l) => {
      const file = claimTextsFile(l.code);
      const c = checkClaimTexts(file, claimTextFiles[`./${l.code}/claims.json`], required);
      problems.push(...c.invalid, ...c.extra.map((p) => extraTextMessage(file, p)));
      if (!l.inProgress || l.code === DEFAULT_LOCALE)
        problems.push(...c.missing.map((p) => missingTextMessage(file, p, claimTextsFile(DEFAULT_LOCALE))));
      return [l.code, c];
    }),
  );
  if (problems.length) throw new ClaimTextsError(`Claim text errors (npm run i18n:check lists them too):\n  ${problems.join('\n  ')}`);
  const fallback = { lang: DEFAULT_LOCALE, flat: checks.get(DEFAULT_LOCALE)!.flat };
  return new Map(LOCALES.map((l) => [l.code, createClaimTexts(l.code, checks.get(l.code)!.flat, fallback)]));
})();

/** Statements, methods and 2019 figures in words, in a page's language. */
export function useClaimTexts(code: string | undefined): ClaimTexts {
  return claimTexts.get(getLocale(code ?? DEFAULT_LOCALE).code)!;
}

export function useTranslations(code: string | undefined): Translate {
  return translators.get(getLocale(code ?? DEFAULT_LOCALE).code)!;
}

/** Name of a language in the page's language ("Spanish", "español"). */
export function languageName(code: string, inLocale: string): string {
  return new Intl.DisplayNames([getLocale(inLocale).intl], { type: 'language' }).of(code) ?? code;
}

/** A language's name as a message value: named in the language the message is shown in (see Translate). */
export function nameOf(code: string): (inLocale: string) => string {
  return (inLocale) => languageName(code, inLocale);
}
