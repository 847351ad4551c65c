import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Browser tests run in Debian's chromium (no browser download), against two
 * static builds: dist/ (the published site, from the bundled runs) and
 * .test-dist/fixture/ (the same site built from a synthetic fixture run, so
 * tests can check exact numbers and that swapping the run changes them).
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const serve = (dir: string, port: number) => ({
  // The project's pinned Node runs TypeScript directly, whatever node started Playwright.
  command: `node_modules/.bin/node scripts/serve-static.ts ${dir} ${port}`,
  url: `http://127.0.0.1:${port}/en/`,
  reuseExistingServer: false,
  timeout: 30_000,
});

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
    },
  },
  projects: [
    { name: 'site', testMatch: /(site|search)\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4411' } },
    { name: 'a11y', testMatch: /(a11y|security)\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4411' } },
    { name: 'fixture', testMatch: /fixture\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4412' } },
    // A copy of the site with a third locale, a fallback and an outdated page, built by tests/build/translations.test.ts.
    { name: 'translations', testMatch: /translations\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4413' } },
  ],
  webServer: [
    serve('dist', 4411),
    serve('.test-dist/fixture', 4412),
    // Only when built (tests/e2e/translations.spec.ts skips otherwise).
    ...(existsSync('.test-dist/translations/en/index.html') ? [serve('.test-dist/translations', 4413)] : []),
  ],
});
