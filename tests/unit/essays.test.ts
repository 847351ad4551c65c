import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { lintEssayText, citedIds, compareCitations, lintEssays } from '../../scripts/essays/lint.ts';
import { checkEssayReference } from '../../src/lib/essay-references.ts';
import { collectReferences, remarkEssayIds } from '../../src/integrations/remark-essay-ids.ts';
import { remark } from 'remark';
import remarkMdx from 'remark-mdx';

test('the essays have no figure typed by hand, and both languages cite the same ids', () => {
  assert.deepEqual(lintEssays(), []);
});

test('a typed figure is reported with file and line; years, versions and components are not', () => {
  const text = 'Intro.\n\nIn 2019 Python 3 did 1,234 req/s, now <Metric id="http.go.json.rps" />.\n';
  const problems = lintEssayText('src/content/essays/en/x.mdx', text);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 3);
  assert.match(problems[0]!.message, /"1,234"/);
});

test('an id cited in one language only is reported', () => {
  const en = citedIds('A <Claim id="http-rust-2x-go" /> and <Metric id="http.go.json.rps" />.');
  const es = citedIds('Una <Metric id="http.go.json.rps" />.');
  const problems = compareCitations('x', new Map([['en', en], ['es', es]]));
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /Claim http-rust-2x-go is cited in en but not in es/);
  assert.equal(problems[0]!.file, 'src/content/essays/es/x.mdx');
});

test('unknown ids are caught with a reason', () => {
  assert.deepEqual(checkEssayReference({ component: 'Claim', attrs: { id: 'http-rust-2x-go' } }), []);
  assert.match(checkEssayReference({ component: 'Metric', attrs: { id: 'http.go.json.speed' } })[0]!, /unknown http metric "speed"/);
  assert.match(checkEssayReference({ component: 'Claim', attrs: { id: 'nope' } })[0]!, /no such claim/);
  assert.match(checkEssayReference({ component: 'Chart', attrs: { id: 'pie' } })[0]!, /unknown chart/);
  assert.match(checkEssayReference({ component: 'Then', attrs: { id: 'x.y' } })[0]!, /no such figure/);
  assert.deepEqual(checkEssayReference({ component: 'Then', attrs: { id: 'claim.cpu-java-4x-c' } }), []);
});

test('the remark plugin fails with the MDX file and line', () => {
  const tree = remark().use(remarkMdx).parse('Hello\n\n<Metric id="http.go.jsn.rps" />\n');
  assert.equal(collectReferences(tree as Parameters<typeof collectReferences>[0])[0]!.line, 3);
  assert.throws(
    () => remarkEssayIds()(tree as Parameters<typeof collectReferences>[0], { path: `${process.cwd()}/src/content/essays/en/x.mdx` }),
    /src\/content\/essays\/en\/x\.mdx:3: <Metric id>: "http.go.jsn.rps": unknown http test "jsn"/,
  );
});

/** Issue #12, points 7 and 9: wording that was removed or fixed must not come back. */
const ESSAYS = 'src/content/essays';
const essayText = (lang: string, slug: string) => readFileSync(`${ESSAYS}/${lang}/${slug}.mdx`, 'utf8');
const allEssays = (lang: string) =>
  readdirSync(`${ESSAYS}/${lang}`)
    .filter((n) => n.endsWith('.mdx'))
    .map((n) => ({ file: `${ESSAYS}/${lang}/${n}`, text: readFileSync(`${ESSAYS}/${lang}/${n}`, 'utf8') }));

const BANNED: Record<string, string[]> = {
  en: [
    // Not in the 2019 essay (why learn Go).
    'one obvious way to say something',
    "newcomer's first week",
    'Why it is worth your time',
    "Go's bargain is the friendlier one",
    // Garbled or undefined.
    'implement neither `Ord` nor `Eq` and `Hash`',
    'ladder chart',
    'the whole ladder',
    'Turned around, requests per second',
    'the typical request and the slow tail',
    'axum serves <Ratio',
  ],
  es: [
    'una forma evidente de expresar cada cosa',
    'desde la primera semana',
    'Por qué merece la pena',
    'el trato de Go es más amable',
    'no implementan `Ord` ni `Eq` y `Hash`',
    'margen de error de <Then',
    'Dadas la vuelta',
    'le sacaba <Then',
    'Su respuesta era un intercambio',
    'núcleos de cálculo',
    'núcleo de cálculo',
    'sus núcleos tardan',
    'La escalera',
    'la escalera completa',
    'el cociente entre axum y actix-web',
    'pet./s',
    'op./s',
  ],
};

for (const [lang, phrases] of Object.entries(BANNED)) {
  test(`${lang}: essays keep removed and garbled wording out`, () => {
    for (const { file, text } of allEssays(lang)) {
      for (const phrase of phrases) assert.ok(!text.includes(phrase), `${file} contains "${phrase}"`);
    }
  });
}

test('Spanish: one unit for requests and operations per second, and "núcleo" only means a CPU core', () => {
  const dictionary = readFileSync('src/i18n/es.json', 'utf8');
  const ui = JSON.parse(dictionary) as Record<string, string>;
  assert.equal(ui['unit.rps'], 'peticiones/s');
  assert.equal(ui['unit.opsps'], 'operaciones/s');
  for (const bad of ['pet./s', 'op./s', 'núcleo de cálculo', 'núcleos de cálculo']) assert.ok(!dictionary.includes(bad), `src/i18n/es.json contains "${bad}"`);
  // Claim methods and the short pages cite kernels too, on pages that count cores.
  for (const file of ['src/i18n/es/claims.json', 'src/content/pages/es/about.md', 'src/content/pages/es/methodology.md']) {
    const text = readFileSync(file, 'utf8');
    for (const bad of ['núcleos de CPU', 'núcleo de cálculo', 'núcleos de cálculo', 'entre los núcleos']) assert.ok(!text.includes(bad), `${file} contains "${bad}"`);
  }
});

test('claims of 2019 keep what 2019 said, in essays and claim texts, measured now or not (issues #12, #14)', () => {
  const claimText = (lang: string, id: string) => JSON.parse(readFileSync(`src/i18n/${lang}/claims.json`, 'utf8')).claims[id].statement as string;
  const said = {
    en: { postgres: 'more than twice as fast', php: 'several times slower', orm: 'Go had no entry' },
    es: { postgres: 'más del doble de rápido', php: 'varias veces más lento', orm: 'Go no tenía ninguna entrada' },
  };
  for (const [lang, words] of Object.entries(said)) {
    const essay = essayText(lang, 'python-web-infrastructure');
    assert.ok(claimText(lang, 'unmeasured-postgres-mongodb').includes(words.postgres), `${lang}: PostgreSQL vs MongoDB claim`);
    assert.ok(essay.includes(words.postgres), `${lang}: PostgreSQL vs MongoDB in the essay`);
    assert.ok(claimText(lang, 'stack-python-slower-php').includes(words.php), `${lang}: PHP vs Python claim`);
    assert.ok(essay.includes(words.php), `${lang}: PHP vs Python in the essay`);
    assert.ok(claimText(lang, 'stack-orm-python-5x-leader').includes(words.orm), `${lang}: TechEmpower claim and the ORM test`);
  }
});

test('"Go is slower than C++" in why learn Go carries its badge in both languages', () => {
  for (const [lang, sentence] of [['en', 'Go is slower than C++.'], ['es', 'Go es más lento que C++.']] as const) {
    assert.ok(essayText(lang, 'why-learn-go').includes(`${sentence} <Claim id="cpu-go-slower-cpp" />`), lang);
  }
});

test('Rust will not replace Python keeps what the 2019 essay said', () => {
  const en = essayText('en', 'rust-will-not-replace-python');
  const es = essayText('es', 'rust-will-not-replace-python');
  // Constrained devices were the author's case for shared (dynamic) libraries.
  assert.match(en, /microcontrollers/);
  assert.match(es, /microcontroladores/);
  assert.match(en, /sad and angry/);
  assert.match(es, /triste y enfadado/);
});

test('the latency chart is introduced as the 99th percentile, and axum vs actix-web uses <Ratio near>', () => {
  for (const [lang, word] of [['en', 'percentile'], ['es', 'percentil']] as const) {
    const text = essayText(lang, 'benchmarking-python-pypy-go-rust');
    const before = text.slice(0, text.indexOf('<Chart id="http-latency" />'));
    const paragraph = before.trimEnd().split('\n\n').at(-1)!;
    assert.ok(paragraph.includes(word), `${lang}: the paragraph before the latency chart must say it shows a ${word}`);
    assert.match(text, /<Ratio of="http\.rust-axum\.json\.rps" to="http\.rust-actix\.json\.rps" near \/>/);
  }
});
