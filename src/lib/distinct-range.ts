/**
 * A range whose two ends must read apart: "0.987–0.994×", never "1.0–1.0×".
 * formatRange (src/lib/format-range.ts) prints both ends with the digits the
 * unit usually takes; where they round to the same figure, this prints one
 * digit more, then another, until they differ (at most four decimals). Used
 * where narrow intervals are the point (the A/A check), until formatRange
 * does it for every range.
 */
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';
import { formatRange } from './format-range.ts';
import { formatNumber, scaleDuration, unitKey } from './format.ts';

export function distinctRange(low: number, high: number, unit: Unit, ctx: Pick<PageContext, 't' | 'locale'>): string {
  const usual = formatRange(low, high, unit, ctx);
  const top = scaleDuration(high, unit);
  const k = high === 0 ? 1 : top.value / high;
  // As formatRange writes the two ends: both in the unit the larger one is scaled to.
  if (low === high || formatNumber(low * k, top.unit, ctx.locale.intl) !== formatNumber(top.value, top.unit, ctx.locale.intl)) return usual;
  const label = ctx.t(unitKey(top.unit));
  for (let digits = 2; digits <= 4; digits++) {
    const f = new Intl.NumberFormat(ctx.locale.intl, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' });
    const lo = f.format(low * k);
    const hi = f.format(top.value);
    if (lo !== hi) return top.unit === 'times' ? `${lo}–${hi}${label}` : `${lo}–${hi}\u00a0${label}`;
  }
  return usual;
}
