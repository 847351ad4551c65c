import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { buildChart, CHART_IDS, extremes, isTimeUnit } from '../../src/lib/charts/registry.ts';
import { chartSpec, CHART_WIDTHS, MARKS } from '../../src/lib/charts/spec.ts';
import { renderSvg, numberLocale, uniqueIds } from '../../src/lib/charts/render.ts';
import { chartNumber } from '../../src/lib/charts/numbers.ts';
import { pairStackRun } from '../../src/lib/metrics.ts';
import { fixtureRun, translator } from './helpers.ts';

const run = fixtureRun('synthetic-a');
// The web-stack chart reads the stack run beside it, as the site does.
pairStackRun(run, fixtureRun('synthetic-stack'));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const INTL = { en: 'en-US', es: 'es-ES' } as const;

/** The texts of one kind of mark in a rendered SVG, in order. */
function texts(svg: string, markClass: string): string[] {
  const groups = svg.split(`class="${markClass}`).slice(1).map((g) => g.slice(0, g.indexOf('</g>')));
  return groups.flatMap((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!));
}
const lines = (svg: string, name: string) =>
  svg.split(`class="mark-rule role-mark ${name}_marks"`).slice(1).reduce((n, g) => n + (g.slice(0, g.indexOf('</g>')).match(/<line /g)?.length ?? 0), 0);

for (const lang of ['en', 'es'] as const) {
  test(`http-rps renders the golden SVG (${lang})`, async () => {
    const t = translator(lang);
    const chart = buildChart('http-rps', run, t)!;
    const svg = await renderSvg(chartSpec(chart, { intl: INTL[lang] }), { intl: INTL[lang], idPrefix: `golden-${lang}` });
    const file = `tests/fixtures/golden/http-rps.${lang}.svg`;
    // The golden file is written only on request: a test that wrote a missing one would pass on any checkout.
    if (UPDATE) writeFileSync(file, svg);
    assert.ok(existsSync(file), `${file} is missing: create it with UPDATE_GOLDEN=1 node --test tests/unit/charts.test.ts and review it`);
    assert.equal(svg, readFileSync(file, 'utf8'), `${file} differs: rerun with UPDATE_GOLDEN=1 if the change is intended`);
    // Localized test names and axis title.
    assert.ok(svg.includes(lang === 'en' ? 'Encode JSON' : 'Codificar JSON'));
    assert.ok(svg.includes(lang === 'en' ? 'req/s' : 'peticiones/s'));
  });
}

test('rendering is deterministic', async () => {
  const chart = buildChart('cpu-ladder', run, translator('en'))!;
  const a = await renderSvg(chartSpec(chart, { intl: 'en-US' }), { intl: 'en-US', idPrefix: 'x' });
  const b = await renderSvg(chartSpec(chart, { intl: 'en-US' }), { intl: 'en-US', idPrefix: 'x' });
  assert.equal(a, b);
});

test('every chart id builds from a full run, with a row per measured cell', () => {
  for (const id of CHART_IDS) {
    const chart = buildChart(id, run, translator('es'));
    assert.ok(chart, id);
    assert.ok(chart.rows.length > 0 && chart.rows.every((r) => Number.isFinite(r.value)), id);
  }
  assert.equal(buildChart('http-rps', null, translator('en')), null);
});

test('every bar with an interval has an error bar over it, and a bar without one has none', async () => {
  const chart = buildChart('http-rps', run, translator('en'))!;
  const withInterval = chart.rows.filter((r) => r.low !== null && r.high !== null);
  assert.ok(withInterval.length > 0 && withInterval.every((r) => r.low! <= r.value && r.value <= r.high!));
  const svg = await renderSvg(chartSpec(chart, { intl: 'en-US' }), { intl: 'en-US', idPrefix: 'x' });
  assert.equal(lines(svg, MARKS.interval), withInterval.length);
  // Too few rounds for an interval: that bar simply has no error bar.
  const fewer = { ...chart, rows: chart.rows.map((r, i) => (i < 3 ? { ...r, low: null, high: null } : r)) };
  const svg2 = await renderSvg(chartSpec(fewer, { intl: 'en-US' }), { intl: 'en-US', idPrefix: 'x' });
  assert.equal(lines(svg2, MARKS.interval), withInterval.length - 3);
});

test('one number style per language: axis ticks and bar labels are written alike, never "0,2k"; times in full, never "538K"', async () => {
  const style = { en: /^\d{1,3}(\.\d+)?[KMBT]?$/, es: /^\d{1,3}(\.\d{3})*(,\d+)?(\u00a0(mil|M|mil\u00a0M))?$/ };
  // Times are drawn in a unit that keeps them under ten thousand and never abbreviated: no K, M, "mil".
  const timeStyle = { en: /^\d{1,3}(,\d{3})?(\.\d+)?$/, es: /^\d{1,3}(\.\d{3})?(,\d+)?$/ };
  for (const lang of ['en', 'es'] as const) {
    for (const id of CHART_IDS) {
      const chart = buildChart(id, run, translator(lang))!;
      for (const [variant, width] of Object.entries(CHART_WIDTHS)) {
        const svg = await renderSvg(chartSpec(chart, { width, intl: INTL[lang] }), { intl: INTL[lang], idPrefix: 'x' });
        // A chart of steps names its series on the other axis: those labels are names, not numbers.
        const ticks = texts(svg, 'mark-text role-axis-label').filter((label) => !chart.series.includes(label));
        const values = texts(svg, `mark-text role-mark ${MARKS.values}_marks`);
        assert.ok(ticks.length >= 2, `${id} ${variant} ${lang}: ticks`);
        assert.equal(values.length, chart.rows.length, `${id} ${variant} ${lang}: a label per bar`);
        const time = isTimeUnit(chart.unit);
        for (const label of [...ticks, ...values]) assert.match(label, (time ? timeStyle : style)[lang], `${id} ${variant} ${lang}: "${label}"`);
        // The bar labels are the values, written by the same formatter as the ticks.
        assert.deepEqual(values, chart.rows.map((r) => chartNumber(r.value, INTL[lang], !time)));
      }
    }
  }
  assert.equal(chartNumber(0.2, 'es-ES'), '0,2');
  assert.equal(chartNumber(1_130_000_000, 'en-US'), '1.13B');
  assert.equal(chartNumber(12_345, 'es-ES'), '12,3\u00a0mil');
});

test('the reference lines of the ten-thousand barrier are labelled once, above the bars, one per row', async () => {
  const chart = buildChart('ops-barrier', run, translator('en'))!;
  assert.equal(chart.rules.length, 3);
  for (const width of Object.values(CHART_WIDTHS)) {
    const svg = await renderSvg(chartSpec(chart, { width, intl: 'en-US' }), { intl: 'en-US', idPrefix: 'x' });
    const labels = texts(svg, `mark-text role-mark ${MARKS.referenceLabels}`);
    assert.deepEqual(labels, chart.rules.map((r) => r.label));
    // Each label on its own line: distinct vertical positions.
    const ys = [...svg.matchAll(new RegExp(`class="mark-text role-mark ${MARKS.referenceLabels}[^"]*"[^>]*><text[^>]*transform="translate\\([^,]+,([^)]+)\\)"`, 'g'))].map((m) => Number(m[1]));
    assert.equal(new Set(ys).size, ys.length);
    // The lines themselves still cross every group of bars.
    assert.equal(lines(svg, `${MARKS.referenceLines}_layer_0`), chart.categories.length);
  }
});

test('the caption calls the better result best: the largest speedup, the shortest time, the highest rate', () => {
  const t = translator('en');
  const threads = buildChart('threads-gil', run, t)!;
  assert.equal(extremes(threads).best.value, Math.max(...threads.rows.map((r) => r.value)));
  assert.equal(extremes(threads).worst.value, Math.min(...threads.rows.map((r) => r.value)));
  const cpu = buildChart('cpu-ladder', run, t)!;
  assert.equal(extremes(cpu).best.value, Math.min(...cpu.rows.map((r) => r.value)));
  const rps = buildChart('http-rps', run, t)!;
  assert.equal(extremes(rps).best.value, Math.max(...rps.rows.map((r) => r.value)));
  const latency = buildChart('http-latency', run, t)!;
  assert.equal(extremes(latency).best.value, Math.min(...latency.rows.map((r) => r.value)));
});

test('axis numbers use the locale separators', () => {
  assert.deepEqual(numberLocale('es-ES').decimal, ',');
  assert.deepEqual(numberLocale('es-ES').thousands, '.');
  assert.deepEqual(numberLocale('en-US').thousands, ',');
});

test('ids in an SVG are prefixed so charts can share a page', () => {
  const svg = '<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
  assert.equal(uniqueIds(svg, 'c'), '<svg><clipPath id="c-clip1"/><g clip-path="url(#c-clip1)"/></svg>');
});

test('the CPU ladder is taken against C++ and its table carries the callgrind instruction ratio as a cross-check', () => {
  const chart = buildChart('cpu-ladder', run, translator('en'))!;
  assert.equal(chart.valueTitle, '÷ C++');
  assert.ok(chart.rows.every((r) => r.metricId.endsWith('.vs_cpp')));
  assert.match(chart.crossCheckTitle ?? '', /Instructions ÷ C\+\+ \(callgrind\)/);
  // The fixture counts instructions for every runtime but Java, Node and PyPy (JIT).
  const nbodyGo = chart.rows.find((r) => r.metricId === 'cpu.go.nbody.vs_cpp')!;
  assert.ok(nbodyGo.crossCheck != null && Math.abs(nbodyGo.crossCheck - 1.6 / 0.95) < 1e-9);
  assert.equal(chart.rows.find((r) => r.metricId === 'cpu.java.nbody.vs_cpp')!.crossCheck, null);
});

test('a bar the load generator limited is drawn pale with "≥", and an A/A twin is never a bar of its own', async () => {
  const limited = structuredClone(run);
  for (const c of limited.cells) if (c.suite === 'http' && c.test === 'transfer' && c.impl === 'go') c.flags = [{ kind: 'client_bound', detail: 'wrk used 97 % of its CPU' }];
  const twin = structuredClone(limited.cells.find((c) => c.suite === 'http' && c.impl === 'go' && c.test === 'plaintext')!);
  twin.impl = 'go-aa';
  twin.twin_of = 'go';
  limited.cells.push(twin);
  const chart = buildChart('http-rps', limited, translator('en'))!;
  const row = chart.rows.find((r) => r.metricId === 'http.go.transfer.rps')!;
  assert.equal(row.clientBound, true);
  assert.equal(chart.rows.filter((r) => r.clientBound).length, 1);
  assert.ok(!chart.series.includes('go-aa'), 'the A/A twin is not a series');
  const spec = JSON.stringify(chartSpec(chart, { intl: 'en-US' }));
  assert.match(spec, /"limited":true/);
  assert.match(spec, /"label":"≥ /);
  assert.match(spec, /"opacity":\{"condition":\{"test":"datum.limited","value":0.4\}/);
});
