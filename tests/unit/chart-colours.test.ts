/**
 * Colours of the charts (src/lib/charts/colours.ts): no chart has two series
 * of one colour; every implementation has one colour on every chart; the
 * implementations of one runtime family share its hue. Checked on the fixture
 * runs and, as a property, on every run in data/runs/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildChart, CHART_IDS, type ChartModel } from '../../src/lib/charts/registry.ts';
import { FAMILY_HUES, familyHue, seriesColours, shade } from '../../src/lib/charts/colours.ts';
import { implFamily } from '../../src/lib/labels.ts';
import { pairStackRun } from '../../src/lib/metrics.ts';
import { parseRunFile } from '../../src/lib/runs.ts';
import type { Run } from '../../src/schemas/run.ts';
import { fixtureRun, translator } from './helpers.ts';

const t = translator('en');
const fixture = fixtureRun('synthetic-a');
pairStackRun(fixture, fixtureRun('synthetic-stack'));
const published: Run[] = readdirSync('data/runs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseRunFile(`data/runs/${f}`, readFileSync(`data/runs/${f}`, 'utf8')));
const stackRun = published.find((r) => r.cells.some((c) => c.suite === 'stack')) ?? null;
for (const run of published) if (!run.cells.some((c) => c.suite === 'stack')) pairStackRun(run, stackRun);

function charts(): Array<{ run: string; chart: ChartModel }> {
  return [fixture, ...published].flatMap((run) =>
    CHART_IDS.map((id) => buildChart(id, run, t)).filter((c): c is ChartModel => c !== null).map((chart) => ({ run: run.id, chart })),
  );
}
const all = charts();

test('no chart has two series of one colour (on every run, fixture and published)', () => {
  assert.ok(all.length > 10);
  for (const { run, chart } of all) {
    assert.equal(chart.colours.length, chart.series.length, `${run} ${chart.id}`);
    assert.equal(new Set(chart.colours).size, chart.colours.length, `${run} ${chart.id}: ${chart.series.map((s, i) => `${s} ${chart.colours[i]}`).join(', ')}`);
    if (chart.stepColours) assert.equal(new Set(chart.stepColours).size, chart.stepColours.length, `${run} ${chart.id} steps`);
  }
});

test('Rust · actix-web and CPython · nginx + uWSGI, first and last bar of a group, differ', () => {
  const c = seriesColours('http', ['rust-actix', 'cpython-nginx']);
  assert.notEqual(c.get('rust-actix'), c.get('cpython-nginx'));
});

test('an implementation keeps its colour on every chart, and a runtime family its hue', () => {
  const seen = new Map<string, string>();
  for (const { run, chart } of all) {
    chart.series.forEach((_, i) => {
      const impl = chart.rows.find((r) => r.series === chart.series[i])!.impl;
      // The build suite times the HTTP servers: their colours are the HTTP suite's.
      const suite = chart.suite === 'build' ? 'http' : chart.suite;
      const key = `${suite}/${impl}`;
      const colour = chart.colours[i]!;
      assert.equal(seen.get(key) ?? colour, colour, `${key} changes colour on ${run} ${chart.id}`);
      seen.set(key, colour);
      const hue = familyHue(implFamily(impl));
      assert.ok([0, 1, 2, 3, 4, 5, 6].some((k) => shade(hue, k) === colour), `${key} (${colour}) is not a shade of its family's hue ${hue}`);
    });
  }
  // CPython is one family on the CPU chart and on the HTTP chart (its two deployments): the same hue, shaded.
  assert.equal(seen.get('cpu/cpython'), FAMILY_HUES.cpython);
  assert.notEqual(seen.get('http/cpython-uwsgi'), seen.get('http/cpython-nginx'));
});

test('the family hues are distinct, and shades of one hue never coincide', () => {
  const hues = Object.values(FAMILY_HUES);
  assert.equal(new Set(hues).size, hues.length);
  for (const hue of hues) {
    const shades = [0, 1, 2, 3, 4, 5, 6].map((k) => shade(hue, k));
    assert.equal(new Set(shades).size, shades.length, hue);
    assert.ok(shades.every((s) => !hues.includes(s) || s === hue), `${hue}: a shade equals another family's hue`);
  }
});
