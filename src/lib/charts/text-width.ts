/**
 * Width of a chart label, estimated per character. Vega measures text with a
 * canvas, which the build does not have; without one it takes every character
 * as 0.8 em wide, so a chart's SVG came out wider than its marks and was shrunk
 * to fit the page. These widths (in em) are a little above the common
 * sans-serif fonts' (DejaVu Sans, Segoe UI, Roboto, Helvetica), so a label is
 * never cut off at the edge of the SVG.
 */
const NARROW = new Set([...'iljtfrI!|.,:;\'’()[]/ ']);
const WIDE = new Set([...'mwMW@%']);

function charWidth(c: string): number {
  if (NARROW.has(c)) return c === ' ' ? 0.33 : 0.36;
  if (WIDE.has(c)) return 0.98;
  if (c >= '0' && c <= '9') return 0.64;
  if (c >= 'A' && c <= 'Z') return 0.72;
  if (c === c.toLowerCase() && c !== c.toUpperCase()) return 0.62;
  return 0.7;
}

export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return em * fontSize * (bold ? 1.1 : 1);
}
