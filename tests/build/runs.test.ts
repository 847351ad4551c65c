/**
 * The runs pages, built from a folder of runs a reader could have, under the
 * base path /diezmil/ (as a GitHub Pages project site is served): the
 * committed version-1 run, three synthetic version-2 runs (synthetic-b, the
 * same machine at half the speed; synthetic-c, another machine twice as fast,
 * without Java), a partial run newer than all of them (what
 * `npm run bench -- --impl go --test json` writes), two web-stack runs, and
 * the newest full run, whose A/A check fails for two suites (17 intervals,
 * 3 misses: tests/fixtures/aa/three-misses.json). Checks:
 * - the partial run is listed but never becomes the active run;
 * - comparison pages for a bounded set of pairs only (each run against the
 *   active run of its suites and the previous run of its machine), in each
 *   language, never between runs that share no cell;
 * - columns headed by unique run labels; ratios > 1 = faster on the second
 *   run for req/s and for seconds alike; rows only for the suites both runs
 *   measured, a cell one run lacks with its reason; every figure with its
 *   95 % interval; stack tests by name;
 * - every run file served byte for byte under /data/runs/;
 * - the A/A caveats beside the figures, the claims and on the methodology page;
 * - served under /diezmil/ and crawled: no broken link, styles and search files load;
 * - the build prints none of the warnings a newcomer cannot tell from real
 *   problems (MODULE_LEVEL_DIRECTIVE, "Language does not exist").
 * The output stays in .test-dist/compare/ for tests/e2e/runs.spec.ts
 * (Playwright project "compare", served under /diezmil/).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Run } from '../../src/schemas/run.ts';
import { freePorts } from '../e2e/ports.ts';

const RUNS = resolve('.test-dist/compare-runs');
const OUT = resolve('.test-dist/compare');
const BASE = '/diezmil/';
const V1 = '2026-11-26T06-44-29Z-vm';
const ACTIVE = 'synthetic-aa';
const IDS = [V1, 'synthetic-a', 'synthetic-b', 'synthetic-c', 'partial-go-json', 'synthetic-stack', 'synthetic-stack-2', ACTIVE];

const fixture = (name: string): Run => Run.parse(JSON.parse(readFileSync(`tests/fixtures/runs/${name}.json`, 'utf8')));

/** What `npm run bench -- --impl go --test json` writes: one cell, mode partial. */
function partialRun(): Run {
  const c = fixture('synthetic-c');
  const keep = (impl: string, suite: string, test: string) => impl === 'go' && suite === 'http' && test === 'json';
  return Run.parse({
    ...c,
    id: 'partial-go-json',
    mode: 'partial',
    suites: ['http'],
    started_at: '2027-01-01T00:00:00Z',
    finished_at: '2027-01-01T00:05:00Z',
    settings: { ...c.settings, options: { ...c.settings.options, suite: 'http', impl: 'go', test: 'json' } },
    cells: c.cells.filter((x) => keep(x.impl, x.suite, x.test)),
    comparisons: (c.comparisons ?? [])
      .filter((g) => g.suite === 'http' && g.test === 'json')
      .map((g) => ({ ...g, members: ['go'], reference: 'go', rounds: g.rounds.map((r) => ({ ...r, order: ['go'] })) })),
  });
}

/** synthetic-a measured again, newer, with an A/A check that fails for the CPU kernels and the operations. */
function failingAaRun(): Run {
  const a = fixture('synthetic-a');
  const aa = JSON.parse(readFileSync('tests/fixtures/aa/three-misses.json', 'utf8')) as { precision_target: Record<string, number>; aa: unknown[] };
  return Run.parse({
    ...a,
    id: ACTIVE,
    started_at: '2026-12-15T00:00:00Z',
    finished_at: '2026-12-15T01:00:00Z',
    settings: { ...a.settings, statistics: { ...a.settings.statistics!, precision_target: aa.precision_target } },
    aa: aa.aa,
  });
}

let output = '';
let status: number | null = null;

before(() => {
  rmSync(RUNS, { recursive: true, force: true });
  mkdirSync(RUNS, { recursive: true });
  copyFileSync(`tests/fixtures/runs/formats/${V1}.json`, join(RUNS, `${V1}.json`));
  for (const id of ['synthetic-a', 'synthetic-b', 'synthetic-c']) copyFileSync(`tests/fixtures/runs/${id}.json`, join(RUNS, `${id}.json`));
  writeFileSync(join(RUNS, 'partial-go-json.json'), JSON.stringify(partialRun()));
  writeFileSync(join(RUNS, `${ACTIVE}.json`), JSON.stringify(failingAaRun()));
  // The first web-stack run: one cell served nothing in its timed windows (0 req/s, as a stack can when its pool
  // stalls); the second, newer, is the one the site quotes.
  const stack1 = fixture('synthetic-stack');
  stack1.cells = stack1.cells.map((c) =>
    c.suite === 'stack' && c.impl === 'node-orm' && c.test === 'queries'
      ? ({ ...c, repetitions: c.repetitions.map((r) => ({ ...r, requests: 0, requests_per_second: 0, transfer_bytes_per_second: 0 })), summary: c.summary && { ...c.summary, requests_per_second: { ...c.summary.requests_per_second, median: 0 } } } as typeof c)
      : c,
  );
  writeFileSync(join(RUNS, 'synthetic-stack.json'), JSON.stringify(Run.parse(stack1)));
  const stack2 = { ...fixture('synthetic-stack'), id: 'synthetic-stack-2', started_at: '2026-01-06T00:00:00Z', finished_at: '2026-01-06T01:00:00Z' };
  writeFileSync(join(RUNS, 'synthetic-stack-2.json'), JSON.stringify(stack2));
  const env: NodeJS.ProcessEnv = { ...process.env, DIEZMIL_RUNS_DIR: RUNS, DIEZMIL_BASE: BASE, ASTRO_TELEMETRY_DISABLED: '1' };
  delete env.DIEZMIL_RUN;
  delete env.DIEZMIL_STACK_RUN;
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
const comparePages = (lang: string) =>
  readdirSync(join(OUT, lang, 'runs/compare'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((a) => readdirSync(join(OUT, lang, 'runs/compare', a.name)).map((b) => `${a.name}/${b}`))
    .sort();

test('the site builds from the runs folder, under /diezmil/', () => {
  assert.equal(status, 0, output.slice(-3000));
});

test('the build prints no MODULE_LEVEL_DIRECTIVE boxes, no unknown code languages and no Node module in a browser script', () => {
  assert.doesNotMatch(output, /MODULE_LEVEL_DIRECTIVE/);
  assert.doesNotMatch(output, /Language does not exist|Unable to load the language/);
  // A browser script (the run picker's) that imports a module importing node:fs gets a stub that throws when used.
  assert.doesNotMatch(output, /has been externalized for browser compatibility/);
  // The essay's ```apache block is highlighted (Prism's apacheconf), not left plain.
  const essay = readFileSync(join(OUT, 'en/essays/python-web-infrastructure/index.html'), 'utf8');
  assert.match(essay, /<pre class="language-apacheconf"[^>]*><code class="language-apacheconf"><span class="token/);
});

test('a partial run is listed, marked partial, and never becomes the active run though it is the newest', () => {
  const page = html('en/runs');
  const item = /<li data-run="partial-go-json">([\s\S]*?)<\/details>/.exec(page)?.[1] ?? '';
  assert.match(text(item), /partial/);
  assert.match(text(item), /Not quoted: a partial run/);
  assert.doesNotMatch(item, /data-badge="active"/);
  const active = /<li data-run="synthetic-aa">([\s\S]*?)<\/details>/.exec(page)?.[1] ?? '';
  assert.match(active, /data-badge="active"/);
  assert.match(html('en/results'), new RegExp(`data-run-id>${ACTIVE}<`));
});

test('the runs index: runs grouped by machine, each under a label no other run has', () => {
  const page = html('en/runs');
  const machines = [...page.matchAll(/<section class="machine-runs"[^>]*data-machine="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(new Set(machines), new Set(['synthetic-fixture', 'synthetic-other', 'vm']));
  // The active run's machine first.
  assert.equal(machines[0], 'synthetic-fixture');
  const labels = [...page.matchAll(/<strong class="runs__label">([^<]+)<\/strong>/g)].map((m) => m[1]!);
  assert.equal(labels.length, IDS.length);
  assert.equal(new Set(labels).size, labels.length, labels.join('\n'));
  for (const l of labels) assert.match(l, /\d{1,2}:\d\d UTC · .+ · (full|partial|quick)$/);
});

test('comparison pages for a bounded set: each run against its active run and the previous run of its machine, never between runs that share no cell', () => {
  const expected = [
    `${ACTIVE}/${V1}`, `${ACTIVE}/synthetic-a`, `${ACTIVE}/synthetic-b`, `${ACTIVE}/synthetic-c`, `${ACTIVE}/partial-go-json`,
    'synthetic-a/synthetic-b', `synthetic-b/${ACTIVE}`, 'synthetic-c/partial-go-json',
    'synthetic-stack-2/synthetic-stack', 'synthetic-stack/synthetic-stack-2',
  ].sort();
  for (const lang of ['en', 'es']) {
    assert.deepEqual(comparePages(lang), expected, lang);
    assert.ok(comparePages(lang).length <= 2 * IDS.length);
    // Every page is linked from the picker's list; the index links each run's own.
    const picker = html(`${lang}/runs/compare`);
    for (const p of expected) assert.ok(picker.includes(`href="${BASE}${lang}/runs/compare/${p}/"`), `${lang} picker links ${p}`);
    assert.ok(html(`${lang}/runs`).includes(`href="${BASE}${lang}/runs/compare/${ACTIVE}/synthetic-c/"`));
  }
  // A web-stack run is never compared with a main run: they share no cell.
  assert.ok(!comparePages('en').some((p) => p.includes('synthetic-stack') && !/^synthetic-stack(-2)?\/synthetic-stack(-2)?$/.test(p)));
  // The index compares the newest run with its default partner (the partial run against the active run), nothing else.
  assert.match(html('en/runs'), new RegExp(`data-compare-a="${ACTIVE}" data-compare-b="partial-go-json"`));
});

test('columns are headed by machine and date, in the page language', () => {
  const en = text(html(`en/runs/compare/${ACTIVE}/synthetic-c`));
  assert.match(en, /synthetic-fixture, Dec 15, 2026, 0?0:00 UTC · all suites · full Synthetic CPU/);
  assert.match(en, /synthetic-other, Jan 3, 2026, 0?0:00 UTC · all suites · full Other synthetic CPU/);
  assert.match(en, /above 1: faster on synthetic-other, Jan 3, 2026/);
  const es = text(html(`es/runs/compare/${ACTIVE}/synthetic-c`));
  assert.match(es, /synthetic-other, 3 ene 2026, 0?0:00 UTC · todas las suites · completa|synthetic-other, 3 ene 2026/);
  assert.match(es, /más de 1: más rápida en synthetic-other/);
});

test('ratios read > 1 = faster on the second run, for req/s, seconds and ns alike', () => {
  const slower = html('en/runs/compare/synthetic-a/synthetic-b');
  const faster = html(`en/runs/compare/${ACTIVE}/synthetic-c`);
  for (const key of ['http/go/json', 'cpu/go/nbody', 'ops/c/call', 'build/go/cold']) {
    assert.ok(Math.abs(ratioOf(slower, key) - 0.5) < 0.03, `${key} on the slower machine: ${ratioOf(slower, key)}`);
    assert.ok(Math.abs(ratioOf(faster, key) - 2) < 0.1, `${key} on the faster machine: ${ratioOf(faster, key)}`);
  }
  assert.match(text(rowOf(slower, 'cpu/go/nbody')), /slower on synthetic-fixture, Jan 2, 2026/);
  assert.match(text(rowOf(faster, 'http/go/json')), /faster on synthetic-other, Jan 3, 2026/);
});

test('rows: only the suites both runs measured, each missing figure with its reason; never a row neither run has', () => {
  // Java was only measured on the first machine: "not in this run" on the other side.
  for (const [path, side, words] of [
    [`en/runs/compare/${ACTIVE}/synthetic-c`, 'b', 'not in this run'],
    [`es/runs/compare/${ACTIVE}/synthetic-c`, 'b', 'no está en esta ejecución'],
  ] as const) {
    const row = rowOf(html(path), 'http/java/json');
    assert.match(row, new RegExp(`data-side="${side}"[^>]*>\\s*<span class="metric--missing" data-missing="no_cell">${words}</span>`), path);
  }
  // The partial run measured one HTTP cell: only the HTTP suite is compared, the others are named in a line;
  // its missing cells say that the run was limited with --impl.
  const partial = html(`en/runs/compare/${ACTIVE}/partial-go-json`);
  assert.deepEqual([...partial.matchAll(/<table class="compare" data-suite="([^"]+)"/g)].map((m) => m[1]), ['http']);
  assert.match(text(partial), /Measured only in synthetic-fixture, Dec 15, 2026.*so not compared: CPU kernels, Operations, Threads and processes, and Build times \(\d+ cells\)/);
  assert.match(text(rowOf(partial, 'http/java/json')), /not measured: this run was limited to Go \(--impl\)/);
  // Every row has a figure on at least one side, on every comparison page.
  for (const p of comparePages('en')) {
    for (const m of html(`en/runs/compare/${p}`).matchAll(/<tr data-cell="[^"]+"[\s\S]*?<\/tr>/g)) assert.match(m[0], /<data value=/, `${p}: ${m[0].slice(0, 80)}`);
  }
});

test('every figure carries its 95 % interval; version-1 and version-2 runs compare; stack tests by name', () => {
  const page = html(`en/runs/compare/${ACTIVE}/${V1}`);
  const rows = [...page.matchAll(/<tr data-cell="[^"]+"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  assert.ok(rows.length > 100);
  let values = 0;
  for (const row of rows) {
    for (const cell of row.matchAll(/<td class="num" data-side="(a|b)"[^>]*>([\s\S]*?)<\/td>/g)) {
      if (!cell[2]!.includes('<data')) continue;
      values++;
      assert.match(text(cell[2]!), /95%: .+ – .+|no interval/, row.slice(0, 200));
    }
  }
  assert.ok(values > 200, `${values} figures`);
  assert.ok(ratioOf(page, 'http/go/json') > 0);
  const stack = text(html('en/runs/compare/synthetic-stack/synthetic-stack-2'));
  assert.match(stack, /One row/);
  assert.doesNotMatch(stack, / · (db|queries|fortunes|cached|repeated) /);
  // Suite captions are names.
  assert.match(page, /<caption>HTTP servers<\/caption>/);
  // Two figures and no ratio (the first is zero, the speed ratio would divide by it): the row says why, never a bare "–".
  const zero = rowOf(html('en/runs/compare/synthetic-stack/synthetic-stack-2'), 'stack/node-orm/queries');
  assert.match(zero, /<data value="0">/);
  assert.match(text(zero), /no ratio: one figure is zero/);
  // The other way round the ratio is defined: nothing served is a speed of 0×.
  assert.equal(ratioOf(html('en/runs/compare/synthetic-stack-2/synthetic-stack'), 'stack/node-orm/queries'), 0);
});

test('results: counts of rounds print as whole numbers; the machine card has clock, cores, virtualisation, system and kernel; the repository is linked', () => {
  const page = html('en/results');
  const rounds = [...page.matchAll(/<td class="num" data-rounds="(\d+)"[^>]*>([^<]*)<\/td>/g)];
  assert.ok(rounds.length > 50);
  for (const [, n, shown] of rounds) assert.equal(shown, n === '0' ? '–' : n);
  for (const attr of ['data-cpu-model', 'data-clock', 'data-cpus', 'data-virtualization', 'data-os', 'data-kernel']) assert.match(page, new RegExp(`<dd ${attr}>[^<]+</dd>`), attr);
  // The fixture machine recorded no clock: said so, not left out.
  assert.match(page, /<dd data-clock>not recorded<\/dd>/);
  const repository = (JSON.parse(readFileSync('data/site.json', 'utf8')) as { repository?: string | null }).repository;
  if (repository) {
    for (const path of ['en/results', 'es/about']) assert.ok(html(path).includes(`href="${repository}" rel="noopener" data-repository`), path);
  }
});

test('every run file is served as it is under /data/runs/<id>.json and linked from the results and runs pages', () => {
  for (const id of IDS) {
    const served = readFileSync(join(OUT, 'data/runs', `${id}.json`));
    assert.ok(served.equals(readFileSync(join(RUNS, `${id}.json`))), id);
  }
  assert.ok(html('en/results').includes(`href="${BASE}data/runs/${ACTIVE}.json"`));
  for (const id of IDS) assert.ok(html('en/runs').includes(`href="${BASE}data/runs/${id}.json"`), id);
});

test('the failed A/A check is said beside the figures, on the claims and on the methodology page', () => {
  for (const lang of ['en', 'es']) {
    const results = html(`${lang}/results`);
    assert.deepEqual([...results.matchAll(/data-aa-caveat="([^"]+)"/g)].map((m) => m[1]).sort(), ['cpu', 'ops'], lang);
    // Each caveat stands right before its suite's table.
    assert.match(results, /data-aa-caveat="cpu"[\s\S]*?<\/p>\s*<div class="table-scroll"[^>]*><table class="cells" data-suite="cpu"/);
    assert.match(html(`${lang}/claims`), /data-aa-caveat="cpu"/);
    const methodology = html(`${lang}/methodology`);
    assert.match(methodology, /data-aa-judgement="failed"/);
    // An A/A interval whose ends round alike prints one more digit: never "1.0–1.0×".
    assert.doesNotMatch(text(methodology), /(\d[.,]\d)–\1×/);
    assert.match(text(methodology), lang === 'en' ? /0\.987–0\.994×/ : /0,987–0,994×/);
  }
  assert.match(text(html('en/methodology')), /3 of these 17 intervals exclude one; .* at most 2/);
  assert.match(text(html('en/methodology')), /Go against Go \(second copy, A\/A check\)/);
});

test('under /diezmil/ nothing is written from the host\'s root', () => {
  for (const path of ['', 'en', 'es/runs', `en/runs/compare/${ACTIVE}/synthetic-c`, 'en/search', 'es/claims']) {
    const page = path === '' ? readFileSync(join(OUT, 'index.html'), 'utf8') : html(path);
    const rooted = [...page.matchAll(/\s(?:href|src|data-pagefind|data-base|content)="(\/[^"]*)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith(BASE));
    assert.deepEqual(rooted, [], path);
  }
  assert.match(readFileSync(join(OUT, 'index.html'), 'utf8'), /url=\/diezmil\/en\//);
  assert.match(readFileSync(join(OUT, 'sitemap-0.xml'), 'utf8'), /<loc>https:\/\/[^<]+\/diezmil\/en\/<\/loc>/);
  assert.match(readFileSync(join(OUT, 'en/rss.xml'), 'utf8'), /<link>https:\/\/[^<]+\/diezmil\/en\/essays\//);
});

let server: ChildProcess | null = null;
after(() => {
  server?.kill();
});

test('served under /diezmil/ and crawled: no broken link, and the styles and the search files load', async () => {
  const [port] = freePorts(1);
  server = spawn(process.execPath, ['scripts/serve-static.ts', OUT, String(port), BASE], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  const crawl = await import('../../scripts/site/crawl.ts');
  await crawl.waitFor(`${origin}${BASE}`);
  const report = await crawl.crawl(`${origin}${BASE}`);
  assert.deepEqual(report.broken, [], report.broken.join('\n'));
  assert.ok(report.pages > 60, `${report.pages} pages`);
  assert.ok(report.loaded.some((u) => /\/diezmil\/_astro\/[^/]+\.css$/.test(u)), 'a stylesheet');
  assert.ok(report.loaded.includes(`${origin}${BASE}search.js`));
  assert.ok(report.loaded.includes(`${origin}${BASE}pagefind/pagefind.js`));
  assert.ok(report.loaded.includes(`${origin}${BASE}favicon.svg`));
  // The root of the host is not the site: a link written from it would have been broken above.
  assert.equal((await fetch(`${origin}/en/`)).status, 404);
  assert.ok(existsSync(join(OUT, 'pagefind/pagefind-entry.json')));
});
