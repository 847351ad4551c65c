/**
 * Issue #13: a run that lacks an implementation. The site is built from a copy
 * of the synthetic fixture run without any Go cell (DIEZMIL_RUN); then no
 * sentence of an essay may read "not measured" where a number stood, each
 * sentence that needed Go's figures is replaced by one that says so, a note
 * at the top of the essay says Go was not measured, the build names every
 * such place (file, line, metric id), and the charts' tables list Go as not
 * measured with the reason. The same build also shows the benchmarking
 * essay's setup table and its like-with-like memory rows (issue #12).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Run } from '../../src/schemas/run.ts';
import { fixtureRun, translator } from '../unit/helpers.ts';

const OUT = resolve('.test-dist/missing-figures');
const RUN_FILE = join(OUT, '..', 'missing-figures-run.json');
const LANGS = ['en', 'es'] as const;

/** The fixture run as if Go had not been measured at all. */
function withoutGo(run: Run): Run {
  const copy = structuredClone(run);
  copy.id = `${run.id}-without-go`;
  copy.cells = copy.cells.filter((c) => c.impl !== 'go');
  for (const key of Object.keys(copy.implementations)) if (key.endsWith('/go')) delete copy.implementations[key];
  copy.comparisons = copy.comparisons?.map((g) => {
    const members = g.members.filter((m) => m !== 'go');
    return {
      ...g,
      members,
      reference: g.reference === 'go' ? members[0]! : g.reference,
      rounds: g.rounds.map((r) => ({ ...r, order: r.order.filter((m) => m !== 'go') })),
      precision: g.precision.filter((p) => p.of !== 'go' && p.to !== 'go'),
    };
  });
  return copy;
}

const page = (path: string) => readFileSync(join(OUT, path, 'index.html'), 'utf8');
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/**
 * The prose of an essay: its paragraphs and list items, after its header and
 * outside charts and tables (where "not measured" is a table cell, not a
 * sentence), as HTML.
 */
function proseOf(html: string): string[] {
  const start = html.indexOf('<article');
  const article = html
    .slice(html.indexOf('</header>', start), html.lastIndexOf('</article>'))
    .replace(/<figure[\s\S]*?<\/figure>/g, '')
    .replace(/<table[\s\S]*?<\/table>/g, '');
  return [...article.matchAll(/<(p|li)(?: [^>]*)?>([\s\S]*?)<\/\1>/g)].map((m) => m[2]!);
}
/** A verdict badge says "not measured" as its verdict: a label of its own, not a figure in the sentence. */
const withoutBadges = (block: string) => block.replace(/<span class="claim__verdict"[^>]*>[^<]*<\/span>/g, ' ');

test('a run without Go builds, and the build names each sentence it leaves out', () => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(RUN_FILE, JSON.stringify(withoutGo(fixtureRun('synthetic-a'))));
  rmSync(OUT, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', OUT], {
    env: { ...process.env, DIEZMIL_RUN: RUN_FILE, DIEZMIL_STACK_RUN: 'tests/fixtures/runs/synthetic-stack.json', ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, output.slice(-3000));
  for (const lang of LANGS) {
    for (const [essay, metric] of [
      ['benchmarking-python-pypy-go-rust', 'http.go.loop.rps'],
      ['benchmarking-python-pypy-go-rust', 'build.go.incremental.seconds'],
      ['why-learn-go', 'build.go.cold.seconds'],
      ['rust-will-not-replace-python', 'cpu.go.geomean.vs_c'],
    ] as const) {
      const re = new RegExp(`src/content/essays/${lang}/${essay}\\.mdx:\\d+: sentence left out .*${metric.replace(/\./g, '\\.')}`);
      assert.match(output, re, `${lang}/${essay}: the build names the place and ${metric}`);
    }
  }
});

for (const lang of LANGS) {
  test(`${lang}: no sentence reads "not measured" where a figure stood; the left-out ones say so`, () => {
    const t = translator(lang);
    const bare = t('metric.notMeasured');
    const essays = readdirSync(join(OUT, lang, 'essays'), { withFileTypes: true }).filter((d) => d.isDirectory());
    assert.equal(essays.length, 6);
    let leftOut = 0;
    for (const essay of essays) {
      const html = page(`${lang}/essays/${essay.name}`);
      for (const block of proseOf(html)) {
        assert.ok(!block.includes('metric--missing'), `${essay.name}: a bare "${bare}" in "${text(block)}"`);
        assert.ok(!text(withoutBadges(block)).includes(bare), `${essay.name}: "${text(block)}"`);
      }
      leftOut += [...html.matchAll(/<span class="cited-missing[^"]*" lang="[a-z]+" data-missing-figures="([^"]+)"/g)].length;
    }
    assert.ok(leftOut >= 8, `sentences left out in ${lang}: ${leftOut}`);

    const bench = page(`${lang}/essays/benchmarking-python-pypy-go-rust`);
    const note = text(/<aside class="missing-figures[\s\S]*?<\/aside>/.exec(bench)?.[0] ?? '');
    assert.ok(note.includes(t('essay.missingAbsent', { impl: 'Go' })), note);
    // The loop sentence is replaced whole, and names what it needed.
    const loop = /<span class="cited-missing[^"]*" lang="[a-z]+" data-missing-figures="http\.go\.loop\.rps"[^>]*>([^<]*)<\/span>/.exec(bench);
    assert.ok(loop, 'the loop sentence is left out');
    assert.equal(loop[1], t('cited.leftOut', { figures: t('cited.figure', { impl: 'Go', test: t('test.loop') }) }));
    // An essay whose figures are all there has no note.
    assert.ok(!page(`${lang}/essays/python-web-infrastructure`).includes('class="missing-figures'));
  });

  test(`${lang}: chart tables list Go as not measured, with the reason`, () => {
    const t = translator(lang);
    const bench = page(`${lang}/essays/benchmarking-python-pypy-go-rust`);
    const rps = /<figure class="chart" id="chart-http-rps"[\s\S]*?<\/figure>/.exec(bench)![0];
    const rows = [...rps.matchAll(/<tr class="chart__not-measured" data-missing="([^"]+)">([\s\S]*?)<\/tr>/g)];
    // Go's five (other deployments the fixture lacks, such as PyPy's, are listed too, each for itself).
    assert.deepEqual(rows.map((r) => r[1]).filter((id) => id!.startsWith('http.go.')).sort(), ['http.go.json.rps', 'http.go.loop.rps', 'http.go.msgpack.rps', 'http.go.plaintext.rps', 'http.go.transfer.rps']);
    const reason = t('reason.no_cell', { suite: 'http', impl: 'go', test: 'loop' });
    assert.ok(rows.some((r) => text(r[2]!).includes(`${t('metric.notMeasured')}: ${reason}`)), text(rows[0]![2]!));
  });
}

// The same build, for what the benchmarking essay says about the setup and memory (issue #12, point 3).
for (const lang of LANGS) {
  test(`${lang}: the setup table and the then-vs-now memory rows come from the run, like with like`, () => {
    const t = translator(lang);
    const bench = page(`${lang}/essays/benchmarking-python-pypy-go-rust`);
    const setup = /<table class="http-setup" data-http-setup="rounds"[\s\S]*?<\/table>/.exec(bench)?.[0];
    assert.ok(setup, 'the setup table, for a run measured in rounds');
    assert.ok(text(setup).includes(t('count.rounds', { count: 8 })), text(setup));
    const row = (id: string) => text(new RegExp(`<tr data-row="${id.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</tr>`).exec(bench)![1]!.replace(/<\/t[dh]>/g, ' '));
    const change = (id: string) => row(id).split(' ').at(-1);
    // Eight CPython processes in 2019, two in this run: totals are not compared, per process they are.
    assert.ok(row('http.cpython.json.memory_mib').includes(t('count.processes', { count: 8 })), row('http.cpython.json.memory_mib'));
    assert.equal(change('http.cpython.json.memory_mib'), '–');
    assert.match(change('http.cpython.json.memory_mib/process')!, /×$/);
    // Go is not in this run: its rows say so, with the reason, and give no change.
    assert.ok(row('http.go.json.memory_mib').includes(t('reason.no_cell', { suite: 'http', impl: 'go', test: 'json' })), row('http.go.json.memory_mib'));
    assert.equal(change('http.go.json.memory_mib'), '–');
  });
}
