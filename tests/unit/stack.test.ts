/**
 * The web-stack suite on the site (issue #14): stack figures are read from a
 * run of their own, paired with the run the site shows; the stack claims and
 * their new measure kind; the chart of framework and ORM cost in steps.
 * Fixture: tests/fixtures/runs/synthetic-stack.json (synthetic numbers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getMetric, getRatio, pairStackRun, stackRunOf } from '../../src/lib/metrics.ts';
import { loadClaims, evaluateClaim, judge } from '../../src/lib/claims.ts';
import { newestComplete, newestCompleteStack, checkRuns } from '../../src/lib/runs.ts';
import { buildChart } from '../../src/lib/charts/registry.ts';
import { chartSpec, CHART_WIDTHS, MARKS } from '../../src/lib/charts/spec.ts';
import { renderSvg } from '../../src/lib/charts/render.ts';
import { missingItems, missingFigures } from '../../src/lib/missing-figures.ts';
import { compareRuns } from '../../src/lib/run-comparison.ts';
import { ruleText } from '../../src/lib/claim-view.ts';
import { ClaimsFile } from '../../src/schemas/claims.ts';
import { formatWithUnit, scaleDuration, unitKey } from '../../src/lib/format.ts';
import type { PageContext } from '../../src/lib/page.ts';
import type { Unit } from '../../src/lib/metric-ids.ts';
import type { Run } from '../../src/schemas/run.ts';
import { fixtureRun, translator, withCell } from './helpers.ts';

const claims = loadClaims();
/** A page context without Vite (as in claim-view.test.ts). */
function pageContext(lang: 'en' | 'es'): PageContext {
  const intl = lang === 'en' ? 'en-US' : 'es-ES';
  const t = translator(lang);
  const fmt = (v: number, unit: Unit) => {
    const x = scaleDuration(v, unit);
    return formatWithUnit(x.value, x.unit, intl, t(unitKey(x.unit)));
  };
  return { lang, locale: { code: lang, intl }, t, fmt } as unknown as PageContext;
}
const claim = (id: string) => claims.find((c) => c.id === id)!;
/** The site's pair: the default run, with the stack run beside it. */
function paired(): { main: Run; stack: Run } {
  const main = fixtureRun('synthetic-a');
  const stack = fixtureRun('synthetic-stack');
  pairStackRun(main, stack);
  return { main, stack };
}
const value = (r: ReturnType<typeof getMetric>) => (r.kind === 'value' ? r.value : NaN);

test('the stack fixture is a run of its own: suite stack, every stack of bench/stack on its tests, in rounds', () => {
  const stack = fixtureRun('synthetic-stack');
  assert.deepEqual(stack.suites, ['stack']);
  assert.ok(stack.cells.every((c) => c.suite === 'stack' && c.status === 'ok'));
  assert.equal(new Set(stack.cells.map((c) => c.impl)).size, 12);
  // Six driver stacks × five tests, PHP's five HTTP tests, four ORM stacks × three, Flask and Django × eight.
  assert.equal(stack.cells.length, 6 * 5 + 5 + 4 * 3 + 2 * 8);
  assert.deepEqual(stack.services?.map((s) => s.name), ['postgresql', 'redis']);
  for (const g of stack.comparisons!) assert.equal(g.rounds.length, 8);
});

test('stack ids are read from the stack run paired with the shown run; other ids from the shown run', () => {
  const { main, stack } = paired();
  assert.equal(stackRunOf(main), stack);
  assert.equal(stackRunOf(stack), stack);
  const own = getMetric(stack, 'stack.php.db.rps');
  const viaMain = getMetric(main, 'stack.php.db.rps');
  assert.equal(value(viaMain), 5000);
  assert.equal(value(viaMain), value(own));
  assert.ok(viaMain.kind === 'value' && viaMain.low !== null && viaMain.rounds === 8, 'every figure keeps its interval');
  assert.equal(value(getMetric(main, 'http.go.json.rps')), 6000);
  // A ratio of two stacks pairs their rounds in the stack run.
  const r = getRatio(main, 'stack.python-flask.db.rps', 'stack.python-django.db.rps');
  assert.ok(r.kind === 'value' && Math.abs(r.value - 1.25) < 1e-9 && r.low! < 1.25 && r.high! > 1.25);
});

test('without a stack run, stack figures are "not measured" with their reason; a run never paired is read as it is', () => {
  const main = fixtureRun('synthetic-a');
  pairStackRun(main, null);
  const m = getMetric(main, 'stack.php.db.rps');
  assert.ok(m.kind === 'missing' && m.reason.code === 'no_stack_run');
  assert.ok(getMetric(main, 'http.go.json.rps').kind === 'value');
  const lone = fixtureRun('synthetic-a');
  const n = getMetric(lone, 'stack.php.db.rps');
  assert.ok(n.kind === 'missing' && n.reason.code === 'no_cell');
  // The essay's note says it once, not once per stack.
  const items = missingItems(main, missingFigures(main, ['stack.php.db.rps', 'stack.go-pgx.db.rps', 'stack.python-flask.db.rps']), translator('en'), 'en-US');
  assert.deepEqual(items, ['the web stacks: no complete web-stack run (npm run bench -- --suite stack) is bundled with the site']);
  // Every stack claim says why it is not measured.
  for (const c of claims.filter((c) => c.id.startsWith('stack-'))) {
    const r = evaluateClaim(c, main);
    assert.equal(r.verdict, 'not_measured', c.id);
    assert.equal(r.reason?.code, 'no_stack_run', c.id);
  }
});

test('comparing two runs shows each run\'s own cells, never the stack run paired with one of them', () => {
  const { main, stack } = paired();
  const rows = compareRuns(main, stack).rows.filter((r) => r.suite === 'stack');
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.equal(r.a.kind, 'missing', r.key);
    assert.equal(r.b.kind, 'value', r.key);
  }
});

test('stack claims on the fixture: measured from the stack run, with their intervals and verdicts', () => {
  const { main } = paired();
  const expected: Record<string, { value?: number; low?: number; high?: number; verdict: string }> = {
    // The language in itself: PHP ÷ Flask on the one-million loop.
    'stack-python-slower-php': { value: 200 / 40, verdict: 'holds' },
    'stack-flask-faster-django': { value: Math.exp((Math.log(1.5) + Math.log(1.25) + Math.log(1000 / 900) + Math.log(1.25) + Math.log(40 / 38)) / 5), verdict: 'holds' },
    'stack-werkzeug-lighter-flask': { value: 2, verdict: 'holds' },
    'stack-sqlalchemy-faster-django-orm': { value: 1.25, verdict: 'holds' },
    // The lightest ORM (Diesel: 20,000 ÷ 18,000) and the heaviest step (Werkzeug ÷ Flask: 2).
    'stack-orm-overhead': { low: 20000 / 18000, high: 2, verdict: 'holds' },
    'stack-orm-python-5x-leader': { value: (18000 * 0.8) / (1250 * 0.8), verdict: 'partly' },
  };
  for (const [id, want] of Object.entries(expected)) {
    const r = evaluateClaim(claim(id), main);
    assert.equal(r.verdict, want.verdict, id);
    assert.ok(r.sources.every((s) => s.startsWith('stack/')), `${id}: ${r.sources.join(', ')}`);
    if (want.value !== undefined) {
      assert.ok(r.measured?.kind === 'value', id);
      assert.ok(Math.abs(r.measured.value / want.value - 1) < 1e-9, `${id}: ${r.measured.value} vs ${want.value}`);
      assert.ok(r.measured.low! <= r.measured.value && r.measured.value <= r.measured.high!, id);
    } else {
      assert.ok(r.measured?.kind === 'range', id);
      assert.ok(Math.abs(r.measured.low.value - want.low!) < 1e-9 && Math.abs(r.measured.high.value - want.high!) < 1e-9, id);
    }
  }
  // The cache claim is advice for a Python application: Werkzeug's cached ÷ repeated, the two cells of that stack.
  const cache = evaluateClaim(claim('stack-postgres-repeat-redis-cache'), main);
  assert.deepEqual([...cache.sources].sort(), ['stack/python-werkzeug/cached', 'stack/python-werkzeug/repeated']);
  assert.ok(cache.measured?.kind === 'value' && Math.abs(cache.measured.value / (275 / 150) - 1) < 1e-9, JSON.stringify(cache.measured));
});

test('range_geomean_ratio: one geometric mean per group, judged at the ends of the range', () => {
  const { main, stack } = paired();
  const orm = claim('stack-orm-overhead');
  assert.ok(orm.measure.kind === 'range_geomean_ratio' && orm.measure.groups.length === 5);
  // An ORM faster than its driver on every test pulls the low end under one: the claim no longer holds.
  const faster = structuredClone(stack);
  for (const c of faster.cells) {
    if (c.suite === 'stack' && c.impl === 'rust-orm' && c.repetitions) {
      for (const r of c.repetitions as Array<{ requests_per_second: number }>) r.requests_per_second *= 1.5;
      (c.summary as { requests_per_second: { median: number } }).requests_per_second.median *= 1.5;
    }
  }
  pairStackRun(main, faster);
  const r = evaluateClaim(orm, main);
  assert.ok(r.measured?.kind === 'range' && r.measured.low.value < 1, JSON.stringify(r.measured));
  assert.equal(r.verdict, 'no_longer_holds');
  // A missing stack makes the whole measure not measured, naming the cell.
  const gone = withCell(stack, (c) => c.impl === 'node-orm' && c.test === 'queries', { status: 'failed', reason: 'wrong answer', summary: null });
  pairStackRun(main, gone);
  const g = evaluateClaim(orm, main);
  assert.equal(g.verdict, 'not_measured');
  assert.equal(g.reason?.code, 'cell_failed');
  // The schema wants at least one group of at least one pair.
  assert.equal(ClaimsFile.safeParse({ claims: [{ ...orm, measure: { kind: 'range_geomean_ratio', groups: [] } }] }).success, false);
  assert.equal(ClaimsFile.safeParse({ claims: [{ ...orm, measure: { kind: 'range_geomean_ratio', groups: [[]] } }] }).success, false);
  // Judged at the low end for at_least: an interval that reaches below one is inconclusive.
  assert.equal(judge(orm.rule, { kind: 'range', low: { value: 1.05, low: 0.98, high: 1.1 }, high: { value: 2, low: 1.9, high: 2.1 } }).verdict, 'inconclusive');
});

test('a range\'s rule reads at its ends, in both languages', () => {
  const rule = { kind: 'at_least', min: 1, partly_min: 0.9 } as const;
  const en = pageContext('en');
  const es = pageContext('es');
  assert.equal(ruleText(rule, { text: true }, en, { measure: 'range_geomean_ratio' }), 'holds when even the smallest is 1× or more, partly from 0.9×');
  assert.equal(ruleText(rule, { text: true }, es, { measure: 'range_geomean_ratio' }), 'se cumple si hasta el menor es 1× o más, en parte desde 0,9×');
  assert.equal(ruleText(rule, { text: true }, en, { measure: 'geomean_ratio' }), 'holds at 1× or more, partly from 0.9×');
});

test('MongoDB stays not re-measured, with the reason in both languages', () => {
  const mongo = claim('unmeasured-postgres-mongodb');
  assert.equal(mongo.measure.kind, 'none');
  assert.equal(evaluateClaim(mongo, paired().main).verdict, 'not_remeasured');
  for (const lang of ['en', 'es']) {
    const method = JSON.parse(readFileSync(`src/i18n/${lang}/claims.json`, 'utf8')).claims['unmeasured-postgres-mongodb'].method as string;
    assert.match(method, /apt-cache policy mongodb-server/, lang);
    assert.match(method, /Debian 12/, lang);
  }
});

test('the stack run is the newest complete full stack run; it never becomes the default run', () => {
  const at = (run: Run, over: Partial<Run>) => ({ file: `${over.id ?? run.id}.json`, run: { ...run, ...over } as Run });
  const main = at(fixtureRun('synthetic-a'), { suites: ['http'] });
  const stack = at(fixtureRun('synthetic-stack'), { started_at: '2030-01-01T00:00:00Z' });
  const older = at(fixtureRun('synthetic-stack'), { id: 'older-stack', started_at: '2020-01-01T00:00:00Z' });
  const quick = at(fixtureRun('synthetic-stack'), { id: 'quick-stack', mode: 'quick', started_at: '2031-01-01T00:00:00Z' });
  // Newer and complete, but a stack run: the default stays the run of a main suite.
  assert.equal(newestComplete([main, stack])?.run.id, 'synthetic-a');
  assert.equal(newestCompleteStack([main, older, stack, quick])?.run.id, 'synthetic-stack');
  assert.equal(newestCompleteStack([main, quick]), null);
});

test('a stack run that does not exist is reported with the fix', () => {
  const before = process.env.DIEZMIL_STACK_RUN;
  process.env.DIEZMIL_STACK_RUN = 'no-such-run';
  try {
    const problems = checkRuns('tests/fixtures/runs');
    assert.ok(problems.some((p) => /Stack run "no-such-run" not found/.test(p) && /DIEZMIL_STACK_RUN/.test(p)), problems.join('\n'));
    process.env.DIEZMIL_STACK_RUN = 'synthetic-a';
    assert.ok(checkRuns('tests/fixtures/runs').some((p) => /has no web-stack cells/.test(p)));
    process.env.DIEZMIL_STACK_RUN = 'synthetic-stack';
    assert.deepEqual(checkRuns('tests/fixtures/runs').filter((p) => /[Ss]tack run/.test(p)), []);
  } finally {
    if (before === undefined) delete process.env.DIEZMIL_STACK_RUN;
    else process.env.DIEZMIL_STACK_RUN = before;
  }
});

test('the chart of framework and ORM cost: bars in steps, an error bar per bar, the step ratio in its table', async () => {
  const { main } = paired();
  for (const lang of ['en', 'es'] as const) {
    const t = translator(lang);
    const chart = buildChart('stack-python-steps', main, t)!;
    assert.ok(chart, lang);
    assert.deepEqual(chart.steps, [t('chart.step.werkzeug'), t('chart.step.flask'), t('chart.step.django')]);
    assert.equal(chart.rows.length, 9);
    for (const row of chart.rows) {
      // The segments run from zero to the bar's value without a gap.
      const segs = row.segments!;
      assert.equal(segs[0]!.from, 0);
      for (let i = 1; i < segs.length; i++) assert.equal(segs[i]!.from, segs[i - 1]!.to);
      assert.ok(Math.abs(segs.at(-1)!.to - row.value) < 1e-9);
      assert.ok(row.low! <= row.value && row.value <= row.high!);
    }
    // Werkzeug 400 µs, Flask 800 µs (2× the step below), Django 1,000 µs (1.25× Flask's); the chart is drawn in
    // milliseconds, the unit that keeps its slowest bar (twenty queries) under ten thousand.
    assert.equal(chart.unit, 'ms');
    const db = chart.rows.filter((r) => r.metricId.includes('.db.'));
    assert.deepEqual(db.map((r) => Math.round(r.value * 1000)), [400, 800, 1000]);
    assert.deepEqual(db.map((r) => r.segments!.length), [1, 2, 3]);
    assert.equal(db[0]!.stepRatio, null);
    assert.ok(Math.abs(db[1]!.stepRatio!.value - 2) < 1e-9 && Math.abs(db[2]!.stepRatio!.value - 1.25) < 1e-9);
    for (const width of [CHART_WIDTHS.wide, CHART_WIDTHS.narrow]) {
      const svg = await renderSvg(chartSpec(chart, { width, intl: lang === 'en' ? 'en-US' : 'es-ES' }), { intl: lang === 'en' ? 'en-US' : 'es-ES', idPrefix: 'x' });
      const rules = svg.split(`class="mark-rule role-mark ${MARKS.interval}_marks"`).slice(1).reduce((n, g) => n + (g.slice(0, g.indexOf('</g>')).match(/<line /g)?.length ?? 0), 0);
      assert.equal(rules, 9, `${lang} ${width}: one error bar per bar`);
      for (const label of chart.steps!) assert.ok(svg.includes(label.replace('&', '&amp;')), `${lang}: legend ${label}`);
      assert.ok(svg.includes(lang === 'en' ? 'Twenty queries' : 'Veinte consultas'));
    }
  }
  // A stack faster than the one below it skips that step instead of drawing a negative one.
  const fast = structuredClone(fixtureRun('synthetic-stack'));
  for (const c of fast.cells) {
    if (c.suite === 'stack' && c.impl === 'python-django' && c.test === 'db') {
      for (const r of c.repetitions as Array<{ requests_per_second: number }>) r.requests_per_second *= 2;
      (c.summary as { requests_per_second: { median: number } }).requests_per_second.median *= 2;
    }
  }
  const other = fixtureRun('synthetic-a');
  pairStackRun(other, fast);
  const django = buildChart('stack-python-steps', other, translator('en'))!.rows.find((r) => r.metricId === 'stack.python-django.db.us_per_request')!;
  assert.deepEqual(django.segments!.map((s) => s.step), ['Werkzeug and psycopg', '+ Django and its ORM']);
  // No stack run: no chart.
  pairStackRun(other, null);
  assert.equal(buildChart('stack-python-steps', other, translator('en')), null);
});
