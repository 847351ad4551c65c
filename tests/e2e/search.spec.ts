/**
 * Search on the published site (dist/, project "site"): one Pagefind index per
 * language, so a language's results link only to its own pages; the client
 * runs under the pages' Content-Security-Policy with local requests only; and
 * without JavaScript the search page is a complete static index of the site.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axeViolations } from './axe.ts';
import { builtPages } from './pages.ts';

const LANGS = ['en', 'es'] as const;
/** A UI string of the language's dictionary. */
function dict(lang: string): (key: string) => string {
  const d = JSON.parse(readFileSync(`src/i18n/${lang}.json`, 'utf8')) as Record<string, string>;
  return (key) => {
    const value = d[key];
    if (value === undefined) throw new Error(`src/i18n/${lang}.json has no "${key}"`);
    return value;
  };
}

/** Console errors, CSP violations, failed requests and requests leaving the machine; and the Pagefind files loaded. */
function watch(page: Page) {
  const problems: string[] = [];
  const loaded: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.hostname !== '127.0.0.1') problems.push(`request to another host: ${req.url()}`);
    if (url.pathname.startsWith('/pagefind/')) loaded.push(url.pathname);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { problems, loaded };
}

async function search(page: Page, lang: string, query: string) {
  const t = dict(lang);
  await page.getByRole('searchbox', { name: t('search.label') }).fill(query);
  const status = page.getByRole('status');
  await expect(status).toContainText(query);
  return status;
}

const resultLinks = (page: Page) =>
  page.locator('.search-results__list a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

const cases = [
  { lang: 'en', query: 'PyPy' },
  { lang: 'es', query: 'PyPy' },
  // A word only the Spanish essays use.
  { lang: 'es', query: 'rendimiento' },
] as const;

for (const { lang, query } of cases) {
  test(`${lang}: searching "${query}" lists ${lang} pages only, under the CSP, from local files`, async ({ page }) => {
    const { problems, loaded } = watch(page);
    await page.goto(`/${lang}/search/`);
    // The script is running: the "needs JavaScript" note gives way.
    await expect(page.locator('[data-search-nojs]')).toBeHidden();
    const status = await search(page, lang, query);
    await expect(page.locator('.search-results')).toBeVisible();
    const links = await resultLinks(page);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href, `result link ${href}`).toMatch(new RegExp(`^/${lang}/`));
    // The live region announces the count (all results are listed when there are fewer than the client's limit of 20).
    const count = await page.locator('.search-results__list > li').count();
    if (count < 20) {
      const t = dict(lang);
      const template = count === 1 ? t('search.resultsOne') : t('search.resultsOther');
      await expect(status).toHaveText(template.replace('{{count}}', new Intl.NumberFormat(lang).format(count)).replace('{{query}}', query));
    }
    // Each result: a title, an excerpt with the match marked.
    const first = page.locator('.search-results__list > li').first();
    await expect(first.locator('.search-result__excerpt mark').first()).toBeVisible();
    // Only this language's index was fetched.
    const other = LANGS.filter((l) => l !== lang);
    expect(loaded.some((p) => p.includes(`.${lang}_`))).toBe(true);
    for (const l of other) expect(loaded.filter((p) => p.includes(`.${l}_`) || p.includes(`/${l}_`)), `${l} index files`).toEqual([]);
    // The first result opens its page, in the same language.
    await first.locator('a.search-result__title').click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('h1')).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test('a Spanish word searched in English finds no Spanish page', async ({ page }) => {
  // Pagefind may still offer loose matches from English pages (the "re" of "re-measured").
  await page.goto('/en/search/');
  await search(page, 'en', 'rendimiento');
  for (const href of await resultLinks(page)) expect(href).toMatch(/^\/en\//);
});

test('?q= searches on load, and submitting the form keeps the query in the address', async ({ page }) => {
  await page.goto('/es/search/?q=rendimiento');
  await expect(page.getByRole('searchbox')).toHaveValue('rendimiento');
  await expect(page.locator('.search-results__list > li').first()).toBeVisible();
  await page.getByRole('searchbox').fill('PyPy');
  await page.getByRole('searchbox').press('Enter');
  await expect(page).toHaveURL(/\/es\/search\/\?q=PyPy$/);
  await expect(page.getByRole('status')).toContainText('PyPy');
});

test('the header links to the search page in the page’s language', async ({ page }) => {
  for (const lang of LANGS) {
    await page.goto(`/${lang}/essays/`);
    await page.locator('.site-nav').getByRole('link', { name: dict(lang)('nav.search') }).click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/search/$`));
    await expect(page.locator('.site-nav a[aria-current="page"]')).toHaveText(dict(lang)('nav.search'));
  }
});

test('the index holds each language’s essays and prose pages, and never a fallback page', () => {
  const entry = JSON.parse(readFileSync('dist/pagefind/pagefind-entry.json', 'utf8')) as { languages: Record<string, { page_count: number }> };
  for (const lang of LANGS) {
    const indexed = builtPages('dist', lang).filter((p) => {
      const html = readFileSync(`dist${p}index.html`, 'utf8');
      const body = html.includes('data-pagefind-body');
      if (body) expect(html, `${p} is a fallback page`).not.toContain('data-fallback="true"');
      return body;
    });
    expect(indexed.filter((p) => /\/essays\/[^/]+\/$/.test(p))).toHaveLength(6);
    expect(entry.languages[lang]?.page_count).toBe(indexed.length);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const lang of LANGS) {
    test(`${lang}: the search page is a complete index of the site, and its links work`, async ({ page }) => {
      const t = dict(lang);
      const { problems } = watch(page);
      await page.goto(`/${lang}/search/`);
      await expect(page.locator('[data-search-nojs]')).toBeVisible();
      await expect(page.locator('[data-search-nojs]')).toHaveText(t('search.noScript'));
      const index = page.locator('[data-search-index]');
      await expect(index.getByRole('heading', { name: t('search.index') })).toBeVisible();
      // Every essay and page of the language is linked from the index.
      const linked = new Set(
        await index.locator('a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname)),
      );
      for (const p of builtPages('dist', lang)) if (!p.endsWith('/search/')) expect(linked, `${p} is listed`).toContain(p);
      // An essay and one of its sections.
      const essay = index.locator('ol.search-index__list > li').first();
      const title = (await essay.locator('a').first().textContent())!;
      await essay.locator('a').first().click();
      await expect(page.locator('h1')).toHaveText(title);
      await page.goBack();
      const section = index.locator('ol.search-index__list > li ul a').first();
      const sectionText = (await section.textContent())!;
      await section.click();
      const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
      await expect(page.locator(`[id="${id}"]`)).toHaveText(sectionText);
      // The plain form still submits (a GET to the same page, which still lists everything).
      await page.goto(`/${lang}/search/`);
      await page.getByRole('searchbox', { name: t('search.label') }).fill('PyPy');
      await page.getByRole('button', { name: t('search.submit') }).click();
      await expect(page).toHaveURL(new RegExp(`/${lang}/search/\\?q=PyPy$`));
      await expect(page.locator('[data-search-index]')).toBeVisible();
      expect(problems).toEqual([]);
    });
  }
});

test.describe('accessibility with results shown', () => {

  for (const lang of LANGS) {
    test(`${lang}: no axe violations with results, in light and dark`, async ({ page }) => {
      await page.goto(`/${lang}/search/?q=PyPy`);
      await expect(page.locator('.search-results__list > li').first()).toBeVisible();
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const violations = await axeViolations(page);
        expect(violations, `${lang} in ${colorScheme}`).toEqual([]);
      }
    });
  }
});
