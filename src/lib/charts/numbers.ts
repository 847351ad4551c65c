/**
 * The one number style of a chart, per language: axis ticks and bar labels
 * alike read "1.13B" / "1.130 M", "12.3K" / "12,3 mil", "0.5" / "0,5" —
 * compact, three significant figures at most, the language's separators.
 * Times are never compact ("538K" µs would read as a count): their charts are
 * drawn in a unit that keeps them under ten thousand (registry.ts timeScale)
 * and print them in full, "1,200" / "1.200". (The data table under a chart
 * prints the full figures.)
 */
const formats = new Map<string, Intl.NumberFormat>();

export function chartNumber(value: number, intl: string, compact = true): string {
  const key = `${intl}\0${compact}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intl, compact ? { notation: 'compact', maximumSignificantDigits: 3, useGrouping: 'always' } : { maximumSignificantDigits: 3, useGrouping: 'always' });
    formats.set(key, f);
  }
  return f.format(value);
}

/** Name under which render.ts gives Vega expressions chartNumber(value, intl). */
export const CHART_NUMBER_FN = 'diezmilNumber';
