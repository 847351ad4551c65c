/**
 * Crawls a served site from its start URL, as a reader's browser would find
 * it: every page reached by links under the start path, and every file a
 * page loads (stylesheets, scripts, the favicon, the search index's
 * pagefind.js named by the search form, run files, chart data). A link or
 * file that does not answer 200 is broken; so is a page or file written from
 * the host's root when the site lives under a base path (it leaves the start
 * path and, served as on GitHub Pages, finds nothing).
 *   node scripts/site/crawl.ts http://127.0.0.1:4321/diezmil/
 * Used by tests/build/runs.test.ts on the site built under /diezmil/.
 */

export interface CrawlReport {
  /** HTML pages read. */
  pages: number;
  /** Every URL fetched with 200. */
  loaded: string[];
  /** "<url> (HTTP 404), linked from <page>". */
  broken: string[];
}

/** href, src and the search form's data-pagefind, of the elements that link or load. */
function references(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.matchAll(/<(a|link|script|img|source|form)\b([^>]*)>/gi)) {
    for (const attr of tag[2]!.matchAll(/\s(href|src|data-pagefind|action)="([^"]*)"/gi)) out.push(attr[2]!.replace(/&amp;/g, '&'));
  }
  return out;
}

const isPage = (url: URL) => url.pathname.endsWith('/') || url.pathname.endsWith('.html');

export async function crawl(start: string, concurrency = 8): Promise<CrawlReport> {
  const root = new URL(start);
  const seen = new Map<string, string>(); // url → first page that linked it
  const queue: string[] = [root.href];
  seen.set(root.href, '(start)');
  const loaded: string[] = [];
  const broken: string[] = [];
  let pages = 0;
  const visit = async (href: string) => {
    const url = new URL(href);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (error) {
      broken.push(`${href} (${(error as Error).message}), linked from ${seen.get(href)}`);
      return;
    }
    if (res.status !== 200) {
      broken.push(`${href} (HTTP ${res.status}), linked from ${seen.get(href)}`);
      await res.arrayBuffer();
      return;
    }
    loaded.push(href);
    const type = res.headers.get('content-type') ?? '';
    if (!(type.startsWith('text/html') && isPage(url))) {
      await res.arrayBuffer();
      return;
    }
    pages++;
    for (const ref of references(await res.text())) {
      if (/^(mailto|tel|data|javascript):/i.test(ref) || ref.startsWith('#')) continue;
      const target = new URL(ref, url);
      target.hash = '';
      if (target.origin !== root.origin) continue;
      // Query strings select what a script shows (the picker's ?a=&b=): the file is the same.
      target.search = '';
      if (!target.pathname.startsWith(root.pathname)) {
        broken.push(`${target.href} (outside ${root.pathname}), linked from ${href}`);
        continue;
      }
      if (!seen.has(target.href)) {
        seen.set(target.href, href);
        queue.push(target.href);
      }
    }
  };
  while (queue.length > 0) await Promise.all(queue.splice(0, concurrency).map(visit));
  return { pages, loaded, broken: [...new Set(broken)].sort() };
}

/** Waits until a URL answers (a server just started). */
export async function waitFor(url: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

if (import.meta.main) {
  const start = process.argv[2];
  if (!start) {
    console.error('usage: node scripts/site/crawl.ts <start URL, e.g. http://127.0.0.1:4321/diezmil/>');
    process.exit(2);
  }
  const report = await crawl(start);
  for (const b of report.broken) console.error(`✖ ${b}`);
  console.log(`crawl: ${report.pages} pages, ${report.loaded.length} URLs loaded, ${report.broken.length} broken`);
  process.exit(report.broken.length ? 1 : 0);
}
