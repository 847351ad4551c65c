/**
 * Astro integration: after every build (`npm run build`, the fixture and
 * sandbox builds of the tests, `npm run bench:site`), Pagefind indexes the
 * built pages and writes its files to <outDir>/pagefind/, which the search
 * page's client (public/search.js) loads on demand.
 *
 * What is indexed is marked in the markup: only elements with
 * data-pagefind-body (essays in their own language, the about and methodology
 * prose); every other page (lists, tables of numbers, source listings, and the
 * fallback pages that show another language's essay) is left out. Pagefind
 * makes one index per language from each page's <html lang>.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Inside indexed content, what is noise in search results: numbers, not words. */
const EXCLUDE_SELECTORS = [
  '.chart', // the SVG, its caption and the data table
  '.claim', // verdict badges: "holds · 2019: … · now: …"
  '.then-now', // the 2019-versus-now table
  '.then-now__note',
  '.http-setup', // the load settings table
  '.missing-figures', // which figures this run lacks
  '.cited-missing', // a sentence left out for missing figures
  '.edition-note', // the same note on every essay
  '.essay__meta',
];

/** Pagefind's own search UIs, written by default; the site uses its small client instead. */
const UNUSED = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-highlight.js',
];

interface SearchIndexSummary {
  languages: Record<string, { page_count: number }>;
}

/**
 * Pages indexed per language, read from <outDir>/pagefind/pagefind-entry.json;
 * null when there is no index. Used by the build hook and by scripts/site/check-dist.ts.
 */
export function indexedPages(outDir: string): Record<string, number> | null {
  const file = join(outDir, 'pagefind', 'pagefind-entry.json');
  if (!existsSync(file) || !existsSync(join(outDir, 'pagefind', 'pagefind.js'))) return null;
  const entry = JSON.parse(readFileSync(file, 'utf8')) as SearchIndexSummary;
  return Object.fromEntries(Object.entries(entry.languages).map(([l, v]) => [l, v.page_count]));
}

export function searchIndex(options: { locales: string[] }): AstroIntegration {
  return {
    name: 'diezmil:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const fail = (what: string, errors: string[]) => {
          throw new Error(`Pagefind could not ${what} (${out}):\n  ${errors.join('\n  ')}`);
        };
        try {
          const created = await pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS });
          if (!created.index) return fail('start', created.errors);
          const added = await created.index.addDirectory({ path: out });
          if (added.errors.length) fail('index the pages', added.errors);
          const written = await created.index.writeFiles({ outputPath: join(out, 'pagefind') });
          if (written.errors.length) fail('write the index', written.errors);
        } finally {
          await pagefind.close();
        }
        for (const name of UNUSED) rmSync(join(out, 'pagefind', name), { force: true });
        const pages = indexedPages(out) ?? {};
        // Pagefind keys its indexes by <html lang> in lower case ("pt-br" for pt-BR).
        const indexed = new Set(Object.keys(pages).filter((l) => pages[l]).map((l) => l.toLowerCase()));
        const missing = options.locales.filter((l) => !indexed.has(l.toLowerCase()));
        if (missing.length)
          throw new Error(
            `Pagefind built no index for ${missing.join(', ')}: no page in that language has data-pagefind-body ` +
              `(check <html lang> and the essay and about pages).`,
          );
        logger.info(
          `search index: ${Object.entries(pages)
            .map(([l, n]) => `${l} ${n} pages`)
            .join(', ')}`,
        );
      },
    },
  };
}
