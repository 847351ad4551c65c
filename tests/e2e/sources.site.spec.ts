/**
 * Source pages of ahead-of-time compiled kernels show their compiler and flags
 * (issue #12 point 1), read from the manifest that builds them.
 */
import { test, expect } from '@playwright/test';

for (const lang of ['en', 'es'] as const) {
  for (const impl of ['c', 'cpp']) {
    test(`${lang}: the ${impl} kernels' source page names the compiler and its flags`, async ({ page }) => {
      await page.goto(`/${lang}/sources/cpu-${impl}/`);
      const box = page.locator('[data-compiler]');
      await expect(box.locator('dt').first()).toHaveText(lang === 'en' ? 'Compiler' : 'Compilador');
      await expect(box.locator('dd code').first()).toHaveText(impl === 'c' ? 'gcc' : 'g++');
      await expect(box.locator('[data-flags]')).toContainText('-O3');
      await expect(box.locator('[data-flags]')).toContainText('-march=x86-64-v3');
    });
  }
  test(`${lang}: an interpreted implementation's page has no compiler box`, async ({ page }) => {
    await page.goto(`/${lang}/sources/cpu-cpython/`);
    await expect(page.locator('[data-compiler]')).toHaveCount(0);
  });
}
