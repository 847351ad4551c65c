/**
 * The charts essays and pages can show, as data models built from a run.
 * A model is rendered twice: as an SVG (spec.ts + render.ts) and as a table
 * with the same numbers.
 */
import type { Run, SuiteId } from '../../schemas/run.ts';
import { HTTP_TESTS, CPU_KERNELS, OPS, THREAD_MODES, BUILD_KINDS } from '../../schemas/run.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Value } from '../../i18n/translator.ts';
import type { UiKey } from '../../i18n/keys.ts';
import { getMetric, getRatio, type MetricValue } from '../metrics.ts';
import { HIGHER_IS_BETTER, type Unit } from '../metric-ids.ts';
import { byDisplayOrder, implName, testName } from '../labels.ts';
import { seriesColours } from './colours.ts';
import { httpSetup } from '../http-setup.ts';
import { connectionsInWords } from '../connections-text.ts';
import { DEFAULT_LOCALE, getLocale } from '../../i18n/locales.ts';

export const CHART_IDS = [
  'http-rps',
  'http-latency',
  'http-transfer',
  'http-memory',
  'cpu-ladder',
  'ops-costs',
  'ops-barrier',
  'threads-gil',
  'build-times',
  'stack-python-steps',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

export interface ChartRow {
  category: string;
  series: string;
  /** The implementation the series is (its id): its colour and order come from its manifest. */
  impl: string;
  value: number;
  /** The value's 95 % interval; null when the run has too few rounds for one (the bar then has no error bar). */
  low: number | null;
  high: number | null;
  metricId: string;
  /** A second, independent figure for the same comparison where there is one (the CPU ladder: the callgrind instruction-count ratio). */
  crossCheck?: number | null;
  /** The load generator, not the server, was the limit: the bar is a floor, drawn pale, and no claim rests on it. */
  clientBound?: boolean;
  /** A chart of steps: the pieces the bar is drawn in, each coloured by the step (ChartModel.steps) whose level it reaches. */
  segments?: Array<{ step: string; from: number; to: number }>;
  /** A chart of steps: this row ÷ the step below it, with its 95 % interval; null for the first step. */
  stepRatio?: { value: number; low: number | null; high: number | null } | null;
}

export interface ChartModel {
  /** A registered chart, or one drawn per claim by its own module ('vintage-split': src/lib/charts/vintage-split.ts). */
  id: ChartId | 'vintage-split';
  title: string;
  description: string;
  unit: Unit;
  /** Whether a longer bar is the better result (speedups, rates), which the caption's "best" follows. */
  higherIsBetter: boolean;
  log: boolean;
  categoryTitle: string;
  valueTitle: string;
  /** The suite the chart shows (its implementations' colours are the suite's). */
  suite: SuiteId;
  /** Series in display order (implementation names). */
  series: string[];
  /** The colour of each series, in the order of `series` (src/lib/charts/colours.ts). */
  colours: string[];
  categories: string[];
  rows: ChartRow[];
  rules: Array<{ value: number; label: string }>;
  /** Heading of the data table's cross-check column, when rows carry one. */
  crossCheckTitle?: string;
  /**
   * A chart of steps (bars drawn in segments, one colour per step, each test
   * on its own linear scale): the steps in order, as the legend names them.
   */
  steps?: string[];
  /** The colour of each step, in the order of `steps`. */
  stepColours?: string[];
  /** Heading of the data table's column of ratios to the step below. */
  stepRatioTitle?: string;
}

/** Implementations that appear in the run for a suite (so charts follow the data, not a fixed list), in their manifests' order. */
function implsInRun(run: Run, suite: Run['cells'][number]['suite']): string[] {
  // An A/A twin measures an implementation again for the check; it is not one of its own.
  return byDisplayOrder(run.cells.filter((c) => c.suite === suite && !c.twin_of).map((c) => c.impl));
}

/**
 * Time axes read in the unit that keeps their figures under ten thousand
 * ("538 ms", never "538K µs"), up to milliseconds: rows given in `unit` are
 * scaled to it.
 */
// Milliseconds at most: latencies read in ms everywhere on the site, however long (a number in full, never "16K").
const TIME_STEPS: Partial<Record<Unit, Unit>> = { ns: 'us', us: 'ms' };
export const isTimeUnit = (unit: Unit) => unit === 'ns' || unit === 'us' || unit === 'ms' || unit === 's';
function timeScale(rows: readonly ChartRow[], unit: Unit): { unit: Unit; factor: number } {
  let factor = 1;
  let shown = unit;
  const max = Math.max(...rows.flatMap((r) => [r.value, r.high ?? r.value]));
  while (TIME_STEPS[shown] && max / factor >= 10_000) {
    factor *= 1000;
    shown = TIME_STEPS[shown]!;
  }
  return { unit: shown, factor };
}
function scaleRows(rows: ChartRow[], factor: number): ChartRow[] {
  if (factor === 1) return rows;
  const by = (x: number | null) => (x === null ? null : x / factor);
  return rows.map((r) => ({
    ...r,
    value: r.value / factor,
    low: by(r.low),
    high: by(r.high),
    ...(r.segments ? { segments: r.segments.map((g) => ({ ...g, from: g.from / factor, to: g.to / factor })) } : {}),
  }));
}

function collect(
  lang: string,
  run: Run,
  impls: string[],
  categories: readonly string[],
  idOf: (impl: string, category: string) => string,
  categoryLabel: (category: string) => string,
): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const category of categories) {
    for (const impl of impls) {
      const m = getMetric(run, idOf(impl, category));
      if (m.kind === 'missing') continue;
      rows.push({
        category: categoryLabel(category),
        series: implName(impl, lang),
        impl,
        value: m.value,
        low: m.low,
        high: m.high,
        metricId: m.id,
        clientBound: m.blocking.some((f) => f.kind === 'client_bound'),
      });
    }
  }
  return rows;
}

interface Base {
  id: ChartId;
  suite: SuiteId;
  t: Translate;
  unit: Unit;
  log: boolean;
  categoryTitle: UiKey;
  valueTitle: string;
  rows: ChartRow[];
  rules?: ChartModel['rules'];
  /** Default: what the unit says (a rate is better higher, a time lower); a speedup overrides it. */
  higherIsBetter?: boolean;
}

/** `valueTitle` gets the unit the chart is drawn in: "{unit}" in it is replaced (time axes are scaled, timeScale). */
function model({ id, suite, t, unit, log, categoryTitle, valueTitle, rows: given, rules = [], higherIsBetter = HIGHER_IS_BETTER[unit], params = {} }: Base & { params?: Record<string, Value> }): ChartModel {
  const scale = isTimeUnit(unit) ? timeScale(given, unit) : { unit, factor: 1 };
  const rows = scaleRows(given, scale.factor);
  const impls = [...new Set(rows.map((r) => r.impl))];
  const colours = seriesColours(suite, impls);
  const unitWords = unitLabel(t, scale.unit);
  return {
    id,
    suite,
    title: t(`chart.${id}.title` as UiKey, params),
    description: t(`chart.${id}.desc` as UiKey, { ...params, unit: unitWords }),
    unit: scale.unit,
    higherIsBetter,
    log,
    categoryTitle: t(categoryTitle),
    valueTitle: valueTitle.replace('{unit}', unitWords),
    series: [...new Set(rows.map((r) => r.series))],
    colours: impls.map((i) => colours.get(i)!),
    categories: [...new Set(rows.map((r) => r.category))],
    rows,
    rules,
  };
}

const unitLabel = (t: Translate, unit: Unit) => t(`unit.${unit}` as UiKey);

/** impl's callgrind instructions ÷ the reference's on one kernel (geomean row: over every kernel, when all were counted). */
function instructionRatio(run: Run, metricId: string, reference: string): number | null {
  const [, impl, kernel] = metricId.split('.') as [string, string, string];
  const one = (k: string): number | null => {
    const a = getMetric(run, `cpu.${impl}.${k}.instructions`);
    const b = getMetric(run, `cpu.${reference}.${k}.instructions`);
    return a.kind === 'value' && b.kind === 'value' && b.value > 0 ? a.value / b.value : null;
  };
  if (kernel !== 'geomean') return one(kernel);
  const parts = CPU_KERNELS.map(one);
  return parts.every((p): p is number => p !== null) ? Math.exp(parts.reduce((s, p) => s + Math.log(p), 0) / parts.length) : null;
}

/** `lang`: the page's language, for implementation names (the manifests may name one per language). */
export function buildChart(id: ChartId, run: Run | null, t: Translate, lang: string = DEFAULT_LOCALE): ChartModel | null {
  if (!run) return null;
  const http = implsInRun(run, 'http');
  const cpu = implsInRun(run, 'cpu');
  const ops = implsInRun(run, 'ops');
  const httpTest = (x: string) => testName('http', x, t);
  let chart: ChartModel;
  switch (id) {
    case 'http-rps':
      chart = model({ id, suite: 'http', t, unit: 'rps', log: true, categoryTitle: 'chart.test', valueTitle: unitLabel(t, 'rps'),
        rows: collect(lang, run, http, HTTP_TESTS, (i, c) => `http.${i}.${c}.rps`, httpTest) });
      break;
    case 'http-latency': {
      // In the unit that keeps the figures under ten thousand (milliseconds, as the cells read), never "538K µs";
      // the caption says how many connections each server had, which the tail latency depends on.
      const groups = httpSetup(run)?.connections ?? [];
      const connections = (l: string) => connectionsInWords(groups, t, getLocale(l).intl);
      chart = model({ id, suite: 'http', t, unit: 'us', log: true, categoryTitle: 'chart.test', valueTitle: 'p99 ({unit})', params: { connections },
        rows: collect(lang, run, http, HTTP_TESTS, (i, c) => `http.${i}.${c}.latency_p99_us`, httpTest) });
      break;
    }
    case 'http-transfer':
      chart = model({ id, suite: 'http', t, unit: 'mibps', log: false, categoryTitle: 'chart.test', valueTitle: unitLabel(t, 'mibps'),
        rows: collect(lang, run, http, ['transfer'], (i) => `http.${i}.transfer.mibps`, httpTest) });
      break;
    case 'http-memory':
      chart = model({ id, suite: 'http', t, unit: 'mib', log: false, categoryTitle: 'chart.test', valueTitle: unitLabel(t, 'mib'),
        rows: collect(lang, run, http, ['json'], (i) => `http.${i}.json.memory_mib`, httpTest) });
      break;
    case 'cpu-ladder': {
      // Against C++, the Benchmarks Game's reference, when the run measured it (older runs: C).
      const reference = cpu.includes('cpp') ? 'cpp' : 'c';
      const metric = reference === 'cpp' ? 'vs_cpp' : 'vs_c';
      chart = model({ id, suite: 'cpu', t, unit: 'times', log: true, categoryTitle: 'chart.category', valueTitle: `÷ ${implName(reference, lang)}`, params: { reference: implName(reference, lang) },
        rows: collect(lang, run, cpu.filter((i) => i !== reference), [...CPU_KERNELS, 'geomean'], (i, c) => `cpu.${i}.${c}.${metric}`, (c) => testName('cpu', c, t)) });
      // Instruction counts do not depend on the host's speed: their ratio is a noise-free cross-check where callgrind could count both.
      for (const row of chart.rows) row.crossCheck = instructionRatio(run, row.metricId, reference);
      if (chart.rows.some((r) => r.crossCheck != null)) chart.crossCheckTitle = t('chart.instructionRatio', { reference: implName(reference, lang) });
      break;
    }
    case 'ops-costs':
      chart = model({ id, suite: 'ops', t, unit: 'ns', log: true, categoryTitle: 'chart.category', valueTitle: '{unit}',
        rows: collect(lang, run, ops, OPS, (i, c) => `ops.${i}.${c}.ns`, (c) => t(`ops.${c}` as UiKey)) });
      break;
    case 'ops-barrier':
      chart = model({ id, suite: 'ops', t, unit: 'opsps', log: true, categoryTitle: 'chart.category', valueTitle: unitLabel(t, 'opsps'),
        rows: collect(lang, run, ops.filter((i) => i === 'cpython' || i === 'pypy'), OPS.filter((o) => o !== 'empty_loop'),
          (i, c) => `ops.${i}.${c}.ops_per_second`, (c) => t(`ops.${c}` as UiKey)),
        rules: [
          { value: 1e4, label: t('chart.line.10k') },
          { value: 1e5, label: t('chart.line.100k') },
          { value: 4e5, label: t('chart.line.400k') },
        ] });
      break;
    case 'threads-gil':
      // A speedup: more is better, unlike the other ratios (÷ C), where less is.
      chart = model({ id, suite: 'threads', t, unit: 'times', higherIsBetter: true, log: false, categoryTitle: 'chart.category', valueTitle: unitLabel(t, 'times'),
        rows: collect(lang, run, implsInRun(run, 'threads'), THREAD_MODES, (i, c) => `threads.${i}.${c}.speedup`, (c) => t(`threads.${c}` as UiKey)) });
      break;
    case 'build-times':
      chart = model({ id, suite: 'build', t, unit: 's', log: false, categoryTitle: 'chart.category', valueTitle: '{unit}',
        rows: collect(lang, run, implsInRun(run, 'build'), BUILD_KINDS, (i, c) => `build.${i}.${c}.seconds`, (c) => t(`build.${c}` as UiKey)) });
      break;
    case 'stack-python-steps':
      // Read through getMetric: the stack run beside `run` when `run` measured no stacks.
      chart = pythonSteps(run, t, lang);
      break;
  }
  return chart.rows.length ? chart : null;
}

/** The Python stacks as steps: the driver, then a framework with its ORM, then a full-stack framework with its own. */
const PYTHON_STEPS = ['python-werkzeug', 'python-flask', 'python-django'] as const;
const STEP_TESTS = ['db', 'queries', 'fortunes'] as const;

/**
 * Time per request of the Python stacks, each bar drawn in steps: up to the
 * time of every lighter stack below it in colour of that stack's step, then
 * its own step. A stack faster than one below it simply skips that step.
 */
function pythonSteps(run: Run, t: Translate, lang: string): ChartModel {
  const labels = [t('chart.step.werkzeug'), t('chart.step.flask'), t('chart.step.django')];
  const rows: ChartRow[] = [];
  for (const test of STEP_TESTS) {
    const ids = PYTHON_STEPS.map((impl) => `stack.${impl}.${test}.us_per_request`);
    const values = ids.map((id) => getMetric(run, id));
    values.forEach((m, k) => {
      if (m.kind === 'missing') return;
      const below = values
        .map((v, j) => ({ v, j }))
        .filter((x): x is { v: MetricValue; j: number } => x.j < k && x.v.kind === 'value' && x.v.value < m.value)
        .sort((a, b) => a.v.value - b.v.value);
      const segments: NonNullable<ChartRow['segments']> = [];
      let from = 0;
      for (const { v, j } of [...below, { v: m, j: k }]) {
        segments.push({ step: labels[j]!, from, to: v.value });
        from = v.value;
      }
      const previous = k > 0 ? getRatio(run, ids[k]!, ids[k - 1]!) : null;
      rows.push({
        category: testName('stack', test, t), series: implName(PYTHON_STEPS[k]!, lang), impl: PYTHON_STEPS[k]!, value: m.value, low: m.low, high: m.high, metricId: m.id, segments,
        stepRatio: previous?.kind === 'value' ? { value: previous.value, low: previous.low, high: previous.high } : null,
      });
    });
  }
  const chart = model({ id: 'stack-python-steps', suite: 'stack', t, unit: 'us', log: false, categoryTitle: 'chart.test', valueTitle: '{unit}', rows });
  // Each step is drawn in the colour of the stack whose step it is.
  const stepColours = seriesColours('stack', [...PYTHON_STEPS]);
  return { ...chart, steps: labels, stepColours: PYTHON_STEPS.map((impl) => stepColours.get(impl)!), stepRatioTitle: t('chart.stepRatio') };
}

/** Best and worst rows, for the text alternative. */
export function extremes(chart: ChartModel): { best: ChartRow; worst: ChartRow } {
  const higher = chart.higherIsBetter;
  const sorted = [...chart.rows].sort((a, b) => (higher ? b.value - a.value : a.value - b.value));
  return { best: sorted[0]!, worst: sorted[sorted.length - 1]! };
}
