/**
 * axe-core in the page: its violations, one line each (rule, impact, help and
 * up to five nodes). axe is injected as an inline script, which the pages'
 * Content-Security-Policy forbids: specs that use it set
 * `test.use({ bypassCSP: true })`.
 */
import type { Page } from '@playwright/test';
import type * as Axe from 'axe-core';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

declare global {
  interface Window {
    axe: typeof Axe;
  }
}

export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
        .join('\n'),
  );
}
