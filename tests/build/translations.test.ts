/**
 * Adding a language needs no code change: a copy of the site gets a third
 * locale from tests/fixtures/i18n (a locales.json entry, fr.json and one
 * essay), and one Spanish translation is marked stale. The build must produce
 * /fr/ pages, source-language fallback pages with a notice in the reader's
 * language (not listed as hreflang alternates), and an "outdated" notice.
 *
 * The output stays in .test-dist/translations/ for the browser test
 * tests/e2e/translations.spec.ts (Playwright project "translations").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addFrench, edit } from '../fixtures/i18n/add-locale.ts';
import { updateHash } from '../../scripts/i18n/check.ts';
import { layout } from '../../src/lib/translation-status.ts';

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

test('a third locale builds with fallback and outdated notices, and no code change', () => {
  const dir = sandbox();
  addFrench(dir);
  updateHash(layout(dir), join(dir, 'src/content/essays/fr/why-learn-go.mdx'));
  // A stale hash: the Spanish translation predates the current English text.
  edit(join(dir, 'src/content/essays/es/why-java-is-faster-than-python.mdx'), (s) =>
    s.replace(/hash: "[0-9a-f]{12}"/, 'hash: "000000000000"'),
  );
  rmSync(OUT, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', OUT], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);

  for (const page of ['fr/', 'fr/essays/', 'fr/results/', 'fr/about/', 'fr/translations/']) {
    assert.ok(existsSync(join(OUT, page, 'index.html')), `${page} exists`);
  }

  // The French translation: a real page, listed as an alternate everywhere.
  const frGo = html('fr/essays/why-learn-go');
  has(frGo, /<html lang="fr"/);
  has(frGo, /Pourquoi apprendre Go/);
  has(frGo, /data-translation=/, false);
  assert.deepEqual(hreflangs(frGo), ['en', 'es', 'fr', 'x-default']);
  assert.deepEqual(hreflangs(html('en/essays/why-learn-go')), ['en', 'es', 'fr', 'x-default']);

  // A fallback: French UI, Spanish source text, not an alternate of itself.
  const frBarrier = html('fr/essays/ten-thousand-barrier');
  has(frBarrier, /<html lang="fr"/);
  has(frBarrier, /data-translation="missing"/);
  has(frBarrier, /Cet essai n(?:'|&#39;)est pas encore traduit en français\. Voici la version en espagnol\./);
  has(frBarrier, /<article[^>]* lang="es"/);
  has(frBarrier, /href="\/fr\/translations\/#help"/);
  assert.deepEqual(hreflangs(frBarrier), ['en', 'es', 'x-default']);
  assert.deepEqual(hreflangs(html('es/essays/ten-thousand-barrier')), ['en', 'es', 'x-default']);

  // Outdated: the Spanish page says so, in Spanish, and links to the source.
  const esJava = html('es/essays/why-java-is-faster-than-python');
  has(esJava, /data-translation="outdated"/);
  has(esJava, /Esta traducción puede estar desactualizada: la versión en inglés ha cambiado/);
  has(esJava, /href="\/en\/essays\/why-java-is-faster-than-python\/"/);
  has(html('es/essays/why-learn-go'), /data-translation=/, false);

  // The status page agrees with the check.
  const status = html('fr/translations');
  has(status, /<tr data-essay="why-learn-go">(?:(?!<\/tr>)[\s\S])*?<td data-lang="fr" data-state="up-to-date"/);
  has(status, /<tr data-essay="ten-thousand-barrier">(?:(?!<\/tr>)[\s\S])*?<td data-lang="fr" data-state="missing"/);
  has(status, /<tr data-essay="why-java-is-faster-than-python">(?:(?!<\/tr>)[\s\S])*?<td data-lang="es" data-state="outdated"/);
  // The French essay list includes the untranslated essays (their fallback pages).
  assert.match(html('fr/essays'), /href="\/fr\/essays\/ten-thousand-barrier\/"/);
});
