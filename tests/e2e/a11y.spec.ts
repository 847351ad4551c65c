/**
 * One visit per built page of dist/ per template (every essay included;
 * tests/e2e/pages.ts templatePages), in both languages, checks two things
 * under the page's own Content-Security-Policy:
 * - security: it loads nothing from another host, runs without a single CSP
 *   violation, and its external links open with rel="noopener" (the policy
 *   itself is checked in every built file by scripts/site/check-dist.ts);
 * - accessibility: axe-core finds no violation in either colour scheme
 *   (contrast is checked against the light and the dark palette). Any
 *   violation fails, with its rule, impact and the offending nodes.
 */
import { test, expect, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { templatePages } from './pages.ts';
import { serverUrl } from './ports.ts';

const LANGS = ['en', 'es'] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Opens `path` with every request leaving the machine aborted and every CSP report kept; returns the problems so far. */
async function visit(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  const local = `${serverUrl('site')}/`;
  await page.route((url) => !url.href.startsWith(local), async (route) => {
    problems.push(`non-local request: ${route.request().url()}`);
    await route.abort();
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  await page.goto(path, { waitUntil: 'load' });
  return problems;
}

async function expectSecure(page: Page, path: string, problems: string[]): Promise<void> {
  if (path !== '/') {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  }
  const unsafe = await page.locator('a[href^="http"]').evaluateAll((links) =>
    links
      .filter((a) => new URL((a as HTMLAnchorElement).href).host !== location.host)
      .filter((a) => !(a.getAttribute('rel') ?? '').split(/\s+/).includes('noopener'))
      .map((a) => (a as HTMLAnchorElement).href),
  );
  expect(unsafe, 'external links without rel="noopener"').toEqual([]);
  expect(problems).toEqual([]);
}

test('/: only local requests, no CSP violations', async ({ page }) => {
  const problems = await visit(page, '/');
  await expectSecure(page, '/', problems);
});

for (const lang of LANGS) {
  for (const path of templatePages('dist', lang)) {
    test(`${lang}: ${path}: only local requests, no CSP violations, no axe violations (light and dark)`, async ({ page }) => {
      const problems = await visit(page, path);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const violations = await axeViolations(page);
        expect(violations, `${path} in ${colorScheme}:\n${violations.join('\n')}`).toEqual([]);
      }
      // After axe: it ran under the page's policy, so anything it tripped is reported too.
      await expectSecure(page, path, problems);
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
