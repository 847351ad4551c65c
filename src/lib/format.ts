/**
 * Number formatting per locale. The pipeline stores raw numbers; only the site
 * formats them, always through Intl so that 1,234.5 (en) reads 1.234,5 (es),
 * with each language's own conventions: Spanish groups thousands only from
 * five digits (1234, 12.345), as Intl.NumberFormat('es-ES') does; English
 * writes percentages with no space (95%), Spanish with one (95 %).
 */
import type { Unit } from './metric-ids.ts';
import type { UiKey } from '../i18n/keys.ts';

const UNIT_KEYS: Record<Unit, UiKey> = {
  rps: 'unit.rps',
  mibps: 'unit.mibps',
  us: 'unit.us',
  ns: 'unit.ns',
  ms: 'unit.ms',
  s: 'unit.s',
  mib: 'unit.mib',
  opsps: 'unit.opsps',
  times: 'unit.times',
  instructions: 'unit.instructions',
  mb: 'unit.mb',
  percent: 'unit.percent',
};

export function unitKey(unit: Unit): UiKey {
  return UNIT_KEYS[unit];
}

export interface NumberStyle {
  /**
   * false drops zeros the value does not have (4 → "4×", not "4.0×"): for
   * 2019 figures, which were published as round numbers and must not look
   * more precise than they were.
   */
  trailingZeros?: boolean;
  /**
   * Digits beyond the usual precision (0 by default): the two ends of an
   * interval that would otherwise print the same figure ("1.5–1.5×") get one
   * more, so the interval can be seen.
   */
  extraDigits?: number;
  /**
   * Every digit the value has (up to ten decimals), ignoring the unit's usual
   * precision: a 2019 figure as it was published ("2,491.53 MiB/s").
   */
  exact?: boolean;
}

/** Digits that say what the measurement can support: about three significant figures. */
function options(value: number, unit: Unit, style: NumberStyle = {}): Intl.NumberFormatOptions {
  const chosen = style.exact ? { useGrouping: 'auto' as const, maximumFractionDigits: 10 } : withExtraDigits(unitOptions(value, unit), style.extraDigits ?? 0);
  return style.trailingZeros === false ? { ...chosen, minimumFractionDigits: 0 } : chosen;
}

/** One more significant digit per extra digit, whichever way the unit's precision is set. */
function withExtraDigits(o: Intl.NumberFormatOptions, extra: number): Intl.NumberFormatOptions {
  if (extra <= 0) return o;
  if (o.maximumSignificantDigits !== undefined) return { ...o, maximumSignificantDigits: Math.min(21, o.maximumSignificantDigits + extra) };
  const max = (o.maximumFractionDigits ?? 0) + extra;
  return { ...o, maximumFractionDigits: max, minimumFractionDigits: Math.min(max, (o.minimumFractionDigits ?? 0) + extra) };
}

function unitOptions(value: number, unit: Unit): Intl.NumberFormatOptions {
  // The locale's own grouping: 1,234 in English, 1234 and 12.345 in Spanish (CLDR's minimum of two grouping digits).
  const base: Intl.NumberFormatOptions = { useGrouping: 'auto' };
  const abs = Math.abs(value);
  switch (unit) {
    case 'times':
      return { ...base, maximumFractionDigits: abs < 10 ? 1 : 0, minimumFractionDigits: abs < 10 ? 1 : 0 };
    case 'rps':
    case 'opsps':
      return abs >= 10000 ? { ...base, maximumSignificantDigits: 3 } : { ...base, maximumFractionDigits: abs < 10 ? 2 : abs < 100 ? 1 : 0 };
    case 'mibps':
    case 'mib':
    case 'mb':
      return { ...base, maximumFractionDigits: abs < 10 ? 2 : abs < 100 ? 1 : 0 };
    case 'instructions':
      return { ...base, maximumSignificantDigits: 4 };
    default:
      return abs >= 1000 ? { ...base, maximumFractionDigits: 0 } : { ...base, maximumSignificantDigits: 3 };
  }
}

export function formatNumber(value: number, unit: Unit, intlLocale: string, style?: NumberStyle): string {
  return new Intl.NumberFormat(intlLocale, options(value, unit, style)).format(value);
}

/** Durations read best in the largest unit that keeps them at or above one: 3,600 ns → 3.6 µs. */
export function scaleDuration(value: number, unit: Unit): { value: number; unit: Unit } {
  if (unit === 'ns' && Math.abs(value) >= 1000) return scaleDuration(value / 1000, 'us');
  if (unit === 'us' && Math.abs(value) >= 1000) return scaleDuration(value / 1000, 'ms');
  if (unit === 'ms' && Math.abs(value) >= 1000) return { value: value / 1000, unit: 's' };
  return { value, unit };
}

/** Number and unit as a reader sees them: "1,234 req/s", "12.5×", "1.234 peticiones/s". */
export function formatWithUnit(value: number, unit: Unit, intlLocale: string, unitLabel: string, style?: NumberStyle): string {
  if (unit === 'percent') return formatPercent(value / 100, intlLocale);
  const number = formatNumber(value, unit, intlLocale, style);
  return unit === 'times' ? `${number}${unitLabel}` : `${number}\u00a0${unitLabel}`;
}

/**
 * A ratio within 10 % of one, as the whole percentage it stays within
 * (0.95 → 5, 1.02 → 2, 1.0 → 1), or null when it is further from one.
 * <Ratio near> prints "within 5 %" where "1.0×" would round 0.95 up to one.
 */
export function nearOnePercent(ratio: number): number | null {
  const off = Math.abs(ratio - 1) * 100;
  if (!Number.isFinite(off) || off >= 10) return null;
  // The epsilon keeps 0.95 (4.9999…96 or 5.0000…04 in floating point) at 5, not 6.
  return Math.max(1, Math.ceil(off - 1e-9));
}

export function formatPercent(fraction: number, intlLocale: string): string {
  return new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export function formatDate(iso: string, intlLocale: string): string {
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}


/** "a, b and c" in the page language (Intl.ListFormat's conjunction): every list the site writes in prose. */
export function formatList(items: readonly string[], intlLocale: string): string {
  return new Intl.ListFormat(intlLocale, { type: 'conjunction' }).format(items);
}
