/**
 * Vega-Lite spec of a chart model: grouped horizontal bars (one group per
 * category, faceted), each with an error bar over its 95 % interval when it
 * has one, optional log scale and reference lines. Every number on it — axis
 * ticks and bar labels — is written by chartNumber (numbers.ts), so a chart
 * has one number style per language.
 */
import type { TopLevelSpec } from 'vega-lite';
import { isTimeUnit, type ChartModel } from './registry.ts';
import { chartNumber, CHART_NUMBER_FN } from './numbers.ts';

// Colours come from the model (src/lib/charts/colours.ts: one hue per runtime family on every chart).
// Bars are outlined in the text colour, so light and dark shades stand out on either page background.
const OUTLINE = { stroke: 'currentColor', strokeWidth: 0.6 } as const;

/** Chart numbers of a model: full figures for times, compact ones for everything else. */
const numberExpr = (chart: ChartModel, intl: string) => `${CHART_NUMBER_FN}(datum.value, ${JSON.stringify(intl)}, ${!isTimeUnit(chart.unit)})`;
const numberOf = (chart: ChartModel, value: number, intl: string) => chartNumber(value, intl, !isTimeUnit(chart.unit));

/** Plot widths: the wide chart for screens from tablets up, the narrow one for phones (Chart.astro shows one). */
export const CHART_WIDTHS = { wide: 560, narrow: 260 } as const;

export interface ChartSpecOptions {
  /** Width of the plot area in px (bar labels and legend add to it). */
  width?: number;
  /** Intl locale of the page ("en-US", "es-ES"): numbers on the chart are written in it. */
  intl: string;
}

/** Names of the marks, so tests can find them in the SVG (class "<name>_marks"). */
export const MARKS = { bars: 'bars', interval: 'interval', values: 'values', referenceLines: 'reference_lines', referenceLabels: 'reference_labels' } as const;

const LABEL_FONT = 10;
const RULE_ROW = 13;
/** Reference labels are long sentences: a size smaller on the narrow chart, so they end within its labelled width. */
const ruleFont = (width: number) => (width < 400 ? 9 : 10);

function powersOfTen([low, high]: readonly [number, number]): number[] {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(low)); e <= Math.round(Math.log10(high)); e++) out.push(10 ** e);
  return out;
}


/** One facet row per category, its name as a bold header above the row (both grouped charts). */
function categoryRows(categories: readonly string[]) {
  return {
    field: 'category',
    type: 'nominal' as const,
    sort: categories,
    title: null,
    header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelColor: 'currentColor', labelFontSize: 12, labelFontWeight: 'bold', labelPadding: 2 },
  };
}

export function chartSpec(chart: ChartModel, options: ChartSpecOptions): TopLevelSpec {
  if (chart.steps) return stepsSpec(chart, chart.steps, options);
  const width = options.width ?? CHART_WIDTHS.wide;
  const { intl } = options;
  const rowHeight = 14;
  const values = chart.rows.map((r) => ({
    category: r.category,
    series: r.series,
    value: r.value,
    low: r.low,
    high: r.high,
    // A load-generator-bound figure is a floor of the server's capacity: "≥" says so on the bar itself.
    label: `${r.clientBound ? '≥ ' : ''}${numberOf(chart, r.value, intl)}`,
    limited: r.clientBound === true,
    // The label sits past the error bar, never on it.
    labelAt: r.high !== null ? Math.max(r.high, r.value) : r.value,
  }));
  const all = [...chart.rows.flatMap((r) => [r.value, r.low ?? r.value, r.high ?? r.value]), ...chart.rules.map((r) => r.value)];
  // Log bars start at the power of ten below the smallest value, so none has zero length, and the axis ends at a power of ten.
  const logDomain = [10 ** Math.floor(Math.log10(Math.min(...all))), 10 ** Math.ceil(Math.log10(Math.max(...all)))] as const;
  const x = {
    type: 'quantitative' as const,
    title: chart.valueTitle,
    stack: null,
    scale: chart.log ? { type: 'log' as const, domain: [...logDomain] } : { zero: true },
    // Log axes tick and grid at powers of ten only: labelled minor ticks (20K, 30K…) would crowd the axis.
    axis: { grid: true, labelOverlap: true, labelExpr: numberExpr(chart, intl), ...(chart.log ? { values: powersOfTen(logDomain) } : { tickCount: width < 400 ? 4 : 8 }) },
  };
  const y = { field: 'series', type: 'nominal' as const, sort: chart.series };
  const bars = {
    name: MARKS.bars,
    mark: { type: 'bar' as const, height: { band: 0.9 }, aria: false, ...OUTLINE },
    encoding: {
      y: { ...y, title: null, axis: null },
      x: { ...x, field: 'value' },
      opacity: { condition: { test: 'datum.limited', value: 0.4 }, value: 1 },
      color: {
        field: 'series',
        type: 'nominal' as const,
        sort: chart.series,
        scale: { domain: chart.series, range: chart.colours },
        legend: { title: null, orient: 'bottom' as const, columns: width < 400 ? 2 : 4 },
      },
    },
  };
  // Rows without an interval (too few rounds) are left out: no error bar rather than a zero-width one.
  const interval = {
    name: MARKS.interval,
    transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
    mark: { type: 'rule' as const, color: 'currentColor', strokeWidth: 1.5, aria: false },
    encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' } },
  };
  const labels = {
    name: MARKS.values,
    mark: { type: 'text' as const, align: 'left' as const, dx: 4, fontSize: LABEL_FONT, fill: 'currentColor', aria: false },
    encoding: { y, x: { ...x, field: 'labelAt' }, text: { field: 'label', type: 'nominal' as const } },
  };
  // Reference lines cross every group; their labels stand once, above the groups, one per row, so they never
  // overprint each other or a bar.
  const ruleRows = chart.rules.map((rule, i) => ({ value: rule.value, label: rule.label, row: i }));
  const faceted = {
    data: { values },
    facet: { row: categoryRows(chart.categories) },
    spacing: 6,
    spec: {
      width,
      height: { step: rowHeight },
      layer: [
        bars,
        interval,
        labels,
        ...(chart.rules.length
          ? [
              {
                name: MARKS.referenceLines,
                // One rule per line in every group: the count collapses the group's rows to one, so each line is drawn once.
                layer: chart.rules.map((rule) => ({
                  transform: [{ aggregate: [{ op: 'count' as const, as: 'n' }] }],
                  mark: { type: 'rule' as const, strokeDash: [4, 3], color: 'currentColor', aria: false },
                  encoding: { x: { ...x, datum: rule.value } },
                })),
              },
            ]
          : []),
      ],
    },
  };
  if (!chart.rules.length) return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...faceted, resolve: { scale: { x: 'shared' } } } as TopLevelSpec;
  const strip = {
    name: MARKS.referenceLabels,
    data: { values: ruleRows },
    width,
    height: ruleRows.length * RULE_ROW,
    layer: [
      {
        mark: { type: 'rule' as const, strokeDash: [4, 3], color: 'currentColor', aria: false },
        encoding: { x: { ...x, field: 'value', axis: null }, y: { field: 'row', type: 'ordinal' as const, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } }, y2: { value: ruleRows.length * RULE_ROW } },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, dx: 3, baseline: 'middle' as const, fontSize: ruleFont(width), fill: 'currentColor', aria: false },
        encoding: {
          x: { ...x, field: 'value', axis: null },
          y: { field: 'row', type: 'ordinal' as const, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
          text: { field: 'label', type: 'nominal' as const },
        },
      },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: [strip, faceted],
    spacing: 2,
    resolve: { scale: { x: 'shared', y: 'independent' } },
  } as TopLevelSpec;
}

/**
 * A chart of steps: one bar per series in each category, drawn in segments
 * coloured by step (the legend), the series named on the axis, an error bar
 * over each bar's 95 % interval and its value past it. Each category has its
 * own linear scale: steps are differences, which a log scale would distort,
 * and the categories' times differ by an order of magnitude.
 */
function stepsSpec(chart: ChartModel, steps: string[], options: ChartSpecOptions): TopLevelSpec {
  const narrow = (options.width ?? CHART_WIDTHS.wide) < 400;
  // The series are named beside the bars: the narrow plot gives them room, so the whole stays phone-wide.
  const labelLimit = narrow ? 140 : 180;
  const width = (options.width ?? CHART_WIDTHS.wide) - (narrow ? 80 : 0);
  const { intl } = options;
  const rows = chart.rows.map((r) => ({
    kind: 'row',
    category: r.category,
    series: r.series,
    value: r.value,
    low: r.low,
    high: r.high,
    label: numberOf(chart, r.value, intl),
    labelAt: r.high !== null ? Math.max(r.high, r.value) : r.value,
  }));
  const segments = chart.rows.flatMap((r) => (r.segments ?? []).map((g) => ({ kind: 'segment', category: r.category, series: r.series, step: g.step, from: g.from, to: g.to })));
  const x = {
    type: 'quantitative' as const,
    title: chart.valueTitle,
    stack: null,
    scale: { zero: true },
    axis: { grid: true, labelOverlap: true, labelExpr: numberExpr(chart, intl), tickCount: narrow ? 3 : 6 },
  };
  // Series are named on the axis: colour tells the steps apart, not the bars.
  const y = { field: 'series', type: 'nominal' as const, sort: chart.series, title: null, axis: { labelLimit, ticks: false, domain: false } };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const bars = {
    name: MARKS.bars,
    transform: only('segment'),
    mark: { type: 'bar' as const, height: { band: 0.8 }, aria: false, ...OUTLINE },
    encoding: {
      y,
      x: { ...x, field: 'from' },
      x2: { field: 'to' },
      color: {
        field: 'step',
        type: 'nominal' as const,
        sort: steps,
        scale: { domain: steps, range: chart.stepColours ?? chart.colours },
        legend: { title: null, orient: 'bottom' as const, columns: narrow ? 1 : steps.length },
      },
    },
  };
  const interval = {
    name: MARKS.interval,
    transform: [...only('row'), { filter: 'isValid(datum.low) && isValid(datum.high)' }],
    mark: { type: 'rule' as const, color: 'currentColor', strokeWidth: 1.5, aria: false },
    encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' } },
  };
  const labels = {
    name: MARKS.values,
    transform: only('row'),
    mark: { type: 'text' as const, align: 'left' as const, dx: 4, fontSize: LABEL_FONT, fill: 'currentColor', aria: false },
    encoding: { y, x: { ...x, field: 'labelAt' }, text: { field: 'label', type: 'nominal' as const } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: [...segments, ...rows] },
    facet: { row: categoryRows(chart.categories) },
    spacing: 10,
    spec: { width, height: { step: 16 }, layer: [bars, interval, labels] },
    resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } },
  } as TopLevelSpec;
}
