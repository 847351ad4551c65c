import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDictionary, validDictionary, DictionaryError } from '../../src/i18n/translator.ts';
import { UI_KEY_LIST } from '../../src/i18n/keys.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { translator } from './helpers.ts';

test('every locale has a complete dictionary', () => {
  for (const l of LOCALES) {
    const file = `src/i18n/${l.code}.json`;
    assert.deepEqual(checkDictionary(file, JSON.parse(readFileSync(file, 'utf8'))), []);
  }
});

test('a missing or extra key is reported with file and key', () => {
  const es = JSON.parse(readFileSync('src/i18n/es.json', 'utf8'));
  delete es['nav.results'];
  es['nav.typo'] = 'x';
  const problems = checkDictionary('src/i18n/es.json', es);
  assert.deepEqual(problems, [
    'src/i18n/es.json: missing key "nav.results" — add it (src/i18n/keys.ts says what it is for).',
    'src/i18n/es.json: unknown key "nav.typo" — remove it or declare it in src/i18n/keys.ts.',
  ]);
  assert.throws(() => validDictionary('src/i18n/es.json', es), DictionaryError);
  assert.throws(() => validDictionary('src/i18n/fr.json', undefined), /src\/i18n\/fr\.json is missing/);
});

test('translators interpolate and stay per-locale', () => {
  const en = translator('en');
  const es = translator('es');
  assert.equal(en('footer.run', { id: 'r1' }), 'Numbers from run r1.');
  assert.equal(es('footer.run', { id: 'r1' }), 'Cifras de la ejecución r1.');
  assert.equal(en('nav.home'), 'Home');
  assert.ok(UI_KEY_LIST.length > 50);
});
