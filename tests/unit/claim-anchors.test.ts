/**
 * Every claim badge sits beside the sentence it tests (src/lib/claim-anchors.ts),
 * in its own essay, in every language; every claim quotes the author's own
 * sentence, in the language the 2019 essay was written in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { badgePlaces, misplacedBadges, normalise } from '../../src/lib/claim-anchors.ts';
import { loadClaims } from '../../src/lib/claims.ts';

const ESSAYS = 'src/content/essays';
const langs = readdirSync(ESSAYS).filter((l) => !l.startsWith('.'));
const claims = loadClaims();
const anchors = (lang: string) => (JSON.parse(readFileSync(`src/i18n/${lang}/claims.json`, 'utf8')).claims ?? {}) as Record<string, { anchor?: string }>;
const essays = (lang: string) =>
  readdirSync(`${ESSAYS}/${lang}`)
    .filter((n) => n.endsWith('.mdx'))
    .map((n) => ({ slug: n.replace(/\.mdx$/, ''), file: `${ESSAYS}/${lang}/${n}`, text: readFileSync(`${ESSAYS}/${lang}/${n}`, 'utf8') }));

test('every badge of every essay closes the sentence that holds its anchor, in every language', () => {
  let badges = 0;
  for (const lang of langs) {
    const a = anchors(lang);
    for (const { file, text } of essays(lang)) {
      badges += badgePlaces(text, lang).length;
      const problems = misplacedBadges(text, lang, (id) => a[id]?.anchor);
      assert.deepEqual(problems.map((p) => `${file}:${p.line}: ${p.message}`), []);
    }
  }
  assert.ok(badges >= claims.length * langs.length, `only ${badges} badges`);
});

test('a badge one or more sentences after its anchor\'s sentence is reported with its line; right after it, it is not', () => {
  const anchorOf = (id: string) => (id === 'x' ? 'Go is slower than C++' : undefined);
  const beside = 'Go is slower than C++. <Claim id="x" /> Then something else.\n';
  const next = 'Go is slower than C++. It is also simple. <Claim id="x" />\n';
  const far = 'Go is slower than C++. It is also simple. Everyone knows it. <Claim id="x" />\n';
  const elsewhere = 'An intro.\n\nGo is slower than C++.\n\nA new paragraph. <Claim id="x" />\n';
  assert.deepEqual(misplacedBadges(beside, 'en', anchorOf), []);
  // The 2019 ORM badge sat one sentence late, after "Go had no entry…": that is reported too.
  assert.equal(misplacedBadges(next, 'en', anchorOf).length, 1);
  const [problem] = misplacedBadges(far, 'en', anchorOf);
  assert.equal(problem?.line, 1);
  assert.match(problem!.message, /does not follow the sentence with its anchor "Go is slower than C\+\+"/);
  assert.equal(misplacedBadges(elsewhere, 'en', anchorOf).length, 1);
  // A badge that opens a sentence belongs to the one before it, as on the site.
  assert.deepEqual(misplacedBadges('It is also simple. Go is slower than C++.\n<Claim id="x" /> Next.\n', 'en', anchorOf), []);
  // Spanish sentences are found in Spanish; anchors compare without case or curly quotes.
  assert.deepEqual(misplacedBadges('¿Es más lento? Sí: go es más lento que C++. <Claim id="y" />\n', 'es', () => 'Go es más lento que C++'), []);
  assert.equal(normalise('C++’s  “fast”'), 'c++\'s "fast"');
  // A claim without an anchor is named.
  assert.match(misplacedBadges(beside, 'en', () => undefined)[0]!.message, /has no anchor/);
});

test('each claim has its badge in its own essay, once per language, and in no other essay', () => {
  for (const lang of langs) {
    const where = new Map<string, string[]>();
    for (const { slug, text } of essays(lang)) for (const p of badgePlaces(text, lang)) where.set(p.id, [...(where.get(p.id) ?? []), slug]);
    for (const claim of claims) assert.deepEqual(where.get(claim.id), [claim.essay], `${lang}: ${claim.id}`);
  }
});

test('each claim quotes its author in the language of the 2019 essay, and the quote is the author\'s', () => {
  for (const claim of claims) {
    const essay = readFileSync(`${ESSAYS}/en/${claim.essay}.mdx`, 'utf8');
    const original = /originalLanguage: (\w+)/.exec(essay)?.[1];
    assert.equal(claim.source.lang, original, `${claim.id}: quoted in ${claim.source.lang}, the essay was written in ${original}`);
  }
});

// The seed (the 2019 essays) lives outside the repository, beside the checkout; on a clean clone this check has nothing to read.
const SEED_DIR = '../../shared/seed';
const seedFiles = existsSync(SEED_DIR) ? readdirSync(SEED_DIR).filter((f) => f.endsWith('.txt')) : [];
test('each quote is word for word in the 2019 essays', { skip: seedFiles.length === 0 && `no ${SEED_DIR} here` }, () => {
  const flat = (s: string) => normalise(s).replace(/["']/g, '');
  const seed = flat(seedFiles.map((f) => readFileSync(`${SEED_DIR}/${f}`, 'utf8')).join('\n'));
  for (const claim of claims) assert.ok(seed.includes(flat(claim.source.quote)), `${claim.id}: "${claim.source.quote}" is not in the 2019 essays`);
});
