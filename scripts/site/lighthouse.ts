/**
 * Lighthouse scores (performance, accessibility, best practices, SEO) for a
 * sample of pages of a built site, in Debian's chromium, offline (127.0.0.1).
 *   node scripts/site/lighthouse.ts [dir=dist] [page…]
 * Writes .test-dist/site-lighthouse.json and prints one line per page. Called by
 * `npm run bench:site -- --lighthouse` on the bench build.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [dir = 'dist', ...pagesArg] = process.argv.slice(2);
const pages = pagesArg.length ? pagesArg : ['/en/', '/es/essays/why-learn-go/', '/en/results/', '/en/claims/', '/es/search/'];
const PORT = 4414;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const server = spawn(process.execPath, ['scripts/serve-static.ts', dir, String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
});
const results: Record<string, Record<string, number | null>> = {};
try {
  for (const path of pages) {
    const r = await lighthouse(`http://127.0.0.1:${PORT}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      // Desktop-like, no throttling: the machine is the benchmark box, not a phone.
      formFactor: 'desktop',
      screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
      throttlingMethod: 'provided',
    });
    const cats = r?.lhr.categories ?? {};
    results[path] = Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, v.score === null ? null : Math.round(v.score * 100)]));
    console.log(`${path.padEnd(40)} ${Object.entries(results[path]!).map(([k, v]) => `${k} ${v}`).join('  ')}`);
    // Name what cost points, so a score below 100 says what to fix.
    for (const [cat, c] of Object.entries(cats)) {
      for (const ref of c.auditRefs ?? []) {
        const a = r?.lhr.audits[ref.id];
        if (ref.weight > 0 && a && a.score !== null && a.score < 1) console.log(`    ${cat}: ${a.id} (${a.title})`);
      }
    }
  }
} finally {
  chrome.kill();
  server.kill();
}
mkdirSync('.test-dist', { recursive: true });
writeFileSync('.test-dist/site-lighthouse.json', JSON.stringify({ generatedAt: new Date().toISOString(), dir, results }, null, 2) + '\n');
