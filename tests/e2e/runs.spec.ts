/**
 * Comparing two runs in the browser, on .test-dist/compare: the site built
 * from the committed run, three synthetic runs (synthetic-b: the same machine
 * at half the speed; synthetic-c: another machine, twice as fast, without
 * Java) and a partial run, by tests/build/runs.test.ts (npm test runs it
 * before the browser tests). Skipped when that build is missing.
 */
import { test, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

test.skip(!existsSync('.test-dist/compare/en/runs/index.html'), 'build it first: node --test tests/build/runs.test.ts');

const ratio = (page: Page, cell: string) => page.locator(`tr[data-cell="${cell}"] td[data-side="ratio"]`);

test('a reader picks two runs and reads, under machine and date, which machine was faster', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  await page.goto('/en/runs/');
  await page.getByRole('link', { name: 'synthetic-other, Jan 3, 2026 against synthetic-fixture, Jan 1, 2026' }).click();
  await expect(page).toHaveURL(/\/en\/runs\/compare\/synthetic-a\/synthetic-c\/$/);
  await expect(page.locator('h1')).toHaveText('synthetic-other, Jan 3, 2026 against synthetic-fixture, Jan 1, 2026');
  const heads = page.locator('table.compare[data-suite="cpu"] thead th');
  await expect(heads.nth(1)).toContainText('synthetic-fixture, Jan 1, 2026');
  await expect(heads.nth(1)).toContainText('Synthetic CPU (test fixture, not a measurement)');
  await expect(heads.nth(2)).toContainText('synthetic-other, Jan 3, 2026');
  await expect(heads.nth(3)).toContainText('above 1: faster on synthetic-other, Jan 3, 2026');
  // Twice as fast reads 2× for seconds (lower is better) and for req/s (higher is better).
  for (const cell of ['cpu/go/nbody', 'http/go/json']) {
    await expect(ratio(page, cell)).toContainText(/^\s*(1\.9\d|2\.0\d)×/);
    await expect(ratio(page, cell)).toContainText('faster on synthetic-other, Jan 3, 2026');
    await expect(ratio(page, cell)).toContainText(/95%: \d\.\d\d× – \d\.\d\d×/);
  }
  // The union: Java was only measured in the first run.
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="b"]')).toHaveText('not in this run');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="a"]')).toContainText(/req\/s\s*95%:/);
  await expect(page.locator('[data-count="one"]')).not.toHaveText('0');
  // The other way round: half as fast.
  await page.locator('[data-swap]').click();
  await expect(page).toHaveURL(/\/en\/runs\/compare\/synthetic-c\/synthetic-a\/$/);
  await expect(ratio(page, 'cpu/go/nbody')).toContainText(/^\s*0\.(49|50|51)×/);
  await expect(ratio(page, 'cpu/go/nbody')).toContainText('slower on synthetic-fixture, Jan 1, 2026');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="a"]')).toHaveText('not in this run');
  expect(problems).toEqual([]);
});

test('in Spanish: headings, verdicts and the missing cell in the page language', async ({ page }) => {
  await page.goto('/es/runs/compare/synthetic-a/synthetic-c/');
  await expect(page.locator('h1')).toHaveText('synthetic-other, 3 ene 2026 frente a synthetic-fixture, 1 ene 2026');
  await expect(ratio(page, 'cpu/go/nbody')).toContainText(/^\s*(1,9\d|2,0\d)×/);
  await expect(ratio(page, 'cpu/go/nbody')).toContainText('más rápida en synthetic-other, 3 ene 2026');
  await expect(page.locator('tr[data-cell="http/java/json"] td[data-side="b"]')).toHaveText('no está en esta ejecución');
});

test('the version-1 run compares with a version-2 run', async ({ page }) => {
  await page.goto('/en/runs/compare/2026-11-26T06-44-29Z-vm/synthetic-a/');
  await expect(page.locator('th[data-run="2026-11-26T06-44-29Z-vm"]').first()).toContainText('vm, Nov 26, 2026');
  await expect(page.locator('tr[data-cell="http/go/json"] td[data-side="a"] data')).toHaveCount(1);
  await expect(ratio(page, 'http/go/json')).toContainText(/\d×/);
});

test('on a phone the comparison becomes one block per cell, each figure labelled with its run', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/en/runs/compare/synthetic-a/synthetic-c/');
  const cell = page.locator('tr[data-cell="cpu/go/nbody"] td[data-side="b"]');
  const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
  expect(label).toContain('synthetic-other, Jan 3, 2026');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test.describe('accessibility', () => {
  test.use({ bypassCSP: true });
  test('the runs page and a comparison have no axe violations', async ({ page }) => {
    const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    for (const path of ['/en/runs/', '/es/runs/compare/synthetic-a/synthetic-c/']) {
      await page.goto(path);
      await page.addScriptTag({ path: axe });
      const violations = (await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ['violations'] }))) as { violations: { id: string; help: string }[] };
      expect(violations.violations.map((v) => `${v.id}: ${v.help}`), path).toEqual([]);
    }
  });
});
