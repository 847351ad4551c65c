/** hreflang alternates for pages that exist in every language. */
import { LOCALE_CODES } from '../i18n/locales.ts';
import { localePath } from './page.ts';

export function allLanguages(path: string) {
  return LOCALE_CODES.map((lang) => ({ lang, href: localePath(lang, path) }));
}

export function someLanguages(langs: string[], path: string) {
  return langs.map((lang) => ({ lang, href: localePath(lang, path) }));
}

export function langPaths() {
  return LOCALE_CODES.map((lang) => ({ params: { lang } }));
}
