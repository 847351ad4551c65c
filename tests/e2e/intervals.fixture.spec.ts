/**
 * Intervals where a reader sees a number, on the site built from the synthetic
 * fixture run (measured in rounds, schema version 2): badges, the ledger,
 * chart error bars and data tables, and the methodology's rounds, intervals
 * and A/A check read from the run.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const run = JSON.parse(readFileSync('tests/fixtures/runs/synthetic-a.json', 'utf8')) as {
  comparisons: Array<{ suite: string; test: string; rounds: unknown[] }>;
  settings: { statistics: { precision_target: Record<string, number> } };
};

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: a badge shows the figure with its 95 % interval, the rule in words and, when inconclusive, why`, async ({ page }) => {
    await page.goto(`/${lang}/essays/benchmarking-python-pypy-go-rust/`);
    const held = page.locator('#claim-http-rust-2x-go');
    await expect(held.locator('.claim__interval')).toHaveText(lang === 'en' ? /^\(95% interval [\d.]+–[\d.]+×\)$/ : /^\(intervalo del 95 %: [\d,]+–[\d,]+×\)$/);
    // (A word joiner keeps "×/÷" on one line.)
    const joined = (s: string) => s.replaceAll('×/÷', '×\u2060/\u2060÷');
    await expect(held.locator('.claim__rule')).toHaveText(
      joined(lang === 'en' ? 'Rule: holds within ×/÷1.5 of 2019’s 2×, partly within ×/÷3' : 'Regla: se cumple dentro de ×/÷1,5 de la cifra de 2019 (2×); en parte, dentro de ×/÷3'),
    );
    // The fixture's 50 µs claim straddles the rule's boundary.
    const undecided = page.locator('#claim-http-python-50us');
    await expect(undecided).toHaveAttribute('data-verdict', 'inconclusive');
    await expect(undecided).toHaveAttribute('data-why', 'straddles');
    await expect(undecided.locator('.claim__why')).toContainText(lang === 'en' ? 'reaches across a boundary of the rule' : 'cruza un límite de la regla');
  });

  test(`${lang}: the ledger shows each interval and why a claim cannot be decided`, async ({ page }) => {
    await page.goto(`/${lang}/claims/`);
    const rows = page.locator('table.ledger tbody tr');
    const measured = page.locator('table.ledger tbody tr:has(td data)');
    expect(await measured.count()).toBeGreaterThan(10);
    // A range per figure; the GIL claim has one per mode ("threads 1.0–1.1× · processes 1.8–1.9×").
    for (const row of await measured.all()) await expect(row.locator('.ledger__interval')).toHaveText(/[\d.,]+–[\d.,]+/);
    for (const row of await rows.and(page.locator('[data-verdict="inconclusive"]')).all()) await expect(row.locator('.ledger__why')).not.toBeEmpty();
    await expect(page.locator('.verdict-summary li[data-verdict="inconclusive"]')).toHaveAttribute(
      'data-count',
      String(await page.locator('table.ledger tbody tr[data-verdict="inconclusive"]').count()),
    );
  });

  test(`${lang}: every chart draws an error bar per interval in its data table`, async ({ page }) => {
    for (const essay of ['benchmarking-python-pypy-go-rust', 'ten-thousand-barrier']) {
      await page.goto(`/${lang}/essays/${essay}/`);
      let drawn = 0;
      for (const figure of await page.locator('figure[data-chart]').all()) {
        // Memory is sampled once per cell: its chart has no intervals, and no error bars.
        const intervals = await figure.locator('td[data-interval]').count();
        for (const variant of ['wide', 'narrow']) {
          expect(await figure.locator(`.chart__svg--${variant} g.interval_marks line`).count()).toBe(intervals);
        }
        drawn += intervals;
        if (intervals > 0) await expect(figure.locator('td[data-interval]').first()).toHaveText(/^[\d.,]+–[\d.,]+/);
      }
      expect(drawn, essay).toBeGreaterThan(0);
    }
  });

  test(`${lang}: the methodology reads rounds, intervals, stopping and the A/A check from the run`, async ({ page }) => {
    await page.goto(`/${lang}/methodology/`);
    const section = page.locator('[data-statistics="rounds"]');
    // Suites by name, never their ids.
    await expect(section.locator('[data-precision]')).toHaveText(lang === 'en' ? 'HTTP servers ±5% · CPU kernels ±3%' : 'Servidores HTTP ±5 % · Pruebas de cálculo ±3 %');
    await expect(section.locator('tr[data-comparison]')).toHaveCount(run.comparisons.length);
    const json = section.locator('tr[data-comparison="http/json"]');
    await expect(json.locator('[data-rounds]')).toHaveAttribute('data-rounds', String(run.comparisons.find((c) => c.test === 'json')!.rounds.length));
    await expect(json.locator('[data-stop]')).toHaveText(lang === 'en' ? 'round limit reached' : 'límite de rondas alcanzado');
    await expect(json.locator('[data-widest]')).toHaveText(/^±[\d.,]+\s?% \(.+ ÷ Go\)/);
    // The fixture has no A/A check; the page says how to get one.
    await expect(section.locator('[data-aa="0"]')).toContainText('--aa');
    // The host probe is gone: no row for it in a run made with rounds.
    await expect(page.locator('[data-host-probe]')).toHaveCount(0);
    await expect(page.locator('article')).not.toContainText(lang === 'en' ? 'a small probe' : 'una pequeña sonda');
  });
}
