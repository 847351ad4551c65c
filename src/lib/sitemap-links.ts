/**
 * hreflang alternates for the sitemap, by the same rule as the page heads
 * (src/layouts/Base.astro): a page that exists in every language lists every
 * locale; an essay, or the then-and-now page, lists only the languages it is translated into (a fallback
 * page showing another language's text is never an alternate); x-default is
 * the default locale's version. Codes are the locale codes of
 * src/i18n/locales.json, as in the heads. Read from files (astro.config.mjs
 * runs before the content layer), so tests/build/translations.test.ts
 * compares the sitemap with the built heads.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { layout, readLocales, translationStatus, type Layout } from './translation-status.ts';
import { siteBase, withinBase } from './base-path.ts';

export interface SitemapLink {
  lang: string;
  url: string;
}

export function sitemapAlternates(l: Layout = layout(), base = siteBase()): (url: string) => SitemapLink[] | undefined {
  const { defaultLocale, locales } = readLocales(l);
  const status = translationStatus(l);
  const essayLangs = new Map(status.essays.map((e) => [e.slug, e.cells.filter((c) => c.state !== 'missing').map((c) => c.lang)]));
  // The then-and-now page's prose is optional in a language (TRANSLATING.md): where it is missing, that page is a fallback.
  const pagesDir = join(l.root, dirname(l.essaysDir), 'pages');
  const thenNowLangs = locales.filter((lang) => existsSync(join(pagesDir, lang, 'then-and-now.md')));
  return (url) => {
    const u = new URL(url);
    // Paths are under the site's base ("/" or a sub-path such as "/diezmil/").
    const inside = withinBase(u.pathname, base);
    if (inside === null) return undefined;
    // The base itself picks the reader's language (src/pages/index.astro): every locale, and itself as x-default.
    if (inside === '') return [...locales.map((lang) => ({ lang, url: new URL(`${base}${lang}/`, u).href })), { lang: 'x-default', url: u.href }];
    const m = /^([^/]+)\/(.*)$/.exec(inside);
    if (!m || !locales.includes(m[1]!)) return undefined;
    const rest = m[2]!;
    const essay = /^essays\/([^/]+)\/$/.exec(rest);
    const langs = essay ? (essayLangs.get(essay[1]!) ?? []) : rest === 'then-and-now/' ? thenNowLangs : locales;
    if (!langs.length) return undefined;
    const at = (lang: string) => new URL(`${base}${lang}/${rest}`, u).href;
    const xDefault = langs.includes(defaultLocale) ? defaultLocale : langs[0]!;
    return [...langs.map((lang) => ({ lang, url: at(lang) })), { lang: 'x-default', url: at(xDefault) }];
  };
}
