// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import localesConfig from './src/i18n/locales.json' with { type: 'json' };
import { remarkEssayIds } from './src/integrations/remark-essay-ids.ts';
import { remarkApostrophes } from './src/integrations/remark-apostrophes.ts';
import { remarkCitedSentences } from './src/integrations/remark-cited-sentences.ts';
import { remarkCodeLanguages } from './src/integrations/remark-code-languages.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { runFiles } from './src/integrations/run-files.ts';
import { sitemapAlternates } from './src/lib/sitemap-links.ts';
import { normalizeBase } from './src/lib/base-path.ts';

const site = process.env.DIEZMIL_SITE_URL ?? 'https://diezmil.example.org';
// Where the site lives on its host: "/" or a sub-path (DIEZMIL_BASE=/diezmil/ for a GitHub Pages project site).
const base = normalizeBase(process.env.DIEZMIL_BASE);
const codes = localesConfig.locales.map((l) => l.code);

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Prism marks code tokens with classes (styled in global.css); Shiki's inline
  // style attributes would need 'unsafe-inline' in the Content-Security-Policy.
  markdown: { syntaxHighlight: 'prism' },
  i18n: {
    locales: codes,
    defaultLocale: localesConfig.defaultLocale,
    // Every page lives under its language prefix; "/" picks the reader's language.
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  vite: {
    build: {
      // Scripts are always files, never inlined into a page: the Content-Security-Policy allows no inline script.
      assetsInlineLimit: 0,
      rolldownOptions: {
        // MDX pages carry Astro's own "use astro:head-inject" directive, which
        // Astro reads before bundling; Rolldown warns that it may drop it from
        // the bundle (once per essay, with a code frame). Harmless by design,
        // so only that exact warning is dropped; every other one still shows.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    // Before the build empties dist/: every bad run file reported at once, and the build stops.
    runFiles(),
    // MDX with Astro 7 runs remark plugins only through the unified processor.
    // (remarkApostrophes runs after smart punctuation and turns the "C++‘s" it makes into "C++’s".)
    mdx({ processor: unified({ remarkPlugins: [/** @type {any} */ (remarkEssayIds), /** @type {any} */ (remarkCitedSentences), remarkCodeLanguages, /** @type {any} */ (remarkApostrophes)] }) }),
    // Alternates as in the page heads: locale codes, and no fallback page (an essay shown untranslated) as an alternate.
    sitemap({
      serialize: (() => {
        const alternates = sitemapAlternates();
        return (item) => {
          const links = alternates(item.url);
          return links ? { ...item, links } : item;
        };
      })(),
    }),
    // After the build: one Pagefind index per language in dist/pagefind/ (the search page loads it).
    searchIndex({ locales: codes }),
  ],
});
