/**
 * axe-core in the page: its violations, one line each (rule, impact, help and
 * up to five nodes). axe is loaded as a script of the page's own origin
 * (a route answers /__axe__/axe.min.js with axe-core's file), so the page
 * keeps its Content-Security-Policy (script-src 'self') while axe runs: the
 * accessibility and the security checks share one visit.
 */
import type { Page } from '@playwright/test';
import type * as Axe from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_FILE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_PATH = '/__axe__/axe.min.js';
let source: string | null = null;

declare global {
  interface Window {
    axe: typeof Axe;
  }
}

export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    source ??= readFileSync(AXE_FILE, 'utf8');
    const body = source;
    await page.route(`**${AXE_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
    await page.addScriptTag({ url: new URL(AXE_PATH, page.url()).href });
  }
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
