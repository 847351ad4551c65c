/**
 * Adding a language needs no code change: a copy of the site gets a third
 * locale the way TRANSLATING.md says (tests/fixtures/i18n/add-locale.ts: a
 * locales.json entry in progress, about half the UI keys, a few claim texts,
 * one essay, then `i18n:check -- --update`), and one translation in a finished
 * language is marked stale. Then `i18n:check` and the build must pass, and the
 * pages must show: the true share translated; untranslated UI keys and claim
 * texts in the default language marked with lang; untranslated essays listed
 * with their source title, lang and a visible marker; fallback pages that are
 * not hreflang alternates (heads and sitemap alike, with the same codes);
 * counts with plural forms; reasons and run modes in the page's language.
 *
 * A fourth language has a region in its tag ("pt-BR", in progress): its folders keep the
 * capitals, and its pages, hreflang and search index must work like any other's.
 *
 * Written for whatever languages the project has (en and es today).
 * The output stays in .test-dist/translations/ for the browser test
 * tests/e2e/translations.spec.ts (Playwright project "translations").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addFrench, addRegionLocale, edit, frenchEssayUpdate, REGION, removeLocale, type AddedLocale } from '../fixtures/i18n/add-locale.ts';
import { indexedPages } from '../../src/integrations/search-index.ts';
import { layout, translationStatus } from '../../src/lib/translation-status.ts';
import { LOCALES, DEFAULT_LOCALE } from '../../src/i18n/locales.ts';
import { translator } from '../unit/helpers.ts';

const ROOT = resolve('.');
const SANDBOX = resolve('.test-dist/sandboxes/translations');
const OUT = resolve('.test-dist/translations');

function sandbox(): string {
  rmSync(SANDBOX, { recursive: true, force: true });
  mkdirSync(SANDBOX, { recursive: true });
  for (const entry of ['src', 'data', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, entry), join(SANDBOX, entry), { recursive: true });
  }
  for (const suite of readdirSync('bench', { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const impl of readdirSync(join('bench', suite.name))) {
      const manifest = join('bench', suite.name, impl, 'manifest.json');
      if (existsSync(manifest)) cpSync(manifest, join(SANDBOX, manifest));
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(SANDBOX, 'node_modules'));
  return SANDBOX;
}

const html = (path: string) => readFileSync(join(OUT, path, 'index.html'), 'utf8');
/** Like assert.match without dumping the whole page on failure. */
function has(page: string, re: RegExp, yes = true) {
  assert.equal(re.test(page), yes, `${yes ? 'expected' : 'did not expect'} ${re} in the page`);
}
const hreflangs = (page: string) => [...page.matchAll(/<link rel="alternate" hreflang="([^"]+)"/g)].map((m) => m[1]).sort();
const headLinks = (page: string) =>
  [...page.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`).sort();
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const textOf = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

// The project's languages, whatever they are (a French locale of the project's own is replaced by the fixture's).
const projectLangs = LOCALES.map((l) => l.code).filter((c) => c !== 'fr');
const projectStatus = translationStatus(layout());
const readyIn = (slug: string) => projectStatus.essays.find((e) => e.slug === slug)!.cells.filter((c) => c.state !== 'missing' && c.lang !== 'fr').map((c) => c.lang);
// A finished translation to mark stale: the Spanish Java essay (tests/e2e/translations.spec.ts reads it), else any.
const finished = LOCALES.filter((l) => !l.inProgress && l.code !== 'fr').map((l) => l.code);
const translations = projectStatus.essays.flatMap((e) =>
  e.cells.filter((c) => c.state === 'up-to-date' && finished.includes(c.lang)).map((c) => ({ slug: e.slug, lang: c.lang, source: e.sourceLang })),
);
const stale =
  translations.find((x) => x.slug === 'why-java-is-faster-than-python' && x.lang === 'es') ?? translations.find((x) => x.slug !== 'why-learn-go');

let added: AddedLocale;

test('a third language added as TRANSLATING.md says passes i18n:check and the build', () => {
  const dir = sandbox();
  if (LOCALES.some((l) => l.code === 'fr')) removeLocale(dir, 'fr');
  added = addFrench(dir);
  frenchEssayUpdate(dir);
  addRegionLocale(dir);
  if (stale) edit(join(dir, `src/content/essays/${stale.lang}/${stale.slug}.mdx`), (s) => s.replace(/hash: "[0-9a-f]{12}"/, 'hash: "000000000000"'));
  // One cell gone from every run, so some claims are "not measured" and say why.
  for (const name of readdirSync(join(dir, 'data/runs')).filter((n) => n.endsWith('.json'))) {
    edit(join(dir, 'data/runs', name), (s) => {
      const run = JSON.parse(s);
      run.cells = run.cells.filter((c: { suite: string; impl: string; test: string }) => !(c.suite === 'http' && c.impl === 'go' && c.test === 'plaintext'));
      return JSON.stringify(run, null, 2);
    });
  }

  const check = spawnSync(process.execPath, ['scripts/i18n/check.ts', '--root', dir], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}\n${check.stderr}`);
  // The check counts what is really translated, never the whole dictionary.
  const share = Math.floor((added.translatedKeys / added.totalKeys) * 1000) / 10;
  assert.match(check.stdout, new RegExp(`fr: ${added.translatedKeys}/${added.totalKeys} \\(${esc(String(share))} %\\) translated, ${added.totalKeys - added.translatedKeys} not yet`));
  assert.ok(share > 35 && share < 65, `about half the UI keys are translated (${share} %)`);

  rmSync(OUT, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', OUT], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  for (const page of ['fr/', 'fr/essays/', 'fr/results/', 'fr/about/', 'fr/claims/', 'fr/translations/']) {
    assert.ok(existsSync(join(OUT, page, 'index.html')), `${page} exists`);
  }
});

test('the translation and the fallback pages: notices, lang and hreflang', () => {
  // The French translation: a real page, listed as an alternate everywhere.
  const frGo = html('fr/essays/why-learn-go');
  has(frGo, /<html lang="fr"/);
  has(frGo, /Pourquoi apprendre Go/);
  has(frGo, /data-translation=/, false);
  const goLangs = [...readyIn('why-learn-go'), 'fr', 'x-default'].sort();
  assert.deepEqual(hreflangs(frGo), goLangs);
  assert.deepEqual(hreflangs(html(`${DEFAULT_LOCALE}/essays/why-learn-go`)), goLangs);

  // A fallback: French UI, source text, not an alternate of itself.
  const barrier = projectStatus.essays.find((e) => e.slug === 'ten-thousand-barrier')!;
  const frBarrier = html('fr/essays/ten-thousand-barrier');
  has(frBarrier, /<html lang="fr"/);
  has(frBarrier, /data-translation="missing"/);
  const sourceName = new Intl.DisplayNames(['fr'], { type: 'language' }).of(barrier.sourceLang)!;
  has(frBarrier, new RegExp(`Cet essai n(?:'|&#39;)est pas encore traduit en français\\. Voici la version en ${sourceName}\\.`));
  has(frBarrier, new RegExp(`<article[^>]* lang="${barrier.sourceLang}"`));
  has(frBarrier, /href="\/fr\/translations\/#help"/);
  assert.deepEqual(hreflangs(frBarrier), [...readyIn('ten-thousand-barrier'), 'x-default'].sort());
  for (const lang of readyIn('ten-thousand-barrier')) assert.doesNotMatch(html(`${lang}/essays/ten-thousand-barrier`), /hreflang="fr"/);

  // Outdated: the stale translation says so in its own language and links to the source.
  if (stale) {
    const page = html(`${stale.lang}/essays/${stale.slug}`);
    has(page, /data-translation="outdated"/);
    const notice = translator(stale.lang)('essay.outdatedNotice', { source: new Intl.DisplayNames([stale.lang], { type: 'language' }).of(stale.source)! });
    assert.ok(textOf(page).includes(notice), notice);
    has(page, new RegExp(`href="/${stale.source}/essays/${stale.slug}/"`));
  }
});

test('untranslated UI keys and claim texts: the default language, marked with lang, never an unmarked copy', () => {
  const results = html('fr/results');
  // "results.title" is not in the fixture: English, marked as English, in the page and plain in <title>.
  has(results, /<h1><span lang="en" data-i18n-fallback>Results<\/span><\/h1>/);
  has(results, /<title>Results · Diez Mil<\/title>/);
  // Navigation is translated: no English there.
  has(results, /<a href="\/fr\/results\/" aria-current="page">Résultats<\/a>/);
  // A fallback message with a language name names it in the message's language ("English", not "anglais").
  has(html('fr/essays/why-learn-go'), /<span lang="en" data-i18n-fallback>First published in English, 2019\.<\/span>/);
  has(html('fr/essays/why-learn-go'), /anglais, 2019/, false);
  // Claim texts: the fixture's French where it has one, English marked where it has not.
  const claims = html('fr/claims');
  has(claims, /<tr id="cpu-python-50x-c"[^>]*>\s*<th scope="row"[^>]*>\s*<span class="ledger__statement"[^>]*>Sur les tests de calcul, Python est environ cinquante fois plus lent que C\+\+\./);
  has(claims, /<tr id="http-rust-2x-go"[^>]*>\s*<th scope="row"[^>]*>\s*<span class="ledger__statement"[^>]*><span lang="en" data-i18n-fallback>[^<]+<\/span>/);
  // The marks never reach the output.
  for (const page of ['fr/', 'fr/results/', 'fr/claims/', 'fr/essays/why-learn-go/', 'fr/search/']) assert.doesNotMatch(html(page), /[\uE000-\uE002]/, page);
  assert.doesNotMatch(readFileSync(join(OUT, 'fr/rss.xml'), 'utf8'), /[\uE000-\uE002]/);
});

test('untranslated essays are listed with their source title, lang and a visible marker; the ledger never shows a slug', () => {
  const translatedTitle = 'Pourquoi apprendre Go pour votre prochain projet';
  for (const page of ['fr/', 'fr/essays/']) {
    const p = html(page);
    has(p, new RegExp(`<a href="/fr/essays/why-learn-go/"(?![^>]* lang=)[^>]*>${translatedTitle}</a>(?! <span class="essay-lang)`));
    for (const e of projectStatus.essays.filter((x) => x.slug !== 'why-learn-go')) {
      const name = new Intl.DisplayNames(['fr'], { type: 'language' }).of(e.sourceLang)!;
      has(p, new RegExp(`<a href="/fr/essays/${e.slug}/" lang="${e.sourceLang}"[^>]*>${esc(e.title)}</a> <span class="essay-lang"[^>]*>\\(en ${name}\\)</span>`));
    }
  }
  const claims = html('fr/claims');
  const links = [...claims.matchAll(/<a class="ledger__essay[^"]*" href="\/fr\/essays\/([^/]+)\/#claim-[^"]+"([^>]*)>([^<]+)<\/a>/g)];
  assert.ok(links.length >= 20, 'every claim links to its essay');
  for (const [, slug, attrs, title] of links) {
    const e = projectStatus.essays.find((x) => x.slug === slug)!;
    assert.notEqual(title, slug, 'a title, never the slug');
    if (slug === 'why-learn-go') assert.equal(title, translatedTitle);
    else {
      assert.equal(title, textOf(e.title));
      assert.match(attrs!, new RegExp(`lang="${e.sourceLang}"`));
    }
  }
  assert.doesNotMatch(textOf(claims), /benchmarking-python-pypy-go-rust|ten-thousand-barrier|rust-will-not-replace-python/);
});

test('the status page shows the true share translated', () => {
  const status = html('fr/translations');
  has(status, /<tr data-essay="why-learn-go">(?:(?!<\/tr>)[\s\S])*?<td data-lang="fr" data-state="up-to-date"/);
  has(status, /<tr data-essay="ten-thousand-barrier">(?:(?!<\/tr>)[\s\S])*?<td data-lang="fr" data-state="missing"/);
  if (stale) has(status, new RegExp(`<tr data-essay="${stale.slug}">(?:(?!</tr>)[\\s\\S])*?<td data-lang="${stale.lang}" data-state="outdated"`));
  const row = new RegExp(`<tr data-lang="fr" data-present="${added.translatedKeys}" data-total="${added.totalKeys}" data-texts-present="${added.translatedTexts}" data-texts-total="${added.totalTexts}">`);
  has(status, row);
  const pct = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1, roundingMode: 'floor' }).format(added.translatedKeys / added.totalKeys);
  has(status, new RegExp(`${added.translatedKeys} sur ${added.totalKeys} clés \\(${esc(pct)}\\)`));
  has(status, /data-lang="fr"[^>]*>(?:(?!<\/tr>)[\s\S])*?100\s?%/, false);
  for (const lang of finished) has(status, new RegExp(`<tr data-lang="${lang}" data-present="${added.totalKeys}" data-total="${added.totalKeys}"`));
});

test('counts take plural forms; verdict labels stay labels', () => {
  const count = (page: string) => [...html(page).matchAll(/<li class="claim--(\w+)" data-verdict="\w+" data-count="(\d+)"><a [^>]+>([^<]+)<\/a>/g)];
  for (const lang of [...projectLangs, 'fr']) {
    const items = count(`${lang}/`);
    assert.ok(items.length > 0, lang);
    for (const [, verdict, n, text] of items) {
      assert.ok(text!.startsWith(`${n} `), `${lang}: ${text}`);
      const label = lang === 'fr' ? null : translator(lang)(`verdict.${verdict}` as never);
      if (label) assert.notEqual(text, `${n} ${label}`, `${lang}: a count is not "${n} ${label}"`);
    }
  }
  has(html('fr/'), /\d+ affirmations se vérifient</);
  has(html('fr/'), /\d+ affirmation se vérifie</, false);
});

test('"not measured" reasons are in the page’s language', () => {
  const reason = (lang: string) => [...html(`${lang}/claims`).matchAll(/<small class="ledger__reason" data-reason="(\w+)"[^>]*>([^<]*)<\/small>/g)];
  for (const lang of projectLangs) {
    const found = reason(lang).filter((m) => m[1] === 'no_cell');
    const t = translator(lang);
    // The cell removed above, and any other cell the bundled runs lack (e.g. an implementation newer than the run), all worded in the page's language.
    assert.ok(found.some(([, , text]) => text === t('reason.no_cell', { suite: 'http', impl: 'go', test: 'plaintext' })), `${lang}: a claim is not measured for want of go × plaintext`);
    const anyCell = new RegExp(`^${esc(t('reason.no_cell', { suite: '\ue001', impl: '\ue002', test: '\ue003' })).replace(/[\ue001-\ue003]/g, '[a-z0-9-]+')}$`);
    for (const [, , text] of found) assert.match(text!, anyCell);
  }
  has(html('fr/claims'), /<small class="ledger__reason" data-reason="no_cell"[^>]*>pas de cellule http pour go × plaintext dans cette exécution<\/small>/);
  for (const lang of projectLangs.filter((l) => l !== 'en')) assert.doesNotMatch(html(`${lang}/claims`), /no http cell for/);
});

test('the run mode is translated', () => {
  has(html('fr/results'), /<dd data-mode="(\w+)">(complète|rapide|partielle)<\/dd>/);
  for (const lang of projectLangs) {
    const t = translator(lang);
    const m = /<dd data-mode="(\w+)">([^<]+)<\/dd>/.exec(html(`${lang}/results`));
    if (m) assert.equal(m[2], t(`mode.${m[1]}` as never));
  }
});

test('the sitemap: the alternates of each page head, with the same codes, and no fallback page as an alternate', () => {
  const xml = readFileSync(join(OUT, 'sitemap-0.xml'), 'utf8');
  const site = /<loc>(https?:\/\/[^/]+)\//.exec(xml)![1]!;
  const entries = [...xml.matchAll(/<url><loc>([^<]+)<\/loc>((?:(?!<\/url>).)*)<\/url>/g)];
  assert.ok(entries.length > 60);
  for (const [, loc, body] of entries) {
    const path = new URL(loc!).pathname;
    const file = join(OUT, path, 'index.html');
    if (!existsSync(file)) continue;
    const links = [...body!.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]!.slice(site.length)}`).sort();
    assert.deepEqual(links, headLinks(readFileSync(file, 'utf8')).map((l) => l.replace(site, '')), path);
  }
  assert.doesNotMatch(xml, /hreflang="fr" href="[^"]+\/fr\/essays\/ten-thousand-barrier\/"/);
  // Locale codes, never the Intl tags (es-ES); a code may itself have a region (pt-BR).
  for (const [, tag] of xml.matchAll(/hreflang="([^"]+)"/g)) assert.ok([...projectLangs, 'fr', REGION, 'x-default'].includes(tag!), tag);
});

test('a language with a region (pt-BR): its content, routes, hreflang and search index', () => {
  // The about page is the pt-BR file (Astro's content ids keep the folder's capitals).
  const about = html(`${REGION}/about`);
  has(about, new RegExp(`<html lang="${REGION}"`));
  has(about, /um idioma com\s+região/);
  has(about, /<a href="\/pt-BR\/results\/"[^>]*>Resultados<\/a>/);
  // Every language's about page lists it as an alternate, with its code as it is.
  for (const lang of [...projectLangs, 'fr']) has(html(`${lang}/about`), new RegExp(`<link rel="alternate" hreflang="${REGION}" href="[^"]*/${REGION}/about/"`));
  // Its pages exist; an essay it lacks is the source text under a notice, not an alternate.
  for (const page of [`${REGION}/`, `${REGION}/essays/`, `${REGION}/methodology/`, `${REGION}/search/`]) assert.ok(existsSync(join(OUT, page, 'index.html')), page);
  has(html(`${REGION}/essays/why-learn-go`), /data-translation="missing"/);
  assert.doesNotMatch(html(`${DEFAULT_LOCALE}/essays/why-learn-go`), new RegExp(`hreflang="${REGION}"`));
  // Pagefind made its index (it keys indexes by the lang in lower case).
  const pages = indexedPages(OUT) ?? {};
  assert.ok((pages[REGION.toLowerCase()] ?? pages[REGION] ?? 0) >= 1, JSON.stringify(pages));
});
