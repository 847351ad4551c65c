/** The published site (dist/, built from the bundled runs), in both languages. */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { builtPages, templatePages } from './pages.ts';

const LANGS = ['en', 'es'] as const;

/**
 * The only scripts a page may load: the search page's client (Pagefind's files load on first search, see
 * search.spec.ts) and the runs comparison picker's (its comparison code loads when a pair is picked, see runs.spec.ts).
 */
const SCRIPTS: Record<string, Array<string | RegExp>> = { search: ['/search.js'], runs: [/^\/_astro\/RunPicker\.[^/]+\.js$/] };
/** And on a page with a sortable table (cells, a chart's data), the script that sorts it (sort.site.spec.ts). */
const SORT_SCRIPT = /^\/_astro\/SortableTables\.[^/]+\.js$/;
const sortable = (path: string) => readFileSync(`dist${path}index.html`, 'utf8').includes('data-sortable');

/** Collects console errors, failed requests, script requests (beyond the page's own) and requests leaving the machine. */
function watch(page: Page, allowedScripts: Array<string | RegExp> = []) {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.hostname !== '127.0.0.1') problems.push(`request to another host: ${req.url()}`);
    if (req.resourceType() === 'script' && !allowedScripts.some((a) => (typeof a === 'string' ? a === url.pathname : a.test(url.pathname)))) problems.push(`script request: ${req.url()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

for (const lang of LANGS) {
  const pages = templatePages('dist', lang);

  test(`${lang}: the site has its pages`, () => {
    for (const path of ['', 'essays/', 'results/', 'claims/', 'about/']) expect(pages).toContain(`/${lang}/${path}`);
    expect(pages.filter((p) => p.includes('/essays/') && p !== `/${lang}/essays/`)).toHaveLength(6);
  });

  for (const path of pages) {
    const scripts = [...(SCRIPTS[path.split('/')[2] ?? ''] ?? []), ...(sortable(path) ? [SORT_SCRIPT] : [])];
    test(`${lang}: ${path} is well-formed, local and ${scripts.length ? `runs only ${scripts.map(String).join(', ')}` : 'script-free'}`, async ({ page }) => {
      const problems = watch(page, scripts);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // Rendered values (not prose, which may discuss "undefined behaviour" or NaN floats).
      const values = await page.locator('data, .metric, .claim, .then, td, figcaption').allInnerTexts();
      for (const v of values) expect(v).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]|Infinity/);
      // hreflang: this page's own language, x-default, and only pages that exist.
      const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) =>
        links.map((l) => ({ lang: l.getAttribute('hreflang')!, href: new URL(l.getAttribute('href')!).pathname })),
      );
      expect(alternates.map((a) => a.lang)).toContain(lang);
      expect(alternates.map((a) => a.lang)).toContain('x-default');
      for (const alt of alternates) {
        const res = await page.request.get(alt.href);
        expect(res.status(), `${alt.lang} → ${alt.href}`).toBe(200);
      }
      expect(problems).toEqual([]);
    });
  }
}

test('the language switcher lands on the same page and back', async ({ page }) => {
  for (const path of ['/en/results/', '/en/essays/why-learn-go/', '/en/claims/']) {
    await page.goto(path);
    await page.locator('.lang-switch a[data-switch="es"]').click();
    await expect(page).toHaveURL(path.replace('/en/', '/es/'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await page.locator('.lang-switch a[data-switch="en"]').click();
    await expect(page).toHaveURL(path);
  }
});

test('"/" leads to the reader\'s language', async ({ browser }) => {
  for (const [locale, lang] of [['es-ES', 'es'], ['en-GB', 'en'], ['de-DE', 'en']] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL(`**/${lang}/`);
    await context.close();
  }
});

test('the sitemap lists every page with its alternates', () => {
  const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
  for (const lang of LANGS) {
    for (const path of builtPages('dist', lang)) expect(xml).toContain(`${path}</loc>`);
  }
  // The same codes as the page heads (locale codes, not Intl tags).
  expect(xml).toContain('hreflang="es"');
  expect(xml).not.toMatch(/hreflang="[a-z]{2}-[A-Z]{2}"/);
});

test('keyboard users can skip to the content', async ({ page }) => {
  await page.goto('/es/');
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Saltar al contenido');
});
