/**
 * Accessibility: axe-core on one built page of dist/ per template (every
 * essay included; tests/e2e/pages.ts templatePages), in both languages and
 * in both colour schemes (contrast is checked against the light and the dark
 * palette). Any violation fails, with its rule, impact and the offending nodes.
 */
import { test, expect } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { templatePages } from './pages.ts';

const LANGS = ['en', 'es'] as const;
const SCHEMES = ['light', 'dark'] as const;

// axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
test.use({ bypassCSP: true });

for (const lang of LANGS) {
  for (const path of templatePages('dist', lang)) {
    test(`${lang}: ${path} has no axe violations (light and dark)`, async ({ page }) => {
      await page.goto(path);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const violations = await axeViolations(page);
        expect(violations, `${path} in ${colorScheme}:\n${violations.join('\n')}`).toEqual([]);
      }
    });
  }
}

test('the skip link is the first focusable element and moves focus to <main>', async ({ page }) => {
  await page.goto('/en/');
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});
