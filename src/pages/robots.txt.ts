/** /robots.txt: everything may be crawled; points at the sitemap under the configured site URL and base path. */
import type { APIContext } from 'astro';
import { sitePath } from '../lib/base-path.ts';

export function GET(context: APIContext) {
  const sitemap = new URL(sitePath('sitemap-index.xml'), context.site ?? 'https://diezmil.example.org').href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
