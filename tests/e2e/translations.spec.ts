/**
 * Translator workflow in the browser, on .test-dist/translations: the site
 * with a temporary third locale ("fr", one translated essay) and one stale
 * Spanish translation, built by tests/build/translations.test.ts (npm test
 * runs it before the browser tests). Skipped when that build is missing.
 */
import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { axeViolations } from './axe.ts';

test.skip(
  !existsSync('.test-dist/translations/en/index.html'),
  'build it first: node --test tests/build/translations.test.ts',
);

test('a missing translation shows the source essay under a notice in the reader’s language', async ({ page }) => {
  await page.goto('/fr/essays/ten-thousand-barrier/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const notice = page.locator('[data-translation="missing"]');
  await expect(notice).toContainText("Cet essai n'est pas encore traduit en français");
  await expect(notice).toContainText('version en espagnol');
  // The prose is the Spanish source, marked as Spanish.
  const article = page.locator('article.essay');
  await expect(article).toHaveAttribute('lang', 'es');
  await expect(article.locator('h1')).toHaveText('La barrera de los diez mil');
  // hreflang: only the languages where the essay exists, never the fallback itself.
  const hreflangs = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((ls) => ls.map((l) => l.getAttribute('hreflang')));
  expect(hreflangs.sort()).toEqual(['en', 'es', 'x-default']);
  // "Help translate" leads to the status page, which lists the essay as missing in French.
  await notice.getByRole('link', { name: 'Aidez à le traduire' }).click();
  await expect(page).toHaveURL(/\/fr\/translations\/#help$/);
  await expect(page.locator('tr[data-essay="ten-thousand-barrier"] td[data-lang="fr"]')).toHaveAttribute('data-state', 'missing');
  await expect(page.locator('tr[data-essay="ten-thousand-barrier"] td[data-lang="fr"]')).toHaveText('manquant');
});

test('the French translation is a real page with no notice, listed as an alternate', async ({ page }) => {
  await page.goto('/fr/essays/why-learn-go/');
  await expect(page.locator('h1')).toHaveText('Pourquoi apprendre Go pour votre prochain projet');
  await expect(page.locator('[data-translation]')).toHaveCount(0);
  await page.goto('/en/essays/why-learn-go/');
  await expect(page.locator('.lang-switch a[data-switch="fr"]')).toHaveAttribute('href', '/fr/essays/why-learn-go/');
});

test('an outdated translation says so in the page’s language and links to the source', async ({ page }) => {
  await page.goto('/es/essays/why-java-is-faster-than-python/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const notice = page.locator('[data-translation="outdated"]');
  await expect(notice).toContainText('Esta traducción puede estar desactualizada');
  await notice.getByRole('link', { name: 'Leer el original' }).click();
  await expect(page).toHaveURL(/\/en\/essays\/why-java-is-faster-than-python\/$/);
  await expect(page.locator('[data-translation]')).toHaveCount(0);
  await page.goto('/en/translations/');
  await expect(page.locator('tr[data-essay="why-java-is-faster-than-python"] td[data-lang="es"]')).toHaveText('outdated');
});

test('search: a fallback page stays out of its language’s index, a translation is in it', async ({ page }) => {
  // "barrera" is only in the Spanish essay that /fr/essays/ten-thousand-barrier/ shows as a fallback.
  await page.goto('/fr/search/?q=barrera');
  await expect(page.getByRole('status')).toContainText('barrera');
  const links = await page.locator('.search-results__list a').evaluateAll((ls) => ls.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(links.filter((l) => l.startsWith('/fr/essays/ten-thousand-barrier/'))).toEqual([]);
  for (const l of links) expect(l).toMatch(/^\/fr\//);
  // The fallback is still listed in the search page's static index.
  await expect(page.locator('[data-search-index] a[href="/fr/essays/ten-thousand-barrier/"]')).toHaveCount(1);
  // The French translation is found in French.
  await page.goto('/fr/search/?q=apprendre');
  await expect(page.locator('.search-results__list a[href="/fr/essays/why-learn-go/"]')).toHaveCount(1);
});

test('a language in progress: what is not translated yet is English, marked for screen readers', async ({ page }) => {
  await page.goto('/fr/results/');
  // The navigation is translated; the page title is not yet: it is English, in an element that says so.
  await expect(page.locator('.site-nav a[aria-current="page"]')).toHaveText('Résultats');
  const title = page.locator('h1 [lang="en"]');
  await expect(title).toHaveText('Results');
  expect(await title.evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  // The accessibility tree names the heading with the English text, and the document stays French.
  await expect(page.getByRole('heading', { level: 1, name: 'Results' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('essay lists and the ledger: untranslated essays in their own language, marked, never a slug', async ({ page }) => {
  for (const path of ['/fr/', '/fr/essays/']) {
    await page.goto(path);
    const item = page.locator('.essay-list li[data-essay="ten-thousand-barrier"]');
    await expect(item.locator('a')).toHaveAttribute('lang', 'es');
    await expect(item.locator('a')).toHaveText('La barrera de los diez mil');
    await expect(item.locator('.essay-lang')).toHaveText('(en espagnol)');
    await expect(page.locator('.essay-list li[data-essay="why-learn-go"] .essay-lang')).toHaveCount(0);
  }
  await page.goto('/fr/claims/');
  const links = page.locator('a.ledger__essay');
  expect(await links.count()).toBeGreaterThan(20);
  for (const text of await links.allInnerTexts()) expect(text).not.toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  // A claim text not translated yet is English, marked; a translated one is French.
  await expect(page.locator('tr#http-rust-2x-go th [lang="en"]').first()).toBeVisible();
  await expect(page.locator('tr#cpu-python-50x-c th')).toContainText('Python est environ cinquante fois plus lent');
});

test('the status page counts untranslated keys as untranslated', async ({ page }) => {
  await page.goto('/fr/translations/');
  const row = page.locator('tr[data-lang="fr"]');
  const present = Number(await row.getAttribute('data-present'));
  const total = Number(await row.getAttribute('data-total'));
  expect(present).toBeLessThan(total);
  await expect(row.locator('td[data-coverage="ui"]')).toContainText(`${present} sur ${total} clés`);
  await expect(row.locator('td[data-coverage="ui"]')).not.toContainText('100');
});

test.describe('axe on pages of a language in progress', () => {
  for (const path of ['/fr/', '/fr/results/', '/fr/claims/', '/fr/translations/', '/fr/essays/ten-thousand-barrier/']) {
    test(`${path}: mixed-language text passes axe`, async ({ page }) => {
      await page.goto(path);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
