/**
 * Security: one page of dist/ per template (and "/") loads nothing from
 * another host, runs under its Content-Security-Policy without a single
 * violation, and its external links open with rel="noopener". (The policy
 * itself is checked in every built file by scripts/site/check-dist.ts.)
 */
import { test, expect } from '@playwright/test';
import { templatePages } from './pages.ts';
import { serverUrl } from './ports.ts';

const pages = ['/', ...templatePages('dist', 'en'), ...templatePages('dist', 'es')];

for (const path of pages) {
  test(`${path}: only local requests, no CSP violations`, async ({ page }) => {
    const problems: string[] = [];
    // Abort anything leaving the machine, so a stray request fails here instead of reaching the network.
    const local = `${serverUrl('site')}/`;
    await page.route((url) => !url.href.startsWith(local), async (route) => {
      problems.push(`non-local request: ${route.request().url()}`);
      await route.abort();
    });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
    await page.goto(path, { waitUntil: 'load' });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content').catch(() => null);
    if (path !== '/') {
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
  });
}
