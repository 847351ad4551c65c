import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatWithUnit, formatPercent, scaleDuration, nearOnePercent } from '../../src/lib/format.ts';
import { formatOriginal } from '../../src/lib/original-format.ts';
import { formatRange } from '../../src/lib/format-range.ts';
import type { PageContext } from '../../src/lib/page.ts';
import { translator } from './helpers.ts';

test('numbers follow the locale: 1,234.5 in English, 1.234,5 in Spanish', () => {
  assert.equal(formatNumber(2491.53, 'mibps', 'en-US'), '2,492');
  assert.equal(formatNumber(2491.53, 'mibps', 'es-ES'), '2492');
  assert.equal(formatNumber(1234.5, 'instructions', 'en-US'), '1,235');
  assert.equal(formatNumber(7.256, 'mibps', 'es-ES'), '7,26');
  assert.equal(formatNumber(1234.5, 's', 'en-US'), '1,235');
  assert.equal(formatNumber(1234.5, 's', 'es-ES'), '1235');
  assert.equal(formatNumber(12345.6, 's', 'es-ES'), '12.346');
  assert.equal(formatNumber(12.345, 's', 'en-US'), '12.3');
  assert.equal(formatNumber(12.345, 's', 'es-ES'), '12,3');
});

test('Spanish groups thousands from five digits, as Intl.NumberFormat(\'es-ES\') does; English from four', () => {
  assert.equal(formatNumber(1234, 'rps', 'es-ES'), '1234');
  assert.equal(formatNumber(4567.8, 'rps', 'es-ES'), '4568');
  assert.equal(formatNumber(45678.9, 'rps', 'es-ES'), '45.700');
  assert.equal(formatNumber(1234, 'rps', 'en-US'), '1,234');
  assert.equal(formatNumber(1234, 'rps', 'es-ES'), new Intl.NumberFormat('es-ES').format(1234));
});

test('an interval whose ends round to the same figure gets one more digit', () => {
  const ctx = (lang: 'en' | 'es') =>
    ({ lang, locale: { intl: lang === 'en' ? 'en-US' : 'es-ES' }, t: translator(lang) }) as unknown as PageContext;
  assert.equal(formatRange(1.46, 1.54, 'times', ctx('en')), '1.46–1.54×');
  assert.equal(formatRange(21.8, 22.3, 'times', ctx('en')), '21.8–22.3×');
  assert.equal(formatRange(21.8, 22.3, 'times', ctx('es')), '21,8–22,3×');
  // Ends that print differently keep the usual precision.
  assert.equal(formatRange(52.4, 55.2, 'times', ctx('en')), '52–55×');
  assert.equal(formatRange(1.2, 1.6, 'times', ctx('en')), '1.2–1.6×');
  // Two more digits when one is not enough; equal ends stay as they are.
  assert.equal(formatRange(1.501, 1.504, 'times', ctx('en')), '1.501–1.504×');
  assert.equal(formatRange(2, 2, 'times', ctx('en')), '2.0–2.0×');
  // Durations keep one unit for both ends, with the extra digit.
  assert.equal(formatRange(243, 245, 'ns', ctx('en')), '243–245\u00a0ns');
  assert.equal(formatRange(10_520_000, 10_540_000, 'opsps', ctx('en')), '10,520,000–10,540,000\u00a0ops/s');
});

test('ratios carry one decimal below ten and none above', () => {
  assert.equal(formatWithUnit(3.456, 'times', 'en-US', '×'), '3.5×');
  assert.equal(formatWithUnit(3.456, 'times', 'es-ES', '×'), '3,5×');
  assert.equal(formatWithUnit(43.2, 'times', 'en-US', '×'), '43×');
});

test('units are separated by a no-break space', () => {
  assert.equal(formatWithUnit(1500, 'rps', 'en-US', 'req/s'), '1,500\u00a0req/s');
  assert.equal(formatWithUnit(1500, 'rps', 'es-ES', 'peticiones/s'), '1500\u00a0peticiones/s');
  assert.equal(formatWithUnit(15000, 'rps', 'es-ES', 'peticiones/s'), '15.000\u00a0peticiones/s');
});

test('percentages', () => {
  assert.equal(formatPercent(0.0412, 'en-US'), '4.1%');
  assert.equal(formatPercent(0.0412, 'es-ES'), '4,1\u00a0%');
  assert.equal(formatWithUnit(4.4, 'percent', 'en-US', '%'), '4.4%');
});

test('durations scale to the unit that keeps them readable', () => {
  assert.deepEqual(scaleDuration(3600, 'ns'), { value: 3.6, unit: 'us' });
  assert.deepEqual(scaleDuration(45, 'ns'), { value: 45, unit: 'ns' });
  assert.deepEqual(scaleDuration(1_500_000, 'us'), { value: 1.5, unit: 's' });
  assert.deepEqual(scaleDuration(2500, 'mib'), { value: 2500, unit: 'mib' });
});

test('2019 figures keep the precision they were published with', () => {
  assert.equal(formatNumber(4, 'times', 'en-US', { trailingZeros: false }), '4');
  assert.equal(formatNumber(4, 'times', 'en-US'), '4.0');
  assert.equal(formatNumber(2.5, 'times', 'es-ES', { trailingZeros: false }), '2,5');
  const ctx = (lang: 'en' | 'es') =>
    ({ lang, locale: { intl: lang === 'en' ? 'en-US' : 'es-ES' }, t: translator(lang) }) as unknown as PageContext;
  assert.equal(formatOriginal({ value: 4, unit: 'times' }, ctx('en')).text, '4×');
  assert.equal(formatOriginal({ value: 5, unit: 'times' }, ctx('es')).text, '5×');
  assert.equal(formatOriginal({ low: 2, high: 3, unit: 'times' }, ctx('en')).text, '2–3×');
  assert.equal(formatOriginal({ low: 4, high: 50, unit: 'times' }, ctx('es')).text, '4–50×');
  assert.equal(formatOriginal({ value: 4.4, unit: 'percent' }, ctx('en')).text, '4.4%');
  assert.equal(formatOriginal({ value: 2491.53, unit: 'mibps' }, ctx('en')).text, '2,491.53\u00a0MiB/s');
  assert.equal(formatOriginal({ value: 2491.53, unit: 'mibps' }, ctx('es')).text, '2491,53\u00a0MiB/s');
  assert.equal(formatOriginal({ value: 85, unit: 'mb' }, ctx('en')).text, '85\u00a0MB');
  assert.equal(formatOriginal({ value: 100000, unit: 'opsps' }, ctx('es')).text, '100.000\u00a0operaciones/s');
  assert.equal(formatOriginal({ value: 4.4, unit: 'percent' }, ctx('es')).text, '4,4\u00a0%');
});

test('a ratio near one reads as the percentage it stays within', () => {
  assert.equal(nearOnePercent(0.95), 5);
  assert.equal(nearOnePercent(1.05), 5);
  assert.equal(nearOnePercent(0.953), 5);
  assert.equal(nearOnePercent(1.02), 2);
  assert.equal(nearOnePercent(1), 1);
  assert.equal(nearOnePercent(0.91), 9);
  assert.equal(nearOnePercent(1.1), null);
  assert.equal(nearOnePercent(0.85), null);
  assert.equal(nearOnePercent(26), null);
  assert.equal(nearOnePercent(Number.NaN), null);
  // What <Ratio near> prints around it.
  assert.equal(translator('en')('ratio.near', { pct: formatPercent(0.05, 'en-US') }), 'within 5% of');
  assert.equal(translator('es')('ratio.near', { pct: formatPercent(0.05, 'es-ES') }), 'igual, con un margen del 5\u00a0%, que');
});

test('a ratio interval whose end is not one but would print as one gets a digit more', async () => {
  const { claimView } = await import('../../src/lib/claim-view.ts');
  const { loadClaims } = await import('../../src/lib/claims.ts');
  const { formatWithUnit: fw } = await import('../../src/lib/format.ts');
  const t = translator('en');
  const ctx = {
    lang: 'en',
    locale: { code: 'en', intl: 'en-US' },
    t,
    texts: { original: () => '', measured: () => 'Node.js ÷ Java', above: () => 'Node.js is slower', below: () => 'Node.js is faster' },
    fmt: (v: number, u: 'times') => fw(v, u, 'en-US', '×'),
  } as unknown as PageContext;
  const claim = loadClaims().find((c) => c.id === 'cpu-node-near-java')!;
  const base = { claim, verdict: 'holds' as const, leaning: 'holds' as const, inconclusive: null, reason: null, sources: [], omitted: [] };
  const view = claimView({ ...base, measured: { kind: 'value', value: 1.08, low: 1.04, high: 1.12 } }, ctx);
  assert.equal(view.interval, '1.04–1.12×');
  assert.equal(view.direction, 'Node.js is slower');
  assert.equal(claimView({ ...base, measured: { kind: 'value', value: 1.5, low: 1.2, high: 1.8 } }, ctx).interval, '1.2–1.8×');
});
