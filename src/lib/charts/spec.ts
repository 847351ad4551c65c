/** Vega-Lite spec of a chart model: grouped horizontal bars, optional log scale and reference lines. */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartModel } from './registry.ts';

// Colour-blind-safe palette (Okabe–Ito); series are also labelled in the table, never by colour alone.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

export function chartSpec(chart: ChartModel, width = 560): TopLevelSpec {
  const rowHeight = 14;
  const values = chart.rows.map((r) => ({ category: r.category, series: r.series, value: r.value }));
  // Log bars start at the power of ten below the smallest value, so none has zero length.
  const smallest = Math.min(...chart.rows.map((r) => r.value), ...chart.rules.map((r) => r.value));
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: chart.valueTitle,
    stack: null,
    scale: chart.log ? { type: 'log' as const, domainMin: 10 ** Math.floor(Math.log10(smallest)) } : { zero: true },
    axis: { format: '~s', grid: true, labelOverlap: true },
  };
  const bars = {
    mark: { type: 'bar' as const, height: { band: 0.9 }, aria: false },
    encoding: {
      y: { field: 'series', type: 'nominal' as const, title: null, sort: chart.series, axis: null },
      x,
      color: {
        field: 'series',
        type: 'nominal' as const,
        sort: chart.series,
        scale: { range: PALETTE },
        legend: { title: null, orient: 'bottom' as const, columns: 4 },
      },
    },
  };
  const labels = {
    mark: { type: 'text' as const, align: 'left' as const, dx: 3, fontSize: 10, fill: 'currentColor', aria: false },
    encoding: {
      y: { field: 'series', type: 'nominal' as const, sort: chart.series },
      x,
      text: { field: 'value', type: 'quantitative' as const, format: ',.3~r' },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    width,
    facet: {
      row: {
        field: 'category',
        type: 'nominal',
        sort: chart.categories,
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelColor: 'currentColor', labelFontSize: 12, labelFontWeight: 'bold' },
      },
    },
    spacing: 6,
    spec: {
      width,
      height: { step: rowHeight },
      layer: [
        bars,
        labels,
        // One layer per reference line: `datum` keeps them inside the facet without extra data.
        ...chart.rules.flatMap((rule) => [
          { mark: { type: 'rule' as const, strokeDash: [4, 3], color: 'currentColor', aria: false }, encoding: { x: { datum: rule.value } } },
          {
            mark: { type: 'text' as const, text: rule.label, aria: false, angle: 0, align: 'left' as const, baseline: 'top' as const, dx: 2, dy: 2, fontSize: 9, fill: 'currentColor' },
            encoding: { x: { datum: rule.value }, y: { value: 0 } },
          },
        ]),
      ],
    },
    resolve: { scale: { x: 'shared' } },
  } as TopLevelSpec;
}
