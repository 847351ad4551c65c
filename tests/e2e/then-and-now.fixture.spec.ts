/**
 * "2019 against now" on the fixture build (.test-dist/fixture): the vintage
 * run beside synthetic-a is tests/fixtures/runs/synthetic-vintage.json, a
 * partial set as a rebuilder may have (no CPython 3.13). Every claim split
 * shows its three figures, the runtimes the run lacks read "not measured on
 * this machine", and nothing reads undefined or NaN.
 */
import { test, expect } from '@playwright/test';

const TEXT = {
  en: { title: '2019 against now: the machine or the runtime?', missing: 'not measured on this machine', cpu: 'CPU kernels' },
  es: { title: '2019 frente a hoy: ¿la máquina o el lenguaje?', missing: 'sin medir en esta máquina', cpu: 'Pruebas de cálculo' },
} as const;

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: the page splits each claim, names the runtimes and says what this machine lacks`, async ({ page }) => {
    await page.goto(`/${lang}/then-and-now/`);
    await expect(page.locator('h1')).toHaveText(TEXT[lang].title);
    await expect(page.locator('[data-vintage-run]')).toHaveAttribute('data-vintage-run', 'synthetic-vintage');
    const text = await page.locator('article').innerText();
    expect(text).not.toMatch(/\bundefined\b|\bNaN\b|Infinity|\[object Object\]/);

    // The runtimes the run measured, with version and build, and the ones it lacks.
    const py37 = page.locator('table.vintages-runtimes tr[data-runtime="cpython@3.7"]');
    await expect(py37).toContainText('3.7.16');
    await expect(py37).toContainText('-O3');
    // The suites it was measured in, by name in the page language; the build's record (English, as recorded) is marked so.
    const suites = py37.locator('td[data-suites]');
    await expect(suites).toContainText(TEXT[lang].cpu);
    expect(await suites.innerText()).not.toMatch(/\b(cpu|ops|threads)\b/);
    await expect(py37.locator('small[lang="en"]')).toHaveCount(1);
    await expect(page.locator('table.vintages-runtimes tr[data-runtime="cpython@3.14t"]')).toContainText('--disable-gil');
    const missing = page.locator('table.vintages-runtimes tr[data-runtime="cpython@3.13t"]');
    await expect(missing).toHaveAttribute('data-measured', 'no');
    await expect(missing).toContainText(TEXT[lang].missing);

    // Every claim split: a chart (wide and narrow) and three rows, both measured ones with a value and a verdict.
    const splits = page.locator('figure[data-split]');
    expect(await splits.count()).toBeGreaterThanOrEqual(5);
    const python = page.locator('figure[data-split="cpu-python-50x-c"]');
    await expect(python.locator('svg[role="img"]')).toHaveCount(2);
    await expect(python.locator('tbody tr')).toHaveCount(3);
    for (const stage of ['then', 'now']) {
      const row = python.locator(`tr[data-stage="${stage}"]`);
      await expect(row).toHaveAttribute('data-measured', 'yes');
      expect(['holds', 'partly', 'no_longer_holds', 'inconclusive']).toContain(await row.getAttribute('data-verdict'));
    }
    await expect(python.locator('tr[data-stage="then"]')).toContainText('3.7.16');

    // Runtime against runtime, and the free-threaded build.
    const runtimeClaims = page.locator('table.vintages-claims tbody tr');
    await expect(runtimeClaims).toHaveCount(6);
    for (const verdict of await runtimeClaims.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')))) expect(verdict).not.toBe('not_measured');
    await expect(page.locator('table.vintages-threads tr[data-free-threaded="yes"]')).toHaveCount(1);

    // ids are unique across the charts of the page.
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test(`${lang}: the essays carry the split of their claims, and the navigation links the page`, async ({ page }) => {
    await page.goto(`/${lang}/essays/why-java-is-faster-than-python/`);
    await expect(page.locator('figure[data-split="cpu-node-near-java"] svg[role="img"]')).toHaveCount(2);
    await expect(page.locator('.claim[data-claim="runtime-java-25-vs-17"]')).toBeVisible();
    await expect(page.locator(`nav a[href="/${lang}/then-and-now/"]`)).toHaveCount(1);
  });
}
