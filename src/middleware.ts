/**
 * Text shown in another language than the page's (a UI key or claim text not
 * translated yet) leaves the translators wrapped in invisible marks; here,
 * once per page, they become <span lang="…"> in the page's text and are
 * dropped where markup cannot go (attributes, <title>, scripts, SVG) and in
 * non-HTML responses (feeds). See src/i18n/fallback-mark.ts.
 */
import { defineMiddleware } from 'astro:middleware';
import { hasMarks, renderMarks, stripMarks } from './i18n/fallback-mark.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  const type = response.headers.get('content-type') ?? '';
  if (!/^(text\/|application\/(xml|rss\+xml|json))/.test(type)) return response;
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const init = { status: response.status, statusText: response.statusText, headers };
  if (!hasMarks(body)) return new Response(body, init);
  return new Response(type.startsWith('text/html') ? renderMarks(body) : stripMarks(body), init);
});
