/**
 * Number formatting per locale. The pipeline stores raw numbers; only the site
 * formats them, always through Intl so that 1,234.5 (en) reads 1.234,5 (es).
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

/** Digits that say what the measurement can support: about three significant figures. */
function options(value: number, unit: Unit): Intl.NumberFormatOptions {
  // 'always' groups four-digit numbers too (Spanish CLDR would print 1234).
  const base: Intl.NumberFormatOptions = { useGrouping: 'always' };
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

export function formatNumber(value: number, unit: Unit, intlLocale: string): string {
  return new Intl.NumberFormat(intlLocale, options(value, unit)).format(value);
}

/** Durations read best in the largest unit that keeps them at or above one: 3,600 ns → 3.6 µs. */
export function scaleDuration(value: number, unit: Unit): { value: number; unit: Unit } {
  if (unit === 'ns' && Math.abs(value) >= 1000) return scaleDuration(value / 1000, 'us');
  if (unit === 'us' && Math.abs(value) >= 1000) return scaleDuration(value / 1000, 'ms');
  if (unit === 'ms' && Math.abs(value) >= 1000) return { value: value / 1000, unit: 's' };
  return { value, unit };
}

/** Number and unit as a reader sees them: "1,234 req/s", "12.5×", "1.234 pet./s". */
export function formatWithUnit(value: number, unit: Unit, intlLocale: string, unitLabel: string): string {
  if (unit === 'percent') return formatPercent(value / 100, intlLocale);
  const number = formatNumber(value, unit, intlLocale);
  return unit === 'times' ? `${number}${unitLabel}` : `${number}\u00a0${unitLabel}`;
}

export function formatPercent(fraction: number, intlLocale: string): string {
  return new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export function formatDate(iso: string, intlLocale: string): string {
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

