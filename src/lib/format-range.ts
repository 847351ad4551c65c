/** A range of two figures, formatted for a page: intervals on badges, the ledger and chart tables. */
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey } from './format.ts';

/** At most this many digits beyond the usual precision, for ends that are equal to it. */
const MAX_EXTRA_DIGITS = 3;

/**
 * "35–48×", "0.9–1.2 µs": both ends take the unit the larger one is scaled
 * to, so a range never reads "900 ns–1.2 µs" or "10,000–12 µs". Two ends that
 * round to the same figure get one more significant digit, and another if
 * need be, so an interval never reads "1.5–1.5×" (which hides whether it
 * reaches across anything); ends that are really equal stay as they are.
 */
export function formatRange(low: number, high: number, unit: Unit, ctx: Pick<PageContext, 't' | 'locale'>, options: { extraDigits?: number } = {}): string {
  const top = scaleDuration(high, unit);
  const k = high === 0 ? 1 : top.value / high;
  const label = ctx.t(unitKey(top.unit));
  const intl = ctx.locale.intl;
  let extra = options.extraDigits ?? 0;
  while (low !== high && extra < MAX_EXTRA_DIGITS && formatNumber(low * k, top.unit, intl, { extraDigits: extra }) === formatNumber(top.value, top.unit, intl, { extraDigits: extra })) extra++;
  return `${formatNumber(low * k, top.unit, intl, { extraDigits: extra })}–${formatWithUnit(top.value, top.unit, intl, label, { extraDigits: extra })}`;
}
