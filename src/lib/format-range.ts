/** A range of two figures, formatted for a page: intervals on badges, the ledger and chart tables. */
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey } from './format.ts';

/**
 * "35–48×", "0.9–1.2 µs": both ends take the unit the larger one is scaled
 * to, so a range never reads "900 ns–1.2 µs" or "10,000–12 µs".
 */
export function formatRange(low: number, high: number, unit: Unit, ctx: Pick<PageContext, 't' | 'locale'>): string {
  const top = scaleDuration(high, unit);
  const k = high === 0 ? 1 : top.value / high;
  const label = ctx.t(unitKey(top.unit));
  return `${formatNumber(low * k, top.unit, ctx.locale.intl)}–${formatWithUnit(top.value, top.unit, ctx.locale.intl, label)}`;
}
