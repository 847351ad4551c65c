/**
 * The runs pages and the site under a base path, in the browser, on
 * .test-dist/compare: built by tests/build/runs.test.ts (npm test runs it
 * before the browser tests) from the committed version-1 run, synthetic runs
 * on two machines (synthetic-b: half the speed of synthetic-a; synthetic-c:
 * twice as fast, without Java), a partial run, two web-stack runs and the
 * active run, whose A/A check fails; built under DIEZMIL_BASE=/diezmil/ and
 * served there (playwright.config.ts), so every path here is relative to it.
 * Skipped when that build is missing.
 */
import { test, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { axeViolations } from './axe.ts';

test.skip(!existsSync('.test-dist/compare/en/runs/index.html'), 'build it first: node --test tests/build/runs.test.ts');

const ratio = (page: Page, cell: string) => page.locator(`tr[data-cell="${cell}"] td[data-side="ratio"]`);

/** Console errors, CSP violations and failed requests of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

test('a reader follows a run to its comparison, reads which machine was faster, then turns it round with the picker', async ({ page }) => {
  const problems = watch(page);
  await page.goto('en/runs/');
  await page.locator('li[data-run="synthetic-c"] a[data-pair="synthetic-aa/synthetic-c"]').click();
  await expect(page).toHaveURL(/\/diezmil\/en\/runs\/compare\/synthetic-aa\/synthetic-c\/$/);
  await expect(page.locator('h1')).toContainText('synthetic-other, Jan 3, 2026');
  const heads = page.locator('table.compare[data-suite="cpu"] thead th');
  await expect(heads.nth(1)).toContainText('synthetic-fixture, Dec 15, 2026');
  await expect(heads.nth(1)).toContainText('Synthetic CPU (test fixture, not a measurement)');
  await expect(heads.nth(2)).toContainText('synthetic-other, Jan 3, 2026');
  await expect(heads.nth(3)).toContainText('above 1: faster on synthetic-other, Jan 3, 2026');
  // Twice as fast reads 2× for seconds (lower is better) and for req/s (higher is better).
  for (const cell of ['cpu/go/nbody', 'http/go/json']) {
    await expect(ratio(page, cell)).toContainText(/^\s*(1\.9\d|2\.0\d)×/);
    await expect(ratio(page, cell)).toContainText('faster on synthetic-other, Jan 3, 2026');
    await expect(ratio(page, cell)).toContainText(/95%: \d\.\d\d× – \d\.\d\d×/);
  }
  // Java was only measured on the first machine.
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="b"]')).toHaveText('not in this run');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="a"]')).toContainText(/req\/s\s*95%:/);
  await expect(page.locator('[data-count="one"]')).not.toHaveText('0');
  // The other way round has no page of its own: the picker compares it in the page, from the two run files.
  await page.locator('[data-swap]').click();
  await expect(page).toHaveURL(/\/diezmil\/en\/runs\/compare\/\?a=synthetic-c&b=synthetic-aa$/);
  await expect(page.locator('[data-picker-result] table.compare[data-suite="cpu"]')).toBeVisible({ timeout: 20_000 });
  await expect(ratio(page, 'cpu/go/nbody')).toContainText(/^\s*0\.(49|50|51)×/);
  await expect(ratio(page, 'cpu/go/nbody')).toContainText('slower on synthetic-fixture, Dec 15, 2026');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="a"]')).toHaveText('not in this run');
  expect(problems).toEqual([]);
});

test('the picker: a pair with a page opens it; any other pair is compared in the page; the list works without a script', async ({ page }) => {
  const problems = watch(page);
  await page.goto('en/runs/compare/');
  const form = page.locator('form[data-run-picker]');
  await expect(form).toBeVisible();
  await form.locator('select[name="a"]').selectOption('synthetic-b');
  await form.locator('select[name="b"]').selectOption('synthetic-c');
  await form.locator('button[type="submit"]').click();
  // synthetic-c is twice as fast as synthetic-a, which is twice as fast as synthetic-b.
  await expect(ratio(page, 'cpu/go/nbody')).toContainText(/^\s*(3\.[89]\d|4\.[01]\d)×/, { timeout: 20_000 });
  await expect(page.locator('[data-picker-status]')).toContainText('Shown below');
  await form.locator('select[name="a"]').selectOption('synthetic-a');
  await form.locator('select[name="b"]').selectOption('synthetic-b');
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/diezmil\/en\/runs\/compare\/synthetic-a\/synthetic-b\/$/);
  expect(problems).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the picker page lists every comparison page, and the form stays hidden', async ({ page }) => {
    await page.goto('es/runs/compare/');
    await expect(page.locator('form[data-run-picker]')).toBeHidden();
    const links = page.locator('ul.run-pairs a[data-pair]');
    expect(await links.count()).toBeGreaterThan(5);
    await links.first().click();
    await expect(page.locator('table.compare').first()).toBeVisible();
  });
});

test('in Spanish: headings, verdicts and the missing cell in the page language', async ({ page }) => {
  await page.goto('es/runs/compare/synthetic-aa/synthetic-c/');
  await expect(page.locator('h1')).toContainText('synthetic-other, 3 ene 2026');
  await expect(ratio(page, 'cpu/go/nbody')).toContainText(/^\s*(1,9\d|2,0\d)×/);
  await expect(ratio(page, 'cpu/go/nbody')).toContainText('más rápida en synthetic-other, 3 ene 2026');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="b"]')).toHaveText('no está en esta ejecución');
});

test('the version-1 run compares with a version-2 run', async ({ page }) => {
  await page.goto('en/runs/compare/synthetic-aa/2026-11-26T06-44-29Z-vm/');
  await expect(page.locator('th[data-run="2026-11-26T06-44-29Z-vm"]').first()).toContainText('vm, Nov 26, 2026');
  await expect(page.locator('tr[data-cell="http/go/json"] td[data-side="b"] data')).toHaveCount(1);
  await expect(ratio(page, 'http/go/json')).toContainText(/\d×/);
});

test('on a phone the comparison becomes one block per cell, each figure labelled with its run', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('en/runs/compare/synthetic-aa/synthetic-c/');
  const cell = page.locator('tr[data-cell="cpu/go/nbody"] td[data-side="b"]');
  const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
  expect(label).toContain('synthetic-other, Jan 3, 2026');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('under /diezmil/: styled, the favicon and the search load, results link under the base', async ({ page }) => {
  const problems = watch(page);
  await page.goto('es/search/');
  // The stylesheet applied: the header is a flex row, the skip link off screen.
  await expect(page.locator('.site-header')).toHaveCSS('display', 'flex');
  await expect(page.locator('.skip-link')).toHaveCSS('position', 'absolute');
  await page.locator('#search-q').fill('Rust');
  await expect(page.locator('[data-search-results] li a').first()).toHaveAttribute('href', /^\/diezmil\/es\//, { timeout: 20_000 });
  await page.goto('');
  await page.waitForURL(/\/diezmil\/(en|es)\/$/);
  expect(problems).toEqual([]);
});

test('each chart offers its data as CSV and JSON, exactly its rows, and a permalink', async ({ page, request }) => {
  await page.goto('en/results/');
  const figure = page.locator('figure[data-chart="http-rps"]');
  await expect(figure.locator('a[data-permalink]')).toHaveAttribute('href', '#chart-http-rps');
  const csv = await request.get(await figure.locator('a[data-chart-data="csv"]').getAttribute('href') as string);
  expect(csv.status()).toBe(200);
  const json = (await (await request.get(await figure.locator('a[data-chart-data="json"]').getAttribute('href') as string)).json()) as { rows: Array<{ value: number }> };
  const drawn = await figure.locator('.chart__data tbody tr:not(.chart__not-measured) data').evaluateAll((ds) => ds.map((d) => Number(d.getAttribute('value'))));
  expect(json.rows.map((r) => r.value)).toEqual(drawn);
  const lines = (await csv.text()).trim().split(/\r\n/);
  expect(lines[0]).toBe('category,implementation,implementation_id,value,low,high,unit,metric,client_bound,run');
  expect(lines.length - 1).toBe(drawn.length);
});

test.describe('accessibility', () => {
  test('the runs page, the picker and a comparison have no axe violations', async ({ page }) => {
    for (const path of ['en/runs/', 'es/runs/compare/', 'es/runs/compare/synthetic-aa/synthetic-c/']) {
      await page.goto(path);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });
});
