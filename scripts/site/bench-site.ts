/**
 * `npm run bench:site`: a performance benchmark of the static site, not a test.
 * Builds the site into .test-dist/site-bench/, records the build time and, per
 * page, the bytes of HTML, CSS, JS and images it loads (raw and gzip) and its
 * request count; compares them with scripts/site/budgets.json and writes
 * .test-dist/site-report.json (generated: not committed). Pages over budget are
 * listed; the exit code is 0 unless the build fails (pass --strict to exit 1
 * when a budget is exceeded). --lighthouse adds Lighthouse scores for a sample
 * of pages (scripts/site/lighthouse.ts → .test-dist/site-lighthouse.json).
 *
 * --runs N builds from N runs instead of data/runs/: the runs there are copied
 * under new ids (and later start times, so they stay apart), round after
 * round, into .test-dist/site-bench-runs/, to measure how the build grows
 * with the runs (the comparison pages are a bounded set: it should be linear).
 * The report records the number of runs and of comparison pages.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { join, relative, sep, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';

const OUT = '.test-dist/site-bench';
const REPORT = '.test-dist/site-report.json';
const strict = process.argv.includes('--strict');
const runsArg = process.argv.indexOf('--runs');
const runCount = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : null;
if (runCount !== null && (!Number.isInteger(runCount) || runCount < 1)) {
  console.error('bench:site: --runs takes a whole number of runs, e.g. npm run bench:site -- --runs 50');
  process.exit(2);
}

/** N runs from data/runs/: the originals, then copies under new ids, each round a day later than the last. */
function copiedRuns(n: number): string {
  const source = process.env.DIEZMIL_RUNS_DIR ?? 'data/runs';
  const dir = '.test-dist/site-bench-runs';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(source).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`bench:site: no run files in ${source}`);
  const shift = (iso: string | null, days: number) => (iso === null ? null : new Date(Date.parse(iso) + days * 86_400_000).toISOString().replace('.000Z', 'Z'));
  for (let i = 0; i < n; i++) {
    const file = files[i % files.length]!;
    const round = Math.floor(i / files.length);
    const text = readFileSync(join(source, file), 'utf8');
    if (round === 0) {
      writeFileSync(join(dir, file), text);
      continue;
    }
    const run = JSON.parse(text) as { id: string; started_at: string; finished_at: string | null };
    run.id = `${run.id}-copy${round}`;
    run.started_at = shift(run.started_at, round)!;
    run.finished_at = shift(run.finished_at, round);
    writeFileSync(join(dir, `${run.id}.json`), JSON.stringify(run));
  }
  return dir;
}
const runsDir = runCount === null ? null : copiedRuns(runCount);

interface Budget { htmlGzip: number; cssGzip: number; jsGzip: number; imageBytes: number; totalGzip: number; requests: number }
const budgets = JSON.parse(readFileSync('scripts/site/budgets.json', 'utf8')) as { default: Budget; pages: Record<string, Partial<Budget>>; buildSeconds: number };

const started = performance.now();
const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', OUT], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...(runsDir ? { DIEZMIL_RUNS_DIR: runsDir } : {}) },
});
const buildSeconds = (performance.now() - started) / 1000;
if (build.status !== 0) {
  console.error(`bench:site: the build failed (exit ${build.status}).`);
  process.exit(1);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}
const urlOf = (file: string) => {
  const rel = '/' + relative(OUT, file).split(sep).join('/');
  return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
};
const sizes = (buf: Buffer) => ({ raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length });

const pages = walk(OUT)
  .filter((f) => f.endsWith('.html'))
  .map((file) => {
    const url = urlOf(file);
    const html = readFileSync(file);
    const text = html.toString('utf8');
    const refs = new Map<string, 'css' | 'js' | 'image'>();
    for (const m of text.matchAll(/<link\b[^>]*>/g)) {
      const tag = m[0];
      const href = /\shref="([^"]+)"/.exec(tag)?.[1];
      if (!href || /^https?:/.test(href)) continue;
      if (/rel="stylesheet"/.test(tag)) refs.set(href, 'css');
      else if (/rel="(icon|preload)"/.test(tag)) refs.set(href, /\.(css)$/.test(href) ? 'css' : /\.m?js$/.test(href) ? 'js' : 'image');
    }
    for (const m of text.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)) refs.set(m[1]!, 'js');
    for (const m of text.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)) refs.set(m[1]!, 'image');
    const totals = { css: { raw: 0, gzip: 0 }, js: { raw: 0, gzip: 0 }, image: { raw: 0, gzip: 0 } };
    for (const [href, kind] of refs) {
      const path = join(OUT, new URL(href, `http://x${url}`).pathname);
      if (!existsSync(path)) continue;
      const s = sizes(readFileSync(path));
      totals[kind].raw += s.raw;
      totals[kind].gzip += s.gzip;
    }
    const h = sizes(html);
    const page = {
      url,
      html: h,
      css: totals.css,
      js: totals.js,
      images: totals.image,
      totalGzip: h.gzip + totals.css.gzip + totals.js.gzip + totals.image.gzip,
      requests: 1 + refs.size,
      overBudget: [] as string[],
    };
    const b = { ...budgets.default, ...budgets.pages[url] };
    const check = (name: keyof Budget, value: number) => {
      if (value > b[name]) page.overBudget.push(`${name} ${value} > ${b[name]}`);
    };
    check('htmlGzip', h.gzip);
    check('cssGzip', totals.css.gzip);
    check('jsGzip', totals.js.gzip);
    check('imageBytes', totals.image.raw);
    check('totalGzip', page.totalGzip);
    check('requests', page.requests);
    return page;
  })
  .sort((a, b) => b.totalGzip - a.totalGzip);

const over = pages.filter((p) => p.overBudget.length);
const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  buildSeconds: Math.round(buildSeconds * 100) / 100,
  runs: runCount ?? readdirSync(process.env.DIEZMIL_RUNS_DIR ?? 'data/runs').filter((f) => f.endsWith('.json')).length,
  comparePages: pages.filter((p) => /\/runs\/compare\/[^/]+\/[^/]+\/$/.test(p.url)).length,
  buildOverBudget: buildSeconds > budgets.buildSeconds,
  pageCount: pages.length,
  heaviest: pages[0] ? { url: pages[0].url, totalGzip: pages[0].totalGzip, htmlRaw: pages[0].html.raw } : null,
  overBudget: over.map((p) => ({ url: p.url, problems: p.overBudget })),
  budgets,
  pages,
};
mkdirSync(dirname(REPORT), { recursive: true });
writeFileSync(REPORT, JSON.stringify(report, null, 2) + '\n');

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log(`build: ${report.buildSeconds} s (budget ${budgets.buildSeconds} s)${report.buildOverBudget ? '  ⚠ over budget' : ''}; ${report.runs} runs, ${report.pageCount} pages, ${report.comparePages} comparison pages`);
console.log(`${'page'.padEnd(52)} ${'html gz'.padStart(9)} ${'css gz'.padStart(8)} ${'js gz'.padStart(8)} ${'total gz'.padStart(9)} req`);
for (const p of pages)
  console.log(`${p.url.padEnd(52)} ${kb(p.html.gzip).padStart(9)} ${kb(p.css.gzip).padStart(8)} ${kb(p.js.gzip).padStart(8)} ${kb(p.totalGzip).padStart(9)} ${String(p.requests).padStart(3)}${p.overBudget.length ? '  ⚠ ' + p.overBudget.join(', ') : ''}`);
console.log(`\n${pages.length} pages, ${over.length} over budget; report: ${REPORT}`);
if (process.argv.includes('--lighthouse')) {
  console.log('\nLighthouse (desktop, unthrottled, 127.0.0.1):');
  spawnSync(process.execPath, ['scripts/site/lighthouse.ts', OUT], { stdio: 'inherit' });
}
if (strict && (over.length || report.buildOverBudget)) process.exit(1);
