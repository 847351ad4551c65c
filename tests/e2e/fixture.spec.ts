/**
 * The site built from a synthetic fixture run (.test-dist/fixture, see
 * scripts/test.ts): exact numbers per locale, charts, badges, the ledger, and
 * that the published build (another run) shows other numbers with no essay edited.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { builtPages } from './pages.ts';
import { serverUrl } from './ports.ts';
import { buildChart } from '../../src/lib/charts/registry.ts';
import { notMeasuredRows } from '../../src/lib/chart-missing.ts';
import { pairStackRun } from '../../src/lib/metrics.ts';
import { fixtureRun, translator } from '../unit/helpers.ts';

const claims = JSON.parse(readFileSync('data/claims.json', 'utf8')).claims as Array<{ id: string; essay: string }>;
/** The run the fixture site was built from (scripts/test.ts), with the web-stack run beside it. */
const FIXTURE_RUN = fixtureRun('synthetic-a');
pairStackRun(FIXTURE_RUN, fixtureRun('synthetic-stack'));
const PUBLISHED = serverUrl('site');

test('numbers are formatted per locale', async ({ page }) => {
  // Fixture: Go on the JSON test = 6,000 req/s.
  await page.goto('/en/results/');
  const en = page.locator('table[data-run="synthetic-a"] tr[data-cell="http/go/json"] data.metric');
  await expect(en).toHaveAttribute('value', '6000');
  await expect(en).toHaveText('6,000\u00a0req/s');
  await page.goto('/es/results/');
  const es = page.locator('table[data-run="synthetic-a"] tr[data-cell="http/go/json"] data.metric');
  // Spanish groups thousands from five digits, as Intl.NumberFormat('es-ES') does.
  await expect(es).toHaveText('6000\u00a0peticiones/s');
  // A decimal: CPython's ns per call.
  const ns = page.locator('table[data-run="synthetic-a"] tr[data-cell="ops/cpython/call"] data.metric');
  const raw = Number(await ns.getAttribute('value'));
  expect(await ns.innerText()).toBe(`${new Intl.NumberFormat('es-ES', { maximumSignificantDigits: 3 }).format(raw)}\u00a0ns`);
});

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: every essay renders its metrics and badges`, async ({ page }) => {
    const essays = builtPages('.test-dist/fixture', lang).filter((p) => /\/essays\/.+\//.test(p));
    expect(essays).toHaveLength(6);
    for (const path of essays) {
      await page.goto(path);
      const values = await page.locator('article').locator('data, .metric, .claim, .then, td, figcaption').allInnerTexts();
      for (const v of values) expect(v, path).not.toMatch(/\bundefined\b|\bNaN\b|Infinity|\[object Object\]/);
      // The fixture has every cell, so nothing is "not measured".
      await expect(page.locator('.metric--missing'), path).toHaveCount(0);
      const badges = page.locator('.claim[data-claim]');
      const expected = claims.filter((c) => path.includes(`/${c.essay}/`)).map((c) => c.id);
      const shown = await badges.evaluateAll((els) => els.map((e) => e.getAttribute('data-claim')));
      expect(new Set(shown), path).toEqual(new Set(expected));
      for (const verdict of await badges.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))) {
        expect(['holds', 'partly', 'no_longer_holds', 'inconclusive', 'not_remeasured']).toContain(verdict);
      }
    }
  });

  test(`${lang}: charts are inline SVG with localized axes and a data table`, async ({ page }) => {
    await page.goto(`/${lang}/essays/benchmarking-python-pypy-go-rust/`);
    const chart = page.locator('figure[data-chart="http-rps"]');
    // A wide and a narrow rendering; CSS shows one.
    await expect(chart.locator('svg[role="img"]')).toHaveCount(2);
    await expect(chart.locator('svg[role="img"]:visible')).toHaveCount(1);
    const svg = await chart.locator('svg:visible').innerHTML();
    expect(svg).toContain(lang === 'en' ? 'req/s' : 'peticiones/s');
    expect(svg).toContain(lang === 'en' ? 'Encode JSON' : 'Codificar JSON');
    await chart.locator('summary').click();
    // A row per measured server and test, and one per server of bench/http the fixture lacks (PyPy's deployments,
    // and whatever a contributor adds), listed as not measured: counted from the fixture and the manifests, as the site does.
    const model = buildChart('http-rps', FIXTURE_RUN, translator(lang))!;
    expect(model.rows.length).toBeGreaterThan(0);
    await expect(chart.locator('table tbody tr:not(.chart__not-measured)')).toHaveCount(model.rows.length);
    await expect(chart.locator('table tbody tr.chart__not-measured')).toHaveCount(notMeasuredRows(model, FIXTURE_RUN).length);
    await expect(chart.locator('table tbody tr.chart__not-measured[data-missing^="http.pypy"]').first()).toBeAttached();
    // ids are unique across all charts on the page.
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test(`${lang}: the ledger lists every claim and its counts add up`, async ({ page }) => {
    await page.goto(`/${lang}/claims/`);
    await expect(page.locator('table.ledger tbody tr')).toHaveCount(claims.length);
    const counts = await page.locator('.verdict-summary li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(claims.length);
    // Each claim links to its sentence in the essay.
    const href = await page.locator('tr[data-claim="http-rust-2x-go"] a.ledger__essay').getAttribute('href');
    await page.goto(href!);
    await expect(page.locator('#claim-http-rust-2x-go')).toBeVisible();
  });
}

test('swapping the run changes numbers, charts and verdicts without editing an essay', async ({ page }) => {
  const read = async (base: string) => {
    await page.goto(`${base}/en/essays/benchmarking-python-pypy-go-rust/`);
    const metric = await page.locator('[data-metric="http.cpython-uwsgi.transfer.mibps"]').first().evaluate((e) => e.getAttribute('value') ?? e.textContent);
    const table = await page.locator('figure[data-chart="http-transfer"]').innerText().catch(() => '');
    await page.goto(`${base}/en/claims/`);
    const verdicts = await page.locator('table.ledger tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')).join(','));
    const run = await page.locator('footer').innerText();
    return { metric, table, verdicts, run };
  };
  const fixture = await read('');
  const published = await read(PUBLISHED);
  expect(fixture.run).toContain('synthetic-a');
  expect(published.run).not.toContain('synthetic-a');
  expect(published.metric).not.toBe(fixture.metric);
  expect(published.table).not.toBe(fixture.table);
  expect(published.verdicts).not.toBe(fixture.verdicts);
});

test('web-stack figures come from the stack run beside the active run, and the pages name both', async ({ page }) => {
  for (const lang of ['en', 'es'] as const) {
    await page.goto(`/${lang}/results/`);
    await expect(page.locator('[data-run-id]')).toHaveText('synthetic-a');
    await expect(page.locator('[data-stack-run-id]')).toHaveText('synthetic-stack');
    // The stack run's own cells, with their intervals: PHP reads one row 5,000 times a second in the fixture.
    const php = page.locator('table[data-suite="stack"][data-run="synthetic-stack"] tr[data-cell="stack/php/db"] data.metric');
    await expect(php).toHaveAttribute('value', '5000');
    await expect(page.locator('footer')).toContainText('synthetic-stack');
    await page.goto(`/${lang}/methodology/`);
    await expect(page.locator('[data-which-runs]')).toContainText('synthetic-a');
    await expect(page.locator('[data-which-runs]')).toContainText('synthetic-stack');
    // PostgreSQL's version and settings as the stack run recorded them.
    const pg = page.locator('#stack-services tr[data-service="postgresql"]');
    await expect(pg.locator('[data-version]')).toHaveText('PostgreSQL 0.0 (synthetic fixture)');
    await expect(pg).toContainText('shared_buffers');
    await expect(page.locator('#stack-services tr[data-service="redis"]')).toBeVisible();
    await expect(page.locator('[data-stack-placement]')).toContainText('synthetic-stack');
  }
});

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: the Python infrastructure essay shows the stack figures, its chart in steps and its verdicts`, async ({ page }) => {
    await page.goto(`/${lang}/essays/python-web-infrastructure/`);
    // Werkzeug with psycopg: 2,500 rows a second in the fixture, 400 µs per request.
    await expect(page.locator('data[data-metric="stack.python-werkzeug.db.us_per_request"]').first()).toHaveAttribute('value', '400');
    const chart = page.locator('figure[data-chart="stack-python-steps"]');
    await expect(chart.locator('svg[role="img"]')).toHaveCount(2);
    const svg = await chart.locator('svg:visible').innerHTML();
    expect(svg).toContain(lang === 'en' ? '+ Flask and SQLAlchemy' : '+ Flask y SQLAlchemy');
    expect(svg).toContain('Django · Django ORM');
    await chart.locator('summary').click();
    await expect(chart.locator('table tbody tr')).toHaveCount(9);
    // The step ratio: Flask's time is twice Werkzeug's on one row.
    await expect(chart.locator('td[data-step-ratio="2"]')).toHaveCount(3);
    for (const id of ['stack-python-slower-php', 'stack-orm-overhead', 'stack-postgres-repeat-redis-cache']) {
      await expect(page.locator(`#claim-${id}`)).toHaveAttribute('data-verdict', 'holds');
    }
    await expect(page.locator('#claim-unmeasured-postgres-mongodb')).toHaveAttribute('data-verdict', 'not_remeasured');
    await page.goto(`/${lang}/essays/benchmarking-python-pypy-go-rust/`);
    await expect(page.locator('#claim-stack-orm-python-5x-leader')).toHaveAttribute('data-verdict', 'partly');
  });
}
