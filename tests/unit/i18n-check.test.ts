/**
 * The translator workflow's check (scripts/i18n/check.ts) and the status module
 * it shares with the status page (src/lib/translation-status.ts), on the
 * project and on fixture copies with a temporary third locale ("fr").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkTranslations, updateHash } from '../../scripts/i18n/check.ts';
import {
  contentHash,
  essayState,
  layout,
  readFrontmatter,
  translationStatus,
  withTranslatedFrom,
} from '../../src/lib/translation-status.ts';
import { UI_KEY_LIST } from '../../src/i18n/keys.ts';
import { addFrench, copyI18nProject, edit } from '../fixtures/i18n/add-locale.ts';

function tempProject(t: { after: (fn: () => void) => void }, french = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-i18n-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyI18nProject(dir);
  if (french) {
    addFrench(dir);
    updateHash(layout(dir), join(dir, 'src/content/essays/fr/why-learn-go.mdx'));
  }
  return dir;
}

const FR_ESSAY = 'src/content/essays/fr/why-learn-go.mdx';

test('the project has no translation errors and every essay in every language', () => {
  // Outdated prose is only a warning (npm run i18n:check lists it), so it does not fail here.
  const { errors, status } = checkTranslations(layout());
  assert.deepEqual(errors, []);
  assert.ok(status.essays.length >= 6);
  for (const e of status.essays) {
    assert.equal(e.cells.filter((c) => c.state === 'source').length, 1, e.slug);
    assert.ok(e.cells.every((c) => c.state !== 'missing'), e.slug);
  }
  for (const k of status.keys) assert.equal(k.present, k.total, k.file);
});

test('content hash, frontmatter reading and translatedFrom writing', () => {
  const text = '---\ntitle: "A"\noriginalLanguage: en\ni18nReady: false\norder: 3\n---\n\nBody.\n';
  assert.equal(contentHash(text), contentHash('---\ntitle: "B"\n---\n\nBody.\n'), 'the frontmatter is not part of the hash');
  assert.notEqual(contentHash(text), contentHash(text.replace('Body', 'Bodies')));
  assert.match(contentHash(text), /^[0-9a-f]{12}$/);
  assert.deepEqual(readFrontmatter(text), { title: 'A', originalLanguage: 'en', i18nReady: false, order: 3 });
  const updated = withTranslatedFrom(text, 'es', 'abcdef012345');
  assert.deepEqual(readFrontmatter(updated).translatedFrom, { lang: 'es', hash: 'abcdef012345' });
  assert.ok(updated.endsWith('\nBody.\n'));
  const again = withTranslatedFrom(updated, 'es', '111111111111');
  assert.equal(again.match(/translatedFrom/g)!.length, 1, 'replaces, does not duplicate');
  assert.deepEqual(readFrontmatter('---\ntranslatedFrom: { lang: en, hash: "0123456789ab" }\n---\n').translatedFrom, {
    lang: 'en',
    hash: '0123456789ab',
  });
});

test('a third locale from fixtures: one config entry, a dictionary and one essay', (t) => {
  const dir = tempProject(t);
  const { errors, warnings, status } = checkTranslations(layout(dir));
  assert.deepEqual(errors, []);
  assert.deepEqual(status.locales, ['en', 'es', 'fr']);
  const fr = status.keys.find((k) => k.lang === 'fr')!;
  assert.equal(fr.present, UI_KEY_LIST.length);
  assert.equal(fr.file, 'src/i18n/fr.json');
  assert.equal(essayState(status, 'why-learn-go', 'fr')?.state, 'up-to-date');
  assert.equal(essayState(status, 'why-learn-go', 'fr')?.title, 'Pourquoi apprendre Go pour votre prochain projet');
  // Every other essay is missing in French: a warning each (the site shows a fallback), not an error.
  const missing = status.essays.filter((e) => e.cells.find((c) => c.lang === 'fr')!.state === 'missing');
  assert.equal(missing.length, status.essays.length - 1);
  assert.equal(warnings.filter((w) => w.includes('/essays/')).length, missing.length);
  assert.match(warnings.join('\n'), /src\/content\/essays\/fr\/ten-thousand-barrier\.mdx: missing \(no file\) — \/fr\/essays\/ten-thousand-barrier\/ shows the es text/);
  // The source of an essay first written in Spanish is the Spanish file.
  assert.equal(status.essays.find((e) => e.slug === 'ten-thousand-barrier')!.sourceLang, 'es');
});

test('a changed source makes its translations outdated (a warning), --update refreshes the hash', (t) => {
  const dir = tempProject(t);
  edit(join(dir, 'src/content/essays/en/why-learn-go.mdx'), (s) => `${s}\nA new closing sentence.\n`);
  const l = layout(dir);
  let r = checkTranslations(l);
  assert.deepEqual(r.errors, []);
  assert.equal(essayState(r.status, 'why-learn-go', 'fr')?.state, 'outdated');
  assert.equal(essayState(r.status, 'why-learn-go', 'es')?.state, 'outdated');
  const outdated = r.warnings.filter((w) => /may be outdated/.test(w));
  assert.equal(outdated.length, 2);
  assert.match(outdated.join('\n'), /src\/content\/essays\/es\/why-learn-go\.mdx: may be outdated — translated from en at [0-9a-f]{12}; src\/content\/essays\/en\/why-learn-go\.mdx is now at [0-9a-f]{12}\. .*--update src\/content\/essays\/es\/why-learn-go\.mdx/);
  assert.ok(checkTranslations(l, { strict: true }).errors.length >= 2, '--strict turns them into errors');
  updateHash(l, join(dir, 'src/content/essays/es/why-learn-go.mdx'));
  r = checkTranslations(l);
  assert.equal(essayState(r.status, 'why-learn-go', 'es')?.state, 'up-to-date');
  assert.equal(essayState(r.status, 'why-learn-go', 'fr')?.state, 'outdated');
  assert.throws(() => updateHash(l, join(dir, 'src/content/essays/en/why-learn-go.mdx')), /is the source version/);
});

test('i18nReady: false counts as missing', (t) => {
  const dir = tempProject(t, false);
  edit(join(dir, 'src/content/essays/es/why-learn-go.mdx'), (s) => s.replace('i18nReady: true', 'i18nReady: false'));
  const cell = essayState(translationStatus(layout(dir)), 'why-learn-go', 'es')!;
  assert.equal(cell.state, 'missing');
  assert.equal(cell.reason, 'i18nReady: false');
});

test('a missing key, an extra key, an id mismatch, and a missing essay are reported with file paths', (t) => {
  const dir = tempProject(t);
  edit(join(dir, 'src/i18n/fr.json'), (s) => {
    const d = JSON.parse(s);
    delete d['nav.results'];
    d['nav.typo'] = 'x';
    return JSON.stringify(d, null, 2);
  });
  edit(join(dir, FR_ESSAY), (s) => s.replace('<Claim id="cpu-go-near-java" />', ''));
  rmSync(join(dir, 'src/content/essays/es/why-learn-go.mdx'));
  const { errors, warnings } = checkTranslations(layout(dir));
  assert.ok(errors.includes('src/i18n/fr.json: missing key "nav.results" — add it (src/i18n/keys.ts says what it is for).'), errors.join('\n'));
  assert.ok(errors.includes('src/i18n/fr.json: unknown key "nav.typo" — remove it or declare it in src/i18n/keys.ts.'));
  assert.ok(
    errors.some((e) => e.startsWith(`${FR_ESSAY}: Claim cpu-go-near-java is cited in en but not in fr`)),
    errors.join('\n'),
  );
  // Spanish is a finished language: a missing essay there is an error (French is marked inProgress).
  assert.ok(errors.some((e) => e.startsWith('src/content/essays/es/why-learn-go.mdx: missing (no file)')), errors.join('\n'));
  assert.equal(checkTranslations(layout(dir), { strict: true }).errors.length, errors.length + warnings.length);
});

test('an essay folder that is not a locale is an error', (t) => {
  const dir = tempProject(t, false);
  copyI18nProject(dir);
  const de = join(dir, 'src/content/essays/de');
  spawnSync('mkdir', ['-p', de]);
  writeFileSync(join(de, 'why-learn-go.mdx'), readFileSync('src/content/essays/en/why-learn-go.mdx', 'utf8'));
  const { errors } = checkTranslations(layout(dir));
  assert.ok(errors.some((e) => e.startsWith('src/content/essays/de/why-learn-go.mdx: "de" is not a locale of src/i18n/locales.json')), errors.join('\n'));
});

test('npm run i18n:check exits non-zero with clear messages on the failing fixture, zero on outdated prose', (t) => {
  const dir = tempProject(t);
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/i18n/check.ts', '--root', dir, ...args], { encoding: 'utf8' });
  edit(join(dir, 'src/content/essays/en/why-learn-go.mdx'), (s) => `${s}\nA new closing sentence.\n`);
  let r = cli();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: src\/content\/essays\/fr\/why-learn-go\.mdx: may be outdated/);
  assert.equal(cli('--strict').status, 1);
  r = cli('--update', join(dir, FR_ESSAY));
  assert.match(r.stdout, /translatedFrom en at [0-9a-f]{12}/);
  assert.doesNotMatch(r.stderr, /fr\/why-learn-go\.mdx: may be outdated/);

  edit(join(dir, 'src/i18n/fr.json'), (s) => {
    const d = JSON.parse(s);
    delete d['nav.home'];
    return JSON.stringify(d);
  });
  edit(join(dir, FR_ESSAY), (s) => s.replace('<Chart id="cpu-ladder" />', ''));
  rmSync(join(dir, 'src/content/essays/es/why-learn-go.mdx'));
  r = cli();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: src\/i18n\/fr\.json: missing key "nav\.home"/);
  assert.match(r.stderr, /error: src\/content\/essays\/fr\/why-learn-go\.mdx: Chart cpu-ladder is cited in en but not in fr/);
  assert.match(r.stderr, /error: src\/content\/essays\/es\/why-learn-go\.mdx: missing \(no file\)/);
  assert.match(r.stderr, /i18n:check: 3 error\(s\)/);
  r = cli('--strict');
  assert.match(r.stderr, /error: src\/content\/essays\/es\/why-learn-go\.mdx: missing/);
});
