/** What readers see of a verdict: the rule in words, the interval, and why a verdict is inconclusive — in both languages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimView, inconclusiveText, ruleText } from '../../src/lib/claim-view.ts';
import { formatRange } from '../../src/lib/format-range.ts';
import { evaluateClaim, loadClaims, type ClaimResult } from '../../src/lib/claims.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey } from '../../src/lib/format.ts';
import type { PageContext } from '../../src/lib/page.ts';
import type { Unit } from '../../src/lib/metric-ids.ts';
import { fixtureRun, translator } from './helpers.ts';

/** A page context without Vite: the real dictionaries and formatters. */
function ctx(lang: 'en' | 'es'): PageContext {
  const intl = lang === 'en' ? 'en-US' : 'es-ES';
  const t = translator(lang);
  return {
    lang,
    locale: { code: lang, intl },
    t,
    texts: {
      original: (id: string) => `(${id} in words)`,
      measured: (id: string) => `(${id} measured)`,
      above: (id: string) => `(${id} above one)`,
      below: (id: string) => `(${id} below one)`,
    },
    fmt: (value: number, unit: Unit) => {
      const s = scaleDuration(value, unit);
      return formatWithUnit(s.value, s.unit, intl, t(unitKey(s.unit)));
    },
    num: (value: number, unit: Unit) => formatNumber(value, unit, intl),
  } as unknown as PageContext;
}
const en = ctx('en');
const es = ctx('es');

test('rule "approx" in words, naming 2019’s figure when the rule is built on it', () => {
  const rule = { kind: 'approx', target: 50, holds_factor: 2, partly_factor: 4 } as const;
  assert.equal(ruleText(rule, { value: 50, unit: 'times' }, en), 'holds within ×/÷2 of 2019’s 50×, partly within ×/÷4');
  assert.equal(ruleText(rule, { value: 50, unit: 'times' }, es), 'se cumple dentro de ×/÷2 de la cifra de 2019 (50×); en parte, dentro de ×/÷4');
  // A target that is not the published figure is not called 2019's.
  assert.equal(ruleText({ ...rule, target: 40 }, { value: 50, unit: 'times' }, en), 'holds within ×/÷2 of 40×, partly within ×/÷4');
  assert.equal(ruleText({ ...rule, holds_factor: 1.5 }, { value: 50, unit: 'times' }, es), 'se cumple dentro de ×/÷1,5 de la cifra de 2019 (50×); en parte, dentro de ×/÷4');
  // Durations read in the unit that suits them: 10,000 ns is 10 µs.
  assert.equal(
    ruleText({ kind: 'approx', target: 10000, holds_factor: 2, partly_factor: 4 }, { value: 10000, unit: 'ns' }, en, { unit: 'ns' }),
    'holds within ×/÷2 of 2019’s 10\u00a0µs, partly within ×/÷4',
  );
});

test('rule "range" in words, for a value and for a measured range', () => {
  const rule = { kind: 'range', low: 2, high: 3, partly_factor: 1.5 } as const;
  assert.equal(ruleText(rule, { low: 2, high: 3, unit: 'times' }, en), 'holds within 2019’s 2–3×, partly within ×/÷1.5 of it');
  assert.equal(ruleText(rule, { low: 2, high: 3, unit: 'times' }, es), 'se cumple dentro de la cifra de 2019 (2–3×); en parte, dentro de ×/÷1,5 de ese rango');
  assert.equal(ruleText(rule, null, en), 'holds within 2–3×, partly within ×/÷1.5 of it');
  const wide = { kind: 'range', low: 4, high: 50, partly_factor: 1.5 } as const;
  assert.equal(
    ruleText(wide, { low: 4, high: 50, unit: 'times' }, en, { measure: 'range_ratio' }),
    'holds when both ends are within ×/÷1.5 of 4× and 50×, partly when the ranges overlap',
  );
  assert.equal(
    ruleText(wide, { low: 4, high: 50, unit: 'times' }, es, { measure: 'range_ratio' }),
    'se cumple si ambos extremos están dentro de ×/÷1,5 de 4× y 50×; en parte, si los rangos se solapan',
  );
});

test('rules "at_least" and "at_most" in words', () => {
  const atLeast = { kind: 'at_least', min: 700, partly_min: 350 } as const;
  assert.equal(ruleText(atLeast, { value: 700, unit: 'mibps' }, en), 'holds at 2019’s 700\u00a0MiB/s or more, partly from 350\u00a0MiB/s');
  assert.equal(ruleText(atLeast, { value: 700, unit: 'mibps' }, es), 'se cumple con la cifra de 2019 (700\u00a0MiB/s) o más; en parte, desde 350\u00a0MiB/s');
  // A claim given in words has no figure of 2019 to name: the rule's figures are ratios.
  const atMost = { kind: 'at_most', max: 1, partly_max: 1.1 } as const;
  assert.equal(ruleText(atMost, { text: true }, en), 'holds at 1× or less, partly up to 1.1×');
  assert.equal(ruleText(atMost, { text: true }, es), 'se cumple con 1× o menos; en parte, hasta 1,1×');
  assert.equal(ruleText({ kind: 'at_least', min: 1, partly_min: 0.9 }, { text: true }, en), 'holds at 1× or more, partly from 0.9×');
});

test('rules "gil" and "none" in words', () => {
  const gil = { kind: 'gil', threads_max: 1.2, processes_min: 1.5 } as const;
  assert.equal(ruleText(gil, { text: true }, en), 'holds when threads gain less than 1.2× and processes at least 1.5×, partly when only one of the two');
  assert.equal(ruleText(gil, { text: true }, es), 'se cumple si los hilos ganan menos de 1,2× y los procesos al menos 1,5×; en parte, si solo se da una de las dos cosas');
  assert.equal(ruleText({ kind: 'none' }, null, en), null);
});

test('every claim of data/claims.json has its rule in words in both languages', () => {
  for (const claim of loadClaims()) {
    for (const c of [en, es]) {
      const text = ruleText(claim.rule, claim.original, c);
      if (claim.rule.kind === 'none') assert.equal(text, null);
      else assert.ok(text && !/{{|undefined|NaN/.test(text), `${claim.id}: ${text}`);
    }
  }
});

test('why a verdict is inconclusive, in words, with the verdict at the point value', () => {
  assert.equal(
    inconclusiveText({ why: 'straddles', verdicts: ['holds', 'partly'] }, 'holds', en),
    'its 95% interval reaches across a boundary of the rule (it holds and partly holds at its ends); at the measured value itself it holds',
  );
  assert.equal(
    inconclusiveText({ why: 'straddles', verdicts: ['holds', 'partly'] }, 'holds', es),
    'su intervalo del 95 % cruza un límite de la regla (en sus extremos se cumple y se cumple en parte); en el propio valor medido se cumple',
  );
  assert.equal(inconclusiveText({ why: 'no_interval' }, 'no_longer_holds', en), 'too few rounds for a 95% interval; at the measured value itself it no longer holds');
  assert.equal(inconclusiveText({ why: 'no_interval' }, 'partly', es), 'demasiado pocas rondas para un intervalo del 95 %; en el propio valor medido se cumple en parte');
});

test('a blocked verdict names the flag in words and every cell that carries it', () => {
  const flags = [
    { cell: 'http/go/transfer', kind: 'client_bound' as const, detail: 'wrk at 99 % CPU' },
    { cell: 'http/rust-actix/transfer', kind: 'client_bound' as const, detail: 'wrk at 98 % CPU' },
    { cell: 'http/go/transfer', kind: 'client_bound' as const, detail: 'wrk at 99 % CPU' },
    { cell: 'http/cpython/loop', kind: 'few_samples' as const, detail: '40 requests' },
  ];
  assert.equal(
    inconclusiveText({ why: 'blocked', flags }, 'holds', en),
    'blocked by a flag on a cell it rests on: load generator was the limit (http/go/transfer, http/rust-actix/transfer); too few requests completed to trust it (http/cpython/loop); at the measured value itself it holds',
  );
  assert.match(inconclusiveText({ why: 'blocked', flags }, 'holds', es), /el generador de carga era el límite \(http\/go\/transfer, http\/rust-actix\/transfer\)/);
  // A flag without words of its own is named by its label.
  assert.match(inconclusiveText({ why: 'blocked', flags: [{ cell: 'http/go/json', kind: 'noisy', detail: '' }] }, null, en), /flagged “noisy” \(http\/go\/json\)$/);
});

test('ranges keep one unit for both ends', () => {
  assert.equal(formatRange(35, 48, 'times', en), '35–48×');
  assert.equal(formatRange(900, 1200, 'ns', en), '0.9–1.2\u00a0µs');
  assert.equal(formatRange(1380000, 2020000, 'opsps', es), '1.380.000–2.020.000\u00a0operaciones/s');
});

test('the badge view carries the interval, the rule and, when inconclusive, why', () => {
  const run = fixtureRun('synthetic-a');
  const results = loadClaims().map((c) => evaluateClaim(c, run));
  const views = results.map((r) => [r, claimView(r, en)] as const);
  for (const [r, v] of views) {
    if (r.measured?.kind === 'value' && r.measured.low !== null) assert.ok(v.interval && /–/.test(v.interval), `${r.claim.id}: ${v.interval}`);
    if (r.verdict === 'inconclusive') assert.ok(v.why, r.claim.id);
    else assert.equal(v.why, null, r.claim.id);
    if (r.verdict !== 'not_remeasured') assert.ok(v.rule, r.claim.id);
  }
  // The fixture has at least one of each, so the assertions above ran.
  assert.ok(views.some(([r]) => r.verdict === 'inconclusive'));
  const gil = views.find(([r]) => r.claim.id === 'threads-gil-one-core')![1];
  assert.match(gil.interval!, /^threads [\d.]+–[\d.]+× · processes [\d.]+–[\d.]+×$/);
  // A claim without an interval says so in words.
  const one = results.find((r) => r.measured?.kind === 'value')!;
  const bare: ClaimResult = { ...one, verdict: 'inconclusive', measured: { kind: 'value', value: 41, low: null, high: null }, inconclusive: { why: 'no_interval' }, leaning: 'holds' };
  const view = claimView(bare, es);
  assert.equal(view.interval, null);
  assert.equal(view.verdictLabel, 'sin conclusión en esta ejecución');
  assert.match(view.why!, /^demasiado pocas rondas/);
});
