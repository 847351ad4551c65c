/**
 * The translator workflow's check (scripts/i18n/check.ts) and the status module
 * it shares with the status page (src/lib/translation-status.ts), on the
 * project and on fixture copies with a third locale ("fr", in progress) added
 * the way TRANSLATING.md says. Written for whatever languages the project has,
 * other languages in progress among them (tests/integration/project/contributors.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  type TranslationStatus,
} from '../../src/lib/translation-status.ts';
import { UI_KEY_LIST } from '../../src/i18n/keys.ts';
import { placeholdersOf, validDictionary } from '../../src/i18n/translator.ts';
import { LOCALES } from '../../src/i18n/locales.ts';
import { addFrench, copyI18nProject, edit, FR_ESSAY, frenchEssayUpdate, removeLocale, type AddedLocale } from '../fixtures/i18n/add-locale.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'diezmil-i18n-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyI18nProject(dir);
  return dir;
}

/** A copy of the project with French added as the guide says, --update included. */
function withFrench(t: { after: (fn: () => void) => void }): { dir: string; added: AddedLocale } {
  const dir = tempDir(t);
  const added = addFrench(dir);
  frenchEssayUpdate(dir);
  return { dir, added };
}

const projectLangs = LOCALES.map((l) => l.code).filter((c) => c !== 'fr');
const finishedLangs = LOCALES.filter((l) => !l.inProgress && l.code !== 'fr').map((l) => l.code);
const cli = (dir: string, ...args: string[]) => spawnSync(process.execPath, ['scripts/i18n/check.ts', '--root', dir, ...args], { encoding: 'utf8' });

/** A translation in a finished language: an essay and a language that is not its source. */
function finishedTranslation(status: TranslationStatus): { slug: string; lang: string; file: string } {
  for (const e of status.essays)
    for (const c of e.cells) if (c.state !== 'source' && c.state !== 'missing' && finishedLangs.includes(c.lang)) return { slug: e.slug, lang: c.lang, file: c.file };
  throw new Error('the project has no translation in a finished language');
}

test('the project: no errors; finished languages have every essay, UI key and claim text', () => {
  // Outdated prose is only a warning (npm run i18n:check lists it), so it does not fail here.
  const { errors, status } = checkTranslations(layout());
  assert.deepEqual(errors, []);
  assert.ok(status.essays.length >= 6);
  for (const e of status.essays) {
    assert.equal(e.cells.filter((c) => c.state === 'source').length, 1, e.slug);
    for (const lang of finishedLangs) assert.notEqual(e.cells.find((c) => c.lang === lang)!.state, 'missing', `${e.slug} in ${lang}`);
  }
  for (const lang of finishedLangs) {
    const k = status.keys.find((x) => x.lang === lang)!;
    assert.equal(k.present, k.total, k.file);
    const c = status.texts.find((x) => x.lang === lang)!;
    assert.equal(c.present, c.total, c.file);
    assert.ok(c.total >= 27 * 2, 'statement and method of every claim');
  }
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

test('a third language as TRANSLATING.md says: half its UI keys, a few claim texts, one essay — no errors, the true share', (t) => {
  const { dir, added } = withFrench(t);
  const { errors, warnings, status } = checkTranslations(layout(dir));
  assert.deepEqual(errors, []);
  assert.deepEqual(status.locales, [...projectLangs, 'fr']);
  const fr = status.keys.find((k) => k.lang === 'fr')!;
  assert.equal(fr.file, 'src/i18n/fr.json');
  // Untranslated keys count as untranslated, never as translated.
  assert.equal(fr.present, added.translatedKeys);
  assert.equal(fr.total, UI_KEY_LIST.length);
  assert.ok(fr.present < fr.total && fr.present > fr.total / 3, `${fr.present}/${fr.total}`);
  assert.ok(fr.missing.includes('essays.original'));
  const texts = status.texts.find((k) => k.lang === 'fr')!;
  assert.equal(texts.present, added.translatedTexts);
  assert.ok(texts.present > 0 && texts.present < texts.total);
  // One warning per file for what is not translated yet, naming the file and the source to translate from.
  assert.ok(warnings.some((w) => new RegExp(`^src/i18n/fr\\.json: ${fr.total - fr.present} of ${fr.total} keys not translated yet .*Translate them from src/i18n/en\\.json`).test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /^src\/i18n\/fr\/claims\.json: \d+ of \d+ claim texts not translated yet/.test(w)), warnings.join('\n'));
  assert.equal(essayState(status, 'why-learn-go', 'fr')?.state, 'up-to-date');
  assert.equal(essayState(status, 'why-learn-go', 'fr')?.title, 'Pourquoi apprendre Go pour votre prochain projet');
  // Every other essay is missing in French: a warning each (the site shows a fallback), not an error.
  const missing = status.essays.filter((e) => e.cells.find((c) => c.lang === 'fr')!.state === 'missing');
  assert.equal(missing.length, status.essays.length - 1);
  assert.equal(warnings.filter((w) => w.startsWith('src/content/essays/fr/') && /\.mdx: missing/.test(w)).length, missing.length);
  const barrier = status.essays.find((e) => e.slug === 'ten-thousand-barrier')!;
  assert.ok(warnings.includes(`src/content/essays/fr/ten-thousand-barrier.mdx: missing (no file) — /fr/essays/ten-thousand-barrier/ shows the ${barrier.sourceLang} text with a "not translated yet" notice. Translate ${barrier.sourceFile}.`));
  // The terminal summary says the same.
  const r = cli(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`fr: ${fr.present}/${fr.total} \\([\\d.]+ %\\) translated, ${fr.total - fr.present} not yet`));
  assert.doesNotMatch(r.stdout, /fr: \d+\/\d+ \(100 %\)/);
});

test('a new translation counts as outdated until --update, and the check says to run it', (t) => {
  const dir = tempDir(t);
  addFrench(dir);
  let r = checkTranslations(layout(dir));
  assert.equal(essayState(r.status, 'why-learn-go', 'fr')?.state, 'outdated');
  assert.ok(r.warnings.includes(`${FR_ESSAY}: no translatedFrom yet, so it counts as possibly outdated — when the translation is done, run npm run i18n:check -- --update ${FR_ESSAY}`), r.warnings.join('\n'));
  frenchEssayUpdate(dir);
  r = checkTranslations(layout(dir));
  assert.equal(essayState(r.status, 'why-learn-go', 'fr')?.state, 'up-to-date');
  // The guide says so where a language is added.
  const guide = readFileSync('TRANSLATING.md', 'utf8');
  const addSection = guide.slice(guide.indexOf('## Add a language'), guide.indexOf('\n## ', guide.indexOf('## Add a language') + 5));
  assert.match(addSection, /npm run i18n:check -- --update/);
});

test('a changed source makes its translations outdated (a warning), --update refreshes the hash', (t) => {
  const { dir } = withFrench(t);
  const l = layout(dir);
  const source = translationStatus(l).essays.find((e) => e.slug === 'why-learn-go')!;
  edit(join(dir, source.sourceFile), (s) => `${s}\nA new closing sentence.\n`);
  let r = checkTranslations(l);
  assert.deepEqual(r.errors, []);
  const translations = source.cells.filter((c) => c.state !== 'source' && c.state !== 'missing').map((c) => c.lang);
  assert.ok(translations.includes('fr'));
  for (const lang of translations) assert.equal(essayState(r.status, 'why-learn-go', lang)?.state, 'outdated', lang);
  const outdated = r.warnings.filter((w) => /may be outdated/.test(w));
  assert.equal(outdated.length, translations.length);
  assert.match(
    outdated.join('\n'),
    new RegExp(`src/content/essays/fr/why-learn-go\\.mdx: may be outdated — translated from ${source.sourceLang} at [0-9a-f]{12}; ${source.sourceFile.replaceAll('.', '\\.')} is now at [0-9a-f]{12}\\. .*--update src/content/essays/fr/why-learn-go\\.mdx`),
  );
  assert.ok(checkTranslations(l, { strict: true }).errors.length >= translations.length, '--strict turns them into errors');
  updateHash(l, join(dir, FR_ESSAY));
  r = checkTranslations(l);
  assert.equal(essayState(r.status, 'why-learn-go', 'fr')?.state, 'up-to-date');
  for (const lang of translations.filter((x) => x !== 'fr')) assert.equal(essayState(r.status, 'why-learn-go', lang)?.state, 'outdated');
  assert.throws(() => updateHash(l, join(dir, source.sourceFile)), /is the source version/);
});

test('i18nReady: false counts as missing', (t) => {
  const dir = tempDir(t);
  const tr = finishedTranslation(translationStatus(layout(dir)));
  edit(join(dir, tr.file), (s) => s.replace(/i18nReady: true/, 'i18nReady: false'));
  const cell = essayState(translationStatus(layout(dir)), tr.slug, tr.lang)!;
  assert.equal(cell.state, 'missing');
  assert.equal(cell.reason, 'i18nReady: false');
});

test('in progress, a missing key is counted and allowed; finished, it is an error; an unknown key always is', (t) => {
  const { dir } = withFrench(t);
  const fr = join(dir, 'src/i18n/fr.json');
  edit(fr, (s) => {
    const d = JSON.parse(s);
    delete d['nav.results'];
    d['nav.typo'] = 'x';
    d['verdictCount.holds_two'] = 'x';
    delete d['verdictCount.partly_many'];
    return JSON.stringify(d, null, 2);
  });
  let r = checkTranslations(layout(dir));
  assert.ok(r.errors.includes('src/i18n/fr.json: unknown key "nav.typo" — remove it or declare it in src/i18n/keys.ts.'), r.errors.join('\n'));
  assert.ok(r.errors.includes('src/i18n/fr.json: unknown key "verdictCount.holds_two" — fr has the plural forms one, many, other only; remove it.'), r.errors.join('\n'));
  assert.ok(!r.errors.some((e) => e.includes('nav.results') || e.includes('partly_many')), r.errors.join('\n'));
  const k = r.status.keys.find((x) => x.lang === 'fr')!;
  assert.ok(k.missing.includes('nav.results') && k.missing.includes('verdictCount.partly'), 'a message missing one plural form is not translated');

  // The same dictionary in a finished language: each missing key is an error, with the plural forms it needs.
  // (French only: another language of the project may be in progress too.)
  edit(join(dir, 'src/i18n/locales.json'), (s) => {
    const config = JSON.parse(s) as { locales: Array<{ code: string; inProgress?: boolean }> };
    config.locales.find((l) => l.code === 'fr')!.inProgress = false;
    return JSON.stringify(config, null, 2);
  });
  r = checkTranslations(layout(dir));
  assert.ok(r.errors.includes('src/i18n/fr.json: missing key "nav.results" — add it (src/i18n/keys.ts says what it is for).'), r.errors.join('\n'));
  assert.ok(
    r.errors.includes('src/i18n/fr.json: missing key "verdictCount.partly_many" — add it (src/i18n/keys.ts says what it is for; fr has the plural forms one, many, other).'),
    r.errors.join('\n'),
  );
  assert.ok(r.errors.some((e) => e.startsWith('src/i18n/fr/claims.json: missing "claims.')), 'claim texts too');
  assert.ok(r.errors.some((e) => e.startsWith('src/content/essays/fr/ten-thousand-barrier.mdx: missing (no file)')), 'and essays');
});

test('claim texts: unknown ids are errors, a missing text in a finished language is an error naming file and path', (t) => {
  const dir = tempDir(t);
  const lang = finishedLangs.find((l) => l !== JSON.parse(readFileSync(join(dir, 'src/i18n/locales.json'), 'utf8')).defaultLocale) ?? finishedLangs[0]!;
  const file = `src/i18n/${lang}/claims.json`;
  edit(join(dir, file), (s) => {
    const d = JSON.parse(s);
    delete d.claims['cpu-python-50x-c'].method;
    d.claims['no-such-claim'] = { statement: 'x' };
    return JSON.stringify(d, null, 2);
  });
  const { errors, status } = checkTranslations(layout(dir));
  assert.ok(errors.some((e) => e.startsWith(`${file}: missing "claims.cpu-python-50x-c.method" — translate it from src/i18n/`)), errors.join('\n'));
  assert.ok(errors.includes(`${file}: unknown "claims.no-such-claim.statement" — no such claim or 2019 figure in data/claims.json or data/original-2019.json; remove it.`), errors.join('\n'));
  const c = status.texts.find((x) => x.lang === lang)!;
  assert.equal(c.present, c.total - 1);
});

test('an id mismatch, and a missing essay in a finished language, are reported with file paths', (t) => {
  const { dir } = withFrench(t);
  edit(join(dir, FR_ESSAY), (s) => s.replace('<Claim id="cpu-go-near-java" />', ''));
  const tr = finishedTranslation(translationStatus(layout(dir)));
  rmSync(join(dir, tr.file));
  const { errors, warnings } = checkTranslations(layout(dir));
  assert.ok(errors.some((e) => e.startsWith(`${FR_ESSAY}: Claim cpu-go-near-java is cited in`) && e.includes('but not in fr')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith(`${tr.file}: missing (no file)`)), errors.join('\n'));
  assert.equal(checkTranslations(layout(dir), { strict: true }).errors.length, errors.length + warnings.length);
});

test('an essay folder that is not a locale is an error', (t) => {
  const dir = tempDir(t);
  const de = join(dir, 'src/content/essays/xx');
  mkdirSync(de, { recursive: true });
  writeFileSync(join(de, 'why-learn-go.mdx'), readFileSync(join(dir, translationStatus(layout(dir)).essays.find((e) => e.slug === 'why-learn-go')!.sourceFile), 'utf8'));
  const { errors } = checkTranslations(layout(dir));
  assert.ok(errors.some((e) => e.startsWith('src/content/essays/xx/why-learn-go.mdx: "xx" is not a locale of src/i18n/locales.json')), errors.join('\n'));
});

test('removing a locale from a copy removes every file of its language', (t) => {
  const { dir } = withFrench(t);
  removeLocale(dir, 'fr');
  const { errors, status } = checkTranslations(layout(dir));
  assert.deepEqual(errors, []);
  assert.deepEqual(status.locales, projectLangs);
});

test('npm run i18n:check exits non-zero with clear messages on the failing fixture, zero on outdated prose', (t) => {
  const { dir } = withFrench(t);
  const source = translationStatus(layout(dir)).essays.find((e) => e.slug === 'why-learn-go')!;
  edit(join(dir, source.sourceFile), (s) => `${s}\nA new closing sentence.\n`);
  let r = cli(dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: src\/content\/essays\/fr\/why-learn-go\.mdx: may be outdated/);
  assert.equal(cli(dir, '--strict').status, 1);
  r = cli(dir, '--update', join(dir, FR_ESSAY));
  assert.match(r.stdout, /translatedFrom \w+ at [0-9a-f]{12}/);
  assert.doesNotMatch(r.stderr, /fr\/why-learn-go\.mdx: may be outdated/);

  edit(join(dir, 'src/i18n/fr.json'), (s) => JSON.stringify({ ...JSON.parse(s), 'nav.hom': 'Accueil' }));
  edit(join(dir, FR_ESSAY), (s) => s.replace('<Chart id="cpu-ladder" />', ''));
  const tr = finishedTranslation(translationStatus(layout(dir)));
  rmSync(join(dir, tr.file));
  r = cli(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: src\/i18n\/fr\.json: unknown key "nav\.hom"/);
  assert.match(r.stderr, /error: src\/content\/essays\/fr\/why-learn-go\.mdx: Chart cpu-ladder is cited in [\w, ]+ but not in fr/);
  assert.ok(r.stderr.includes(`error: ${tr.file}: missing (no file)`));
  assert.match(r.stderr, /i18n:check: 3 error\(s\)/);
});

test('TRANSLATING.md names every file a translator writes', () => {
  const guide = readFileSync('TRANSLATING.md', 'utf8');
  // What tests/fixtures/i18n/add-locale.ts writes for French, as the guide's patterns.
  for (const file of ['src/i18n/locales.json', 'src/i18n/<lang>.json', 'src/i18n/<lang>/claims.json', 'src/content/essays/<lang>/<slug>.mdx', 'src/content/pages/<lang>/about.md', '`methodology.md`'])
    assert.ok(guide.includes(file), `TRANSLATING.md names ${file}`);
  assert.match(guide, /UI_PLURAL_KEYS/);
});

test('a typo’d placeholder ({{cout}}) or a dropped one fails i18n:check and the build’s dictionary check', (t) => {
  const dir = tempDir(t);
  const lang = finishedLangs.find((l) => l !== 'en') ?? 'es';
  const file = join(dir, `src/i18n/${lang}.json`);
  const dict = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const other = Object.keys(dict).find((k) => k.startsWith('verdictCount.holds_') && k.endsWith('_other'))!;
  dict[other] = dict[other]!.replace('{{count}}', '{{cout}}');
  const one = Object.keys(dict).find((k) => k.startsWith('verdictCount.partly_') && k.endsWith('_one'))!;
  dict[one] = dict[one]!.replace('{{count}}', '').trim();
  dict['footer.run'] = 'Cifras de la ejecución {{id}} {{extra}}';
  writeFileSync(file, JSON.stringify(dict, null, 2));

  const { errors } = checkTranslations(layout(dir));
  const rel = `src/i18n/${lang}.json`;
  assert.ok(errors.includes(`${rel}: key "${other}": {{cout}} is not a placeholder of this message; {{count}} is missing — the message has {{count}} in src/i18n/en.json; keep them exactly as they are (src/i18n/keys.ts says what each is).`), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith(`${rel}: key "${one}": {{count}} is missing`)), 'every plural form keeps the number');
  assert.ok(errors.some((e) => e.startsWith(`${rel}: key "footer.run": {{extra}} is not a placeholder of this message`)));
  const r = cli(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\{\{cout\}\} is not a placeholder/);

  // The build loads dictionaries through validDictionary with the default language as the source.
  const en = JSON.parse(readFileSync('src/i18n/en.json', 'utf8'));
  assert.throws(() => validDictionary(rel, dict, { lang, source: { file: 'src/i18n/en.json', dict: en } }), /\{\{cout\}\} is not a placeholder/);
  assert.deepEqual(placeholdersOf('{{count}} of {{ total }} ({{value, number}})'), ['count', 'total', 'value']);
});
