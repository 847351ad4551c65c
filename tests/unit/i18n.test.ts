/**
 * Dictionaries and translators (src/i18n/translator.ts), claim texts
 * (src/i18n/claim-texts.ts), fallback marks (src/i18n/fallback-mark.ts) and
 * "not measured" reasons (src/lib/missing-reason.ts), for whatever languages
 * the project has, plus an in-memory partial French.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDictionary, createTranslator, inspectDictionary, pluralCategories, validDictionary, DictionaryError } from '../../src/i18n/translator.ts';
import { UI_KEY_LIST, UI_PLURAL_KEYS, type UiKey } from '../../src/i18n/keys.ts';
import { LOCALES, DEFAULT_LOCALE } from '../../src/i18n/locales.ts';
import { markLang, renderMarks, stripMarks } from '../../src/i18n/fallback-mark.ts';
import { createClaimTexts } from '../../src/i18n/claim-texts.ts';
import { reasonLabel, reasonText, type MissingReason } from '../../src/lib/missing-reason.ts';
import { evaluateClaim, loadClaims } from '../../src/lib/claims.ts';
import { getMetric } from '../../src/lib/metrics.ts';
import { VERDICTS } from '../../src/schemas/claims.ts';
import { RUN_MODES } from '../../src/schemas/run.ts';
import { fixtureRun, translator } from './helpers.ts';

const dictOf = (code: string) => JSON.parse(readFileSync(`src/i18n/${code}.json`, 'utf8')) as Record<string, string>;
const base = dictOf(DEFAULT_LOCALE);
const finished = LOCALES.filter((l) => !l.inProgress || l.code === DEFAULT_LOCALE);

test('finished languages have complete dictionaries; languages in progress have no unknown keys', () => {
  for (const l of LOCALES) {
    const file = `src/i18n/${l.code}.json`;
    const r = inspectDictionary(file, dictOf(l.code), l.code);
    assert.deepEqual(r.invalid, [], file);
    if (finished.includes(l)) assert.deepEqual(checkDictionary(file, dictOf(l.code), l.code), []);
  }
});

test('a missing or extra key is reported with file and key', () => {
  const file = `src/i18n/${DEFAULT_LOCALE}.json`;
  const d = { ...base };
  delete d['nav.results'];
  d['nav.typo'] = 'x';
  assert.deepEqual(checkDictionary(file, d, DEFAULT_LOCALE), [
    `${file}: missing key "nav.results" — add it (src/i18n/keys.ts says what it is for).`,
    `${file}: unknown key "nav.typo" — remove it or declare it in src/i18n/keys.ts.`,
  ]);
  assert.throws(() => validDictionary(file, d, { lang: DEFAULT_LOCALE }), DictionaryError);
  // A language in progress may miss keys, never have unknown ones.
  const partial = { 'nav.home': 'Accueil' };
  assert.deepEqual(validDictionary('src/i18n/fr.json', partial, { lang: 'fr', partial: true }), partial);
  assert.throws(() => validDictionary('src/i18n/fr.json', { ...partial, 'nav.typo': 'x' }, { lang: 'fr', partial: true }), /unknown key "nav\.typo"/);
  assert.throws(() => validDictionary('src/i18n/fr.json', undefined), /src\/i18n\/fr\.json is missing/);
});

test('translators interpolate and stay per-locale', () => {
  for (const l of finished) {
    const t = translator(l.code);
    assert.equal(t('footer.run', { id: 'r1' }), dictOf(l.code)['footer.run']!.replace('{{id}}', 'r1'));
  }
  assert.equal(translator('en')('nav.home'), 'Home');
  assert.ok(UI_KEY_LIST.length > 50);
});

test('a partial dictionary: missing messages come from the default language, marked with it; language names follow the message', () => {
  const fr = { 'nav.home': 'Accueil', 'essays.inLanguage': '(en {{lang}})' };
  const t = createTranslator('fr', fr, { intl: 'fr-FR', fallback: { code: DEFAULT_LOCALE, dict: base } });
  assert.equal(t('nav.home'), 'Accueil');
  assert.equal(t('nav.results'), markLang(DEFAULT_LOCALE, base['nav.results']!));
  const name = (code: string) => (inLang: string) => new Intl.DisplayNames([inLang], { type: 'language' }).of(code)!;
  assert.equal(t('essays.inLanguage', { lang: name('es') }), '(en espagnol)');
  // Shown in English, a language name is English too: never "First published in anglais".
  const english = new Intl.DisplayNames([DEFAULT_LOCALE], { type: 'language' }).of('en')!;
  assert.equal(stripMarks(t('essays.original', { lang: name('en'), date: '2019' })), base['essays.original']!.replace('{{lang}}', english).replace('{{date}}', '2019'));
  // A message missing one plural form is not translated: the whole message falls back.
  const plural = createTranslator('fr', { 'verdictCount.holds_one': '{{count}} affirmation se vérifie', 'verdictCount.holds_other': '{{count}} affirmations se vérifient' }, { intl: 'fr-FR', fallback: { code: DEFAULT_LOCALE, dict: base } });
  assert.match(plural('verdictCount.holds', { count: 2 }), /^\uE000en\uE001/);
  assert.deepEqual(inspectDictionary('fr.json', { 'verdictCount.holds_one': 'x', 'verdictCount.holds_other': 'x' }, 'fr').missing.includes('verdictCount.holds'), true);
});

test('counts take the plural forms of each language, with the number formatted for it', () => {
  for (const l of finished) {
    const t = translator(l.code);
    const rules = new Intl.PluralRules(l.code);
    for (const key of Object.keys(UI_PLURAL_KEYS) as UiKey[]) {
      for (const n of [0, 1, 2, 13, 1_000_000]) {
        const form = rules.select(n);
        const expected = dictOf(l.code)[`${key}_${form}`]!;
        const text = t(key, { count: n, present: 1, percent: '1 %' });
        assert.equal(text, expected.replace('{{count}}', new Intl.NumberFormat(l.intl).format(n)).replace('{{present}}', '1').replace('{{percent}}', '1 %'), `${l.code} ${key} ${n}`);
      }
    }
  }
  assert.equal(translator('en')('verdictCount.holds', { count: 1 }), '1 claim holds');
  assert.equal(translator('en')('verdictCount.holds', { count: 13 }), '13 claims hold');
  if (LOCALES.some((l) => l.code === 'es')) {
    assert.equal(translator('es')('verdictCount.holds', { count: 13 }), '13 afirmaciones se cumplen');
    assert.equal(translator('es')('verdictCount.holds', { count: 1_000_000 }), '1.000.000 de afirmaciones se cumplen');
  }
  // French counts 0 as singular, and has a form for millions.
  assert.deepEqual(pluralCategories('fr'), ['one', 'many', 'other']);
  const fr = createTranslator('fr', { 'verdictCount.holds_one': '{{count}} affirmation se vérifie', 'verdictCount.holds_many': "{{count}} d'affirmations se vérifient", 'verdictCount.holds_other': '{{count}} affirmations se vérifient' }, { intl: 'fr-FR' });
  assert.equal(fr('verdictCount.holds', { count: 0 }), '0 affirmation se vérifie');
  assert.equal(fr('verdictCount.holds', { count: 13 }), '13 affirmations se vérifient');
  assert.equal(fr('verdictCount.holds', { count: 1_000_000 }), "1\u202f000\u202f000 d'affirmations se vérifient");
});

test('every verdict, run mode and reason has its words in every finished language', () => {
  for (const l of finished) {
    const d = dictOf(l.code);
    for (const v of VERDICTS) {
      assert.ok(d[`verdict.${v}`], `${l.code} verdict.${v}`);
      for (const form of pluralCategories(l.code)) assert.ok(d[`verdictCount.${v}_${form}`], `${l.code} verdictCount.${v}_${form}`);
    }
    for (const m of RUN_MODES) assert.ok(d[`mode.${m}`], `${l.code} mode.${m}`);
  }
});

test('"not measured" reasons are structured: English for the terminal, the page language on the site', () => {
  const run = fixtureRun('synthetic-a');
  const noCell = { ...run, cells: run.cells.filter((c) => !(c.suite === 'http' && c.impl === 'go' && c.test === 'plaintext')) };
  const m = getMetric(noCell, 'http.go.plaintext.rps');
  assert.equal(m.kind, 'missing');
  const reason = (m as { reason: MissingReason }).reason;
  assert.deepEqual(reason, { code: 'no_cell', suite: 'http', impl: 'go', test: 'plaintext' });
  assert.equal(reasonText(reason), 'no http cell for go × plaintext in this run');
  // A claim built on that cell says why, through the same structure.
  const claim = loadClaims().find((c) => c.measure.kind === 'metric' && c.measure.id === 'http.go.plaintext.rps') ?? loadClaims().find((c) => JSON.stringify(c.measure).includes('http.go.plaintext.rps'))!;
  assert.deepEqual(evaluateClaim(claim, noCell).reason, reason);
  for (const l of finished) {
    const text = reasonLabel(reason, translator(l.code), l.intl);
    assert.equal(text, dictOf(l.code)['reason.no_cell']!.replace('{{suite}}', 'http').replace('{{impl}}', 'go').replace('{{test}}', 'plaintext'));
  }
  if (LOCALES.some((l) => l.code === 'es')) {
    assert.equal(reasonLabel(reason, translator('es'), 'es-ES'), 'esta ejecución no tiene ninguna celda http para go × plaintext');
    // The runner's own words stay English, marked as English.
    const failed: MissingReason = { code: 'cell_failed', cell: 'http/go/json', detail: 'wrong body' };
    assert.equal(reasonLabel(failed, translator('es'), 'es-ES'), `http/go/json falló: ${markLang('en', 'wrong body')}`);
    assert.equal(reasonText(failed), 'http/go/json failed: wrong body');
  }
  // Every code has words in every finished language (no key shown raw).
  const all: MissingReason[] = [
    { code: 'no_run' },
    reason,
    { code: 'cell_failed', cell: 'a/b/c', detail: null },
    { code: 'cell_skipped', cell: 'a/b/c', detail: 'x' },
    { code: 'no_summary', cell: 'a/b/c' },
    { code: 'no_memory', cell: 'a/b/c' },
    { code: 'no_instructions', cell: 'a/b/c', detail: null },
    { code: 'no_kernel_pair', impl: 'go', baseline: 'C++' },
    { code: 'c_baseline', reason },
    { code: 'no_single_baseline', impl: 'cpython' },
    { code: 'unsupported', metric: 'x' },
    { code: 'none_measured', ids: ['a', 'b'] },
    { code: 'not_remeasured' },
  ];
  for (const l of finished) for (const r of all) assert.doesNotMatch(reasonLabel(r, translator(l.code), l.intl), /reason\.|\{\{/, `${l.code} ${r.code}`);
});

test('claim texts: own text, else the default language marked with it', () => {
  const texts = createClaimTexts('fr', new Map([['claims.a.statement', 'Énoncé']]), {
    lang: 'en',
    flat: new Map([['claims.a.statement', 'Statement'], ['claims.a.method', 'Method'], ['originals.x', 'words']]),
  });
  assert.equal(texts.statement('a'), 'Énoncé');
  assert.equal(texts.method('a'), markLang('en', 'Method'));
  assert.equal(texts.figure('x'), markLang('en', 'words'));
  assert.throws(() => texts.method('b'), /src\/i18n\/en\/claims\.json: no "claims\.b\.method"/);
});

test('fallback marks: <span lang> in text, plain in attributes, <title>, scripts and SVG', () => {
  const m = markLang('en', 'Results');
  const page = `<html lang="fr"><head><title>${m} · Diez Mil</title><meta name="description" content="${m}"></head><body><h1>${m}</h1><p title="${m}">x ${markLang('en', `a ${markLang('en', 'b')} c`)}</p><script>const s = "${m}";</script><svg><text>${m}</text></svg></body></html>`;
  assert.equal(
    renderMarks(page),
    '<html lang="fr"><head><title>Results · Diez Mil</title><meta name="description" content="Results"></head><body><h1><span lang="en" data-i18n-fallback>Results</span></h1><p title="Results">x <span lang="en" data-i18n-fallback>a <span lang="en" data-i18n-fallback>b</span> c</span></p><script>const s = "Results";</script><svg><text>Results</text></svg></body></html>',
  );
  assert.equal(stripMarks(`x ${m}`), 'x Results');
});
