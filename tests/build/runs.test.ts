/**
 * The runs pages, built from a folder of runs a reader could have: the
 * committed version-1 run, three synthetic version-2 runs (synthetic-a;
 * synthetic-b, the same machine at half the speed; synthetic-c, another
 * machine twice as fast, without Java) and a partial run newer than all of
 * them (what `npm run bench -- --impl go --test json` writes). Checks:
 * - the partial run is listed but never becomes the active run;
 * - one page per ordered pair of runs, in each language;
 * - columns headed by machine and date; ratios > 1 = faster on the second
 *   run for req/s and for seconds alike; rows from the union of both runs;
 *   every figure with its 95 % interval;
 * - the build prints none of the warnings a newcomer cannot tell from real
 *   problems (MODULE_LEVEL_DIRECTIVE, "Language does not exist").
 * The output stays in .test-dist/compare/ for tests/e2e/runs.spec.ts
 * (Playwright project "compare").
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Run } from '../../src/schemas/run.ts';

const RUNS = resolve('.test-dist/compare-runs');
const OUT = resolve('.test-dist/compare');
const V1 = '2026-11-26T06-44-29Z-vm';
const IDS = [V1, 'synthetic-a', 'synthetic-b', 'synthetic-c', 'partial-go-json'];

/** What `npm run bench -- --impl go --test json` writes: one cell, mode partial. */
function partialRun(): Run {
  const c = Run.parse(JSON.parse(readFileSync('tests/fixtures/runs/synthetic-c.json', 'utf8')));
  const keep = (impl: string, suite: string, test: string) => impl === 'go' && suite === 'http' && test === 'json';
  return Run.parse({
    ...c,
    id: 'partial-go-json',
    mode: 'partial',
    suites: ['http'],
    started_at: '2027-01-01T00:00:00Z',
    finished_at: '2027-01-01T00:05:00Z',
    cells: c.cells.filter((x) => keep(x.impl, x.suite, x.test)),
    comparisons: (c.comparisons ?? [])
      .filter((g) => g.suite === 'http' && g.test === 'json')
      .map((g) => ({ ...g, members: ['go'], reference: 'go', rounds: g.rounds.map((r) => ({ ...r, order: ['go'] })) })),
  });
}

let output = '';
let status: number | null = null;

before(() => {
  rmSync(RUNS, { recursive: true, force: true });
  mkdirSync(RUNS, { recursive: true });
  copyFileSync(`data/runs/${V1}.json`, join(RUNS, `${V1}.json`));
  for (const id of ['synthetic-a', 'synthetic-b', 'synthetic-c']) copyFileSync(`tests/fixtures/runs/${id}.json`, join(RUNS, `${id}.json`));
  writeFileSync(join(RUNS, 'partial-go-json.json'), JSON.stringify(partialRun()));
  const env: NodeJS.ProcessEnv = { ...process.env, DIEZMIL_RUNS_DIR: RUNS, ASTRO_TELEMETRY_DISABLED: '1' };
  delete env.DIEZMIL_RUN;
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', OUT], { env, encoding: 'utf8', timeout: 300_000 });
  status = r.status;
  output = `${r.stdout}\n${r.stderr}`;
});

const html = (path: string) => readFileSync(join(OUT, path, 'index.html'), 'utf8');
const text = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
function rowOf(page: string, key: string): string {
  const m = new RegExp(`<tr data-cell="${key}"[^>]*>([\\s\\S]*?)</tr>`).exec(page);
  assert.ok(m, `row ${key}`);
  return m[0];
}
function ratioOf(page: string, key: string): number {
  const m = /data-side="ratio"[^>]*>\s*<data value="([^"]+)"/.exec(rowOf(page, key));
  assert.ok(m, `ratio of ${key}`);
  return Number(m[1]);
}

test('the site builds from the runs folder', () => {
  assert.equal(status, 0, output.slice(-3000));
});

test('the build prints no MODULE_LEVEL_DIRECTIVE boxes and no unknown code languages', () => {
  assert.doesNotMatch(output, /MODULE_LEVEL_DIRECTIVE/);
  assert.doesNotMatch(output, /Language does not exist|Unable to load the language/);
  // The essay's ```apache block is highlighted (Prism's apacheconf), not left plain.
  const essay = readFileSync(join(OUT, 'en/essays/python-web-infrastructure/index.html'), 'utf8');
  assert.match(essay, /<pre class="language-apacheconf"[^>]*><code class="language-apacheconf"><span class="token/);
});

test('a partial run is listed, marked partial, and never becomes the active run though it is the newest', () => {
  const page = html('en/runs');
  const item = /<li data-run="partial-go-json">([\s\S]*?)<\/li>/.exec(page)?.[1] ?? '';
  assert.match(text(item), /partial/);
  assert.doesNotMatch(item, /class="badge">active/);
  const v1 = /<li data-run="2026-11-26T06-44-29Z-vm">([\s\S]*?)<\/li>/.exec(page)?.[1] ?? '';
  assert.match(v1, /class="badge">active/);
  assert.match(html('en/results'), new RegExp(`data-run-id>${V1}<`));
});

test('a run made before rounds says so on the methodology page instead of showing round settings', () => {
  for (const lang of ['en', 'es']) {
    const page = html(`${lang}/methodology`);
    assert.match(page, /data-statistics="none"/);
    assert.match(page, /data-no-statistics/);
  }
});

test('one comparison page per ordered pair of runs, in each language, all linked from /runs/', () => {
  for (const lang of ['en', 'es']) {
    const index = html(`${lang}/runs`);
    for (const a of IDS) {
      for (const b of IDS) {
        if (a === b) continue;
        assert.ok(existsSync(join(OUT, lang, 'runs/compare', a, b, 'index.html')), `${lang}: ${a} → ${b}`);
        assert.ok(index.includes(`href="/${lang}/runs/compare/${a}/${b}/"`), `${lang}/runs links ${a} → ${b}`);
      }
    }
    assert.equal(readdirSync(join(OUT, lang, 'runs/compare')).length, IDS.length);
  }
  // /runs/ itself compares the newest run with the active one.
  assert.match(html('en/runs'), new RegExp(`data-compare-a="${V1}" data-compare-b="partial-go-json"`));
});

test('columns are headed by machine and date, in the page language', () => {
  const en = text(html('en/runs/compare/synthetic-a/synthetic-c'));
  assert.match(en, /synthetic-fixture, Jan 1, 2026 Synthetic CPU/);
  assert.match(en, /synthetic-other, Jan 3, 2026 Other synthetic CPU/);
  assert.match(en, /Speed on synthetic-other, Jan 3, 2026 relative to synthetic-fixture, Jan 1, 2026 above 1: faster on synthetic-other, Jan 3, 2026/);
  const es = text(html('es/runs/compare/synthetic-a/synthetic-c'));
  assert.match(es, /synthetic-other, 3 ene 2026/);
  assert.match(es, /más de 1: más rápida en synthetic-other/);
});

test('ratios read > 1 = faster on the second run, for req/s, seconds and ns alike', () => {
  const slower = html('en/runs/compare/synthetic-a/synthetic-b');
  const faster = html('en/runs/compare/synthetic-a/synthetic-c');
  for (const key of ['http/go/json', 'cpu/go/nbody', 'ops/c/call', 'build/go/cold']) {
    assert.ok(Math.abs(ratioOf(slower, key) - 0.5) < 0.03, `${key} on the slower machine: ${ratioOf(slower, key)}`);
    assert.ok(Math.abs(ratioOf(faster, key) - 2) < 0.1, `${key} on the faster machine: ${ratioOf(faster, key)}`);
  }
  assert.match(text(rowOf(slower, 'cpu/go/nbody')), /slower on synthetic-fixture, Jan 2, 2026/);
  assert.match(text(rowOf(faster, 'http/go/json')), /faster on synthetic-other, Jan 3, 2026/);
});

test('rows are the union of both runs: a cell only one run has shows "not in this run" on the other side', () => {
  for (const [path, side, words] of [
    ['en/runs/compare/synthetic-a/synthetic-c', 'b', 'not in this run'],
    ['en/runs/compare/synthetic-c/synthetic-a', 'a', 'not in this run'],
    ['es/runs/compare/synthetic-a/synthetic-c', 'b', 'no está en esta ejecución'],
  ] as const) {
    const row = rowOf(html(path), 'http/java/json');
    assert.match(row, new RegExp(`data-side="${side}"[^>]*>\\s*<span class="metric--missing" data-missing="no_cell">${words}</span>`), path);
  }
  // The partial run's one cell against a full run: every other cell of the full run is still listed.
  const partial = html('en/runs/compare/synthetic-a/partial-go-json');
  // 137: synthetic-a's cells, CPython's two uWSGI deployments included.
  assert.equal((partial.match(/<tr data-cell=/g) ?? []).length, 137);
});

test('every figure carries its 95 % interval; version-1 and version-2 runs compare', () => {
  const page = html(`en/runs/compare/${V1}/synthetic-a`);
  const rows = [...page.matchAll(/<tr data-cell="[^"]+"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  assert.ok(rows.length > 100);
  let values = 0;
  for (const row of rows) {
    for (const cell of row.matchAll(/<td class="num" data-side="(a|b)"[^>]*>([\s\S]*?)<\/td>/g)) {
      if (!cell[2]!.includes('<data')) continue;
      values++;
      assert.match(text(cell[2]!), /95 %: .+ – .+|no interval/, row.slice(0, 200));
    }
  }
  assert.ok(values > 200, `${values} figures`);
  assert.ok(ratioOf(page, 'http/go/json') > 0);
});
