/**
 * Vega-Lite → SVG at build time. No client JavaScript: the SVG is inlined.
 * Deterministic: seeded randomness, ids prefixed per chart so several charts
 * can share a page.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartNumber, CHART_NUMBER_FN } from './numbers.ts';
import { estimateTextWidth } from './text-width.ts';

// Axis labels call the same formatter as the bar labels (spec.ts): one number style per chart and language.
vega.expressionFunction(CHART_NUMBER_FN, (value: number, intl: string, compact?: boolean) => chartNumber(value, intl, compact !== false));

// Text widths decide the SVG's size and which axis labels fit; without a canvas Vega guesses 0.8 em a character.
type TextItem = { fontSize?: number; fontWeight?: string | number };
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) => {
  const value = text == null ? '' : String(text).trim();
  const weight = item.fontWeight;
  return estimateTextWidth(value, item.fontSize ?? 11, weight === 'bold' || (typeof weight === 'number' && weight >= 600));
};

/** d3-format locale derived from Intl, so axis numbers match the prose. */
export function numberLocale(intl: string) {
  const parts = new Intl.NumberFormat(intl, { useGrouping: 'always' }).formatToParts(12345.6);
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const thousands = parts.find((p) => p.type === 'group')?.value ?? ',';
  return { decimal, thousands, grouping: [3], currency: ['', ''] as [string, string] };
}

/** Colours follow the text colour so charts work in light and dark schemes. */
const THEME = {
  // The figure is one image described by its caption and data table; per-mark ARIA would only add noise.
  aria: false,
  background: null,
  font: 'system-ui, sans-serif',
  axis: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    domainColor: 'currentColor',
    tickColor: 'currentColor',
    gridColor: '#8888',
    labelFontSize: 12,
    titleFontSize: 12,
  },
  legend: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12, titleFontSize: 12 },
  title: { color: 'currentColor' },
  view: { stroke: null },
} as const;

export async function renderSvg(spec: TopLevelSpec, options: { intl: string; idPrefix: string }): Promise<string> {
  // vega re-exports these from vega-statistics; its typings omit them.
  const seeded = vega as unknown as { setRandom(r: () => number): void; randomLCG(seed: number): () => number };
  seeded.setRandom(seeded.randomLCG(20191001));
  const compiled = compile({ ...spec, config: { ...THEME, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    locale: { number: numberLocale(options.intl) },
  } as unknown as vega.ViewOptions);
  try {
    const svg = await view.toSVG();
    return uniqueIds(svg, options.idPrefix);
  } finally {
    view.finalize();
  }
}

/** Prefixes every id and url(#id) reference so ids stay unique on a page. */
export function uniqueIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}
