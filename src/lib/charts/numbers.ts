/**
 * The one number style of a chart, per language: axis ticks and bar labels
 * alike read "1.13B" / "1.130 M", "12.3K" / "12,3 mil", "0.5" / "0,5" —
 * compact, three significant figures at most, the language's separators.
 * (The data table under a chart prints the full figures.)
 */
const formats = new Map<string, Intl.NumberFormat>();

export function chartNumber(value: number, intl: string): string {
  let f = formats.get(intl);
  if (!f) {
    f = new Intl.NumberFormat(intl, { notation: 'compact', maximumSignificantDigits: 3, useGrouping: 'always' });
    formats.set(intl, f);
  }
  return f.format(value);
}

/** Name under which render.ts gives Vega expressions chartNumber(value, intl). */
export const CHART_NUMBER_FN = 'diezmilNumber';
