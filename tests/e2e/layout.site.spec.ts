/**
 * Layout and rendering defects of issue #12 point 8, on the published site
 * (dist/, built from the bundled run, which predates rounds): the ledger at
 * 1280 px, the ten-thousand-barrier chart at 360 and 1280 px, the results
 * page's machine facts, "C++’s", the methodology's per-test load, options and
 * dirty-tree note, and inconclusive verdicts counted apart.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getActiveRun, getStackRun } from '../../src/lib/runs.ts';
import { repositoryUrl } from '../../src/lib/site-config.ts';

const LANGS = ['en', 'es'] as const;

for (const lang of LANGS) {
  test(`${lang}: at 1280 px the ledger fits: no column overflows, one line of figures per claim, the method one click away`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/${lang}/claims/`);
    const table = page.locator('table.ledger');
    await expect(table.locator('thead th')).toHaveCount(4);
    const report = await table.evaluate((t) => {
      const viewport = document.documentElement.clientWidth;
      const box = t.getBoundingClientRect();
      const overflowing = [...t.querySelectorAll('th, td')]
        .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > box.right + 1)
        .map((c) => `${c.closest('tr')?.id || 'head'}: ${c.textContent?.trim().slice(0, 40)}`);
      const heights = [...t.querySelectorAll('tbody tr')].map((r) => r.getBoundingClientRect().height).sort((a, b) => a - b);
      return {
        left: box.left,
        right: box.right,
        viewport,
        pageScroll: document.documentElement.scrollWidth - viewport,
        overflowing,
        medianRow: heights[Math.floor(heights.length / 2)]!,
        numAlign: [...t.querySelectorAll('thead th.num')].map((th) => getComputedStyle(th).textAlign),
      };
    });
    expect(report.overflowing).toEqual([]);
    expect(report.left).toBeGreaterThanOrEqual(0);
    expect(report.right).toBeLessThanOrEqual(report.viewport);
    expect(report.pageScroll).toBeLessThanOrEqual(0);
    // Figures' headers sit over their right-aligned figures.
    expect(report.numAlign).toEqual(['right', 'right']);
    // Rows are lines, not tall boxes of empty space.
    expect(report.medianRow).toBeLessThan(140);
    // How it is measured: closed until asked for, then shown with the cells.
    const row = page.locator('tr[data-claim="http-rust-2x-go"]');
    const details = row.locator('details.ledger__method');
    await expect(details).not.toHaveAttribute('open', '');
    await details.locator('summary').click();
    await expect(details.locator('.ledger__cells a').first()).toBeVisible();
    // Verdict and rule on the row.
    // (A word joiner keeps "×/÷" on one line.)
    await expect(row.locator('.ledger__rule')).toContainText(lang === 'en' ? 'holds within ×\u2060/\u2060÷1.5' : 'se cumple dentro de ×\u2060/\u2060÷1,5');
  });
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

/** Boxes of the visible rendering of a chart: reference labels, bars and bar labels, and how much the SVG is shrunk. */
async function chartBoxes(page: Page, id: string) {
  return page.locator(`figure[data-chart="${id}"] .chart__svg`).evaluateAll((divs) => {
    const shown = divs.find((d) => getComputedStyle(d).display !== 'none')!;
    const svg = shown.querySelector('svg')!;
    const boxes = (sel: string) => [...svg.querySelectorAll(sel)].map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
    return {
      variant: shown.getAttribute('data-variant'),
      scale: svg.getBoundingClientRect().width / Number(svg.getAttribute('width')),
      references: boxes('g[class*="reference_labels"] text'),
      bars: boxes('g.bars_marks path'),
      values: boxes('g.values_marks text'),
      fontPx: Math.min(...[...svg.querySelectorAll('g[class*="reference_labels"] text')].map((e) => e.getBoundingClientRect().height)),
    };
  });
}

for (const width of [360, 1280]) {
  test(`the ten-thousand barrier at ${width} px: reference labels overprint neither each other nor a bar, and stay legible`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/en/essays/ten-thousand-barrier/');
    const b = await chartBoxes(page, 'ops-barrier');
    expect(b.variant).toBe(width < 640 ? 'narrow' : 'wide');
    expect(b.references).toHaveLength(3);
    for (let i = 0; i < b.references.length; i++) {
      for (let j = i + 1; j < b.references.length; j++) expect(overlap(b.references[i]!, b.references[j]!), `labels ${i} and ${j}`).toBe(false);
      for (const bar of [...b.bars, ...b.values]) expect(overlap(b.references[i]!, bar), `label ${i} and a bar`).toBe(false);
    }
    expect(b.bars.length).toBeGreaterThan(0);
    // Not shrunk to fit: the labels keep their size.
    expect(b.scale).toBeGreaterThan(0.95);
    expect(b.fontPx).toBeGreaterThanOrEqual(9);
  });
}

test('results: each machine fact sits in its <dd> under its own <dt>', async ({ page }) => {
  for (const lang of LANGS) {
    await page.goto(`/${lang}/results/`);
    const pairs = await page.locator('section[aria-labelledby="machine-heading"] dl').evaluate((dl) => {
      const out: Array<[string, string]> = [];
      for (const dt of dl.querySelectorAll('dt')) out.push([dt.textContent!.trim(), (dt.nextElementSibling as HTMLElement).textContent!.trim()]);
      return out;
    });
    const cores = pairs.find(([dt]) => dt === (lang === 'en' ? 'Cores' : 'Núcleos'));
    expect(cores?.[1]).toMatch(lang === 'en' ? /^\d+ cores?, \d+ threads?$/ : /^\d+ núcleos?, \d+ hilos?$/);
    const virt = pairs.find(([dt]) => dt === (lang === 'en' ? 'Virtualization' : 'Virtualización'));
    expect(virt?.[1]).toBe('docker');
    // No fact is a label.
    for (const [dt] of pairs) expect(dt).not.toMatch(/\d+ (cores?|núcleos?)|docker/);
    // CPU model, clock, system and kernel, each from the run (not only "AMD EPYC").
    const run = getActiveRun()!;
    const fact = (en: string, es: string) => pairs.find(([dt]) => dt === (lang === 'en' ? en : es))?.[1];
    expect(fact('CPU', 'CPU')).toBe(run.machine.cpu_model);
    expect(fact('Clock', 'Frecuencia')).toMatch(run.machine.cpu_mhz === null ? /not recorded|no registrada/ : /^\d[\d,.]*\sMHz( (reported|declarada), \d[\d,.]*\sMHz (measured running|medida en marcha))?$/);
    expect(fact('Kernel', 'Kernel')).toBe(run.machine.kernel);
  }
});

test('About names the load generators the runs shown actually used, and links the repository', async ({ page }) => {
  const runs = [getActiveRun(), getStackRun()].filter((r) => r !== null);
  const timed = runs.some((r) => r.settings.load_generator?.timed);
  for (const lang of LANGS) {
    await page.goto(`/${lang}/about/`);
    const tools = page.locator('[data-load-generators]');
    await expect(tools).toContainText('wrk');
    if (timed) await expect(tools).toContainText(runs.find((r) => r.settings.load_generator?.timed)!.settings.load_generator!.timed!.tool);
    // The link is configured in one place (data/site.json, or DIEZMIL_REPOSITORY); none configured, none shown.
    const repository = repositoryUrl();
    await expect(page.locator('main a[data-repository]')).toHaveCount(repository ? 1 : 0);
    await expect(page.locator('footer a[data-repository]')).toHaveCount(repository ? 1 : 0);
    if (repository) await expect(page.locator('footer a[data-repository]')).toHaveAttribute('href', repository);
  }
});

/** Every HTML file of a built site. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith('.html') ? [path] : [];
  });
}

test('"C++’s" with a closing apostrophe, and no opening quote after a word anywhere in the built site', () => {
  const bad: string[] = [];
  for (const file of htmlFiles('dist')) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/[\p{L}\p{N}+#)]‘\p{L}/gu)) bad.push(`${file}: …${html.slice(Math.max(0, m.index! - 20), m.index! + 10)}…`);
  }
  expect(bad).toEqual([]);
  expect(readFileSync('dist/en/essays/why-learn-go/index.html', 'utf8')).toContain('C++’s virtual functions');
});

test('methodology: HTTP load per test, readable runner options, the timed load generator, and whether the run\'s tree was dirty', async ({ page }) => {
  // The run the site shows: the newest complete full run bundled.
  const run = getActiveRun()!;
  for (const lang of LANGS) {
    await page.goto(`/${lang}/methodology/`);
    const loop = await page.locator('tr[data-load="http/loop"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-connections'))));
    const plain = await page.locator('tr[data-load="http/plaintext"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-connections'))));
    expect(loop.length).toBeGreaterThan(0);
    expect(Math.max(...loop)).toBeLessThanOrEqual(8);
    expect(plain).toContain(256);
    const options = page.locator('[data-options] li');
    await expect(options).toHaveCount(Object.keys(run.settings.options).length);
    // The run's settings, the statistics and the web stacks' services: no unset option printed as "=null".
    await expect(page.locator('table.settings')).toHaveCount(3);
    for (const table of await page.locator('table.settings').all()) await expect(table).not.toContainText('=null');
    await expect(page.locator('[data-options]')).toContainText(lang === 'en' ? 'impl: not given (default)' : 'impl: no indicada');
    // Option values in words: a precision target per suite by name, never raw JSON.
    if (run.settings.options.precision !== undefined) await expect(page.locator('[data-option="precision"]')).not.toContainText('{');
    // A run measured from a tree with local edits says so, with its commit, on both pages; a clean one says nothing.
    if (run.git.dirty) {
      await expect(page.locator('[data-dirty]')).toContainText((run.git.commit ?? '').slice(0, 12));
      await page.goto(`/${lang}/results/`);
      await expect(page.locator('[data-dirty]')).toBeVisible();
    } else {
      await expect(page.locator('[data-dirty]')).toHaveCount(0);
      await page.goto(`/${lang}/results/`);
      await expect(page.locator('[data-dirty]')).toHaveCount(0);
    }
    // Each run the page describes (the active run and the web-stack run) names its timed load generator and how
    // that run counted its slices' rates (runs before the overlap count: responses that ended in the window, said so).
    await page.goto(`/${lang}/methodology/`);
    const stackRun = getStackRun();
    for (const described of [run, ...(stackRun && stackRun !== run ? [stackRun] : [])]) {
      const timed = described.settings.load_generator?.timed;
      const row = page.locator(`tr[data-timed-load="${described.id}"]`);
      if (!timed) {
        await expect(row).toHaveCount(0);
        continue;
      }
      await expect(row).toContainText(timed.source);
      const overlap = timed.rate === 'overlap';
      const words = { en: overlap ? 'share inside the window' : 'ended inside the window', es: overlap ? 'parte que cae dentro' : 'terminaron dentro' }[lang];
      await expect(row).toContainText(words);
      await expect(row.locator('[data-rate-note]')).toHaveCount(overlap ? 0 : 1);
    }
    // The active run was measured in rounds: the page shows their settings (a run made before rounds: tests/build/runs.test.ts).
    await page.goto(`/${lang}/methodology/`);
    await expect(page.locator('[data-statistics="rounds"] table.settings')).toBeVisible();
  }
});

test('inconclusive verdicts are counted apart, on the claims page and the home page', async ({ page }) => {
  for (const lang of LANGS) {
    await page.goto(`/${lang}/claims/`);
    const inLedger = await page.locator('table.ledger tbody tr[data-verdict="inconclusive"]').count();
    expect(inLedger).toBeGreaterThan(0);
    for (const path of [`/${lang}/claims/`, `/${lang}/`]) {
      await page.goto(path);
      const item = page.locator('.verdict-summary li[data-verdict="inconclusive"]');
      await expect(item).toHaveAttribute('data-count', String(inLedger));
      await expect(item).toContainText(lang === 'en' ? `${inLedger} claims this run cannot decide` : `${inLedger} afirmaciones sin conclusión`);
      await expect(page.locator('.verdict-summary__note a')).toHaveAttribute('href', `/${lang}/methodology/#rounds`);
    }
  }
});
