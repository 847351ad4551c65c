/**
 * Accessibility: axe-core on one built page of dist/ per template (every
 * essay included; tests/e2e/pages.ts templatePages), in both languages and
 * in both colour schemes (contrast is checked against the light and the dark
 * palette). Any violation fails, with its rule, impact and the offending nodes.
 */
import { test, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { templatePages } from './pages.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LANGS = ['en', 'es'] as const;
const SCHEMES = ['light', 'dark'] as const;

// axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
test.use({ bypassCSP: true });

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate(() =>
    (window as any).axe.run(document, { resultTypes: ['violations'] }),
  )) as AxeResult;
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n'),
  );
}

for (const lang of LANGS) {
  for (const path of templatePages('dist', lang)) {
    test(`${lang}: ${path} has no axe violations (light and dark)`, async ({ page }) => {
      await page.goto(path);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const violations = await axe(page);
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
