/** What every component needs to know about the page it renders in. */
import { useTranslations, useClaimTexts, type Translate, type ClaimTexts } from '../i18n/index.ts';
import { getLocale, DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import type { Unit } from './metric-ids.ts';
import { formatWithUnit, formatNumber, scaleDuration, unitKey } from './format.ts';
import { sitePath } from './base-path.ts';

export interface PageContext {
  lang: string;
  locale: Locale;
  t: Translate;
  /** Claim statements, methods and 2019 figures in words (src/i18n/<lang>/claims.json). */
  texts: ClaimTexts;
  /** Number and unit, formatted for this page's language. */
  fmt: (value: number, unit: Unit) => string;
  num: (value: number, unit: Unit) => string;
}

export function pageContext(currentLocale: string | undefined): PageContext {
  const locale = getLocale(currentLocale ?? DEFAULT_LOCALE);
  const t = useTranslations(locale.code);
  return {
    lang: locale.code,
    locale,
    t,
    texts: useClaimTexts(locale.code),
    fmt: (value, unit) => {
      const scaled = scaleDuration(value, unit);
      return formatWithUnit(scaled.value, scaled.unit, locale.intl, t(unitKey(scaled.unit)));
    },
    num: (value, unit) => formatNumber(value, unit, locale.intl),
  };
}

/** Path of a page in a language, under the site's base: localePath('es', 'essays/x/') → '/es/essays/x/' (or '/diezmil/es/essays/x/'). */
export function localePath(lang: string, path = ''): string {
  const clean = path.replace(/^\/+/, '');
  return sitePath(`${lang}/${clean}`);
}
