/**
 * /<lang>/rss.xml: the essays readable in a language (its own versions and the
 * source version of those not translated yet), newest first by original date.
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { essaysIn, essaySlug } from '../../lib/essays.ts';
import { langPaths } from '../../lib/alternates.ts';
import { pageContext, localePath } from '../../lib/page.ts';

export const getStaticPaths = langPaths;

/** "2019", "2019-05" or "2019-05-14" → a date (first day of the period). */
function pubDate(original: string): Date {
  const [y, m = '01', d = '01'] = original.split('-');
  return new Date(`${y}-${m}-${d}T00:00:00Z`);
}

export async function GET(context: APIContext) {
  const { t, lang, locale } = pageContext(context.params.lang);
  const essays = await essaysIn(lang);
  return rss({
    title: t('site.title'),
    description: t('site.description'),
    // The channel links to this language's home page, under the site's base path; item links (absolute paths) resolve against it.
    site: new URL(localePath(lang), context.site ?? 'https://diezmil.example.org').href,
    customData: `<language>${locale.intl}</language>`,
    items: essays.map((e) => ({
      title: e.data.title,
      description: e.data.description,
      link: localePath(lang, `essays/${essaySlug(e)}/`),
      pubDate: pubDate(e.data.originalDate),
    })),
  });
}
