import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { PORTS, serverUrl } from './tests/e2e/ports.ts';

/**
 * Browser tests run in Debian's chromium (no browser download), against two
 * static builds: dist/ (the published site, from the bundled runs) and
 * .test-dist/fixture/ (the same site built from a synthetic fixture run, so
 * tests can check exact numbers and that swapping the run changes them).
 * Ports are free ones picked per test run (tests/e2e/ports.ts), so two runs
 * at once, or a preview left open, do not collide.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where tests/build/runs.test.ts builds its site (DIEZMIL_BASE), as a GitHub Pages project site is served. */
const COMPARE_BASE = '/diezmil/';
const serve = (dir: string, port: number, base = '/') => ({
  // The project's pinned Node runs TypeScript directly, whatever node started Playwright.
  command: `node_modules/.bin/node scripts/serve-static.ts ${dir} ${port} ${base}`,
  url: `http://127.0.0.1:${port}${base}en/`,
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
    { name: 'site', testMatch: /(site|search)\.spec\.ts/, use: { baseURL: serverUrl('site') } },
    { name: 'a11y', testMatch: /a11y\.spec\.ts/, use: { baseURL: serverUrl('site') } },
    { name: 'fixture', testMatch: /fixture\.spec\.ts/, use: { baseURL: serverUrl('fixture') } },
    // A copy of the site with a third locale, a fallback and an outdated page, built by tests/build/translations.test.ts.
    { name: 'translations', testMatch: /translations\.spec\.ts/, use: { baseURL: serverUrl('translations') } },
    // The site built from several fixture runs (two machines, one lacking an implementation) under /diezmil/, built by tests/build/runs.test.ts.
    // Its tests use paths relative to the base ('en/runs/').
    { name: 'compare', testMatch: /runs\.spec\.ts/, use: { baseURL: `${serverUrl('compare')}${COMPARE_BASE}` } },
  ],
  webServer: [
    serve('dist', PORTS.site),
    serve('.test-dist/fixture', PORTS.fixture),
    // Only when built (tests/e2e/translations.spec.ts and runs.spec.ts skip otherwise).
    ...(existsSync('.test-dist/translations/en/index.html') ? [serve('.test-dist/translations', PORTS.translations)] : []),
    ...(existsSync('.test-dist/compare/en/index.html') ? [serve('.test-dist/compare', PORTS.compare, COMPARE_BASE)] : []),
  ],
});
