import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { buildChart, CHART_IDS } from '../../src/lib/charts/registry.ts';
import { chartSpec } from '../../src/lib/charts/spec.ts';
import { renderSvg, numberLocale, uniqueIds } from '../../src/lib/charts/render.ts';
import { fixtureRun, translator } from './helpers.ts';

const run = fixtureRun('synthetic-a');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

for (const lang of ['en', 'es'] as const) {
  test(`http-rps renders the golden SVG (${lang})`, async () => {
    const t = translator(lang);
    const chart = buildChart('http-rps', run, t)!;
    const svg = await renderSvg(chartSpec(chart), { intl: lang === 'en' ? 'en-US' : 'es-ES', idPrefix: `golden-${lang}` });
    const file = `tests/fixtures/golden/http-rps.${lang}.svg`;
    if (UPDATE || !existsSync(file)) writeFileSync(file, svg);
    assert.equal(svg, readFileSync(file, 'utf8'), `${file} differs: rerun with UPDATE_GOLDEN=1 if the change is intended`);
    // Localized test names and axis title.
    assert.ok(svg.includes(lang === 'en' ? 'Encode JSON' : 'Codificar JSON'));
    assert.ok(svg.includes(lang === 'en' ? 'req/s' : 'peticiones/s'));
  });
}

test('rendering is deterministic', async () => {
  const chart = buildChart('cpu-ladder', run, translator('en'))!;
  const a = await renderSvg(chartSpec(chart), { intl: 'en-US', idPrefix: 'x' });
  const b = await renderSvg(chartSpec(chart), { intl: 'en-US', idPrefix: 'x' });
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

test('axis numbers use the locale separators', () => {
  assert.deepEqual(numberLocale('es-ES').decimal, ',');
  assert.deepEqual(numberLocale('es-ES').thousands, '.');
  assert.deepEqual(numberLocale('en-US').thousands, ',');
});

test('ids in an SVG are prefixed so charts can share a page', () => {
  const svg = '<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
  assert.equal(uniqueIds(svg, 'c'), '<svg><clipPath id="c-clip1"/><g clip-path="url(#c-clip1)"/></svg>');
});
