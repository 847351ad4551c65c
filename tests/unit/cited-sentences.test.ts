import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { remark } from 'remark';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { wrapCitedSentences, figureIds, essayLangOf, CitedSentenceError, WRAPPER, type MdNode } from '../../src/integrations/remark-cited-sentences.ts';

const parse = (text: string) => remark().use(remarkFrontmatter).use(remarkMdx).parse(text) as unknown as MdNode;

/** The paragraph as text, with wrapped sentences in ⟦ ⟧ and components as <Name>. */
function show(n: MdNode): string {
  if (n.type === 'text') return n.value!;
  if (n.type === 'mdxJsxTextElement' && n.name === WRAPPER) return `⟦${(n.children ?? []).map(show).join('')}⟧`;
  if (n.type === 'mdxJsxTextElement') return `<${n.name}>`;
  return (n.children ?? []).map(show).join('');
}

test('each sentence that cites a figure is wrapped whole, and only those', () => {
  const tree = parse('Intro, no figures. Go does <Metric id="http.go.json.rps" /> on JSON, against <Ratio of="http.go.loop.rps" to="http.cpython.loop.rps" /> on the loop. The end.\n');
  const wrapped = wrapCitedSentences(tree, 'en', 'x.mdx');
  assert.equal(show(tree), 'Intro, no figures. ⟦Go does <Metric> on JSON, against <Ratio> on the loop.⟧ The end.');
  assert.deepEqual(wrapped, [{ ids: ['http.go.json.rps', 'http.go.loop.rps', 'http.cpython.loop.rps'], line: 1 }]);
  const cited = (tree.children![0]!.children ?? []).find((c) => c.name === WRAPPER)!;
  assert.deepEqual(
    cited.attributes!.map((a) => [a.name, a.value]),
    [['ids', 'http.go.json.rps http.go.loop.rps http.cpython.loop.rps'], ['at', 'x.mdx:1']],
  );
});

test('a badge that opens a sentence stays with the sentence before it, outside any wrapper', () => {
  const tree = parse('Python fell far behind. <Claim id="http-loop-python-50x" /> Go now does <Metric id="http.go.loop.rps" />. <Claim id="http-python-50us" />\n');
  wrapCitedSentences(tree, 'en', 'x.mdx');
  assert.equal(show(tree), 'Python fell far behind. <Claim> ⟦Go now does <Metric>.⟧ <Claim>');
});

test('sentences are found in the essay language: Spanish questions and exclamations', () => {
  const tree = parse('¿Cuánto tarda? Tarda <Metric id="ops.cpython.call.ns" /> por llamada. ¡Mucho! Y nada más.\n');
  wrapCitedSentences(tree, 'es', 'x.mdx');
  assert.equal(show(tree), '¿Cuánto tarda? ⟦Tarda <Metric> por llamada.⟧ ¡Mucho! Y nada más.');
});

test('a badge inside a sentence that cites figures is an error naming file and line', () => {
  const tree = parse('First line.\n\nGo is fast <Claim id="cpu-go-30x-python" /> and takes <Metric id="cpu.go.loop.seconds" /> on the loop.\n');
  assert.throws(() => wrapCitedSentences(tree, 'en', 'src/content/essays/en/x.mdx'), (e: Error) => e instanceof CitedSentenceError && /src\/content\/essays\/en\/x\.mdx:3: a <Claim> badge sits inside/.test(e.message));
});

test('every figure of every essay sits in a wrapped sentence', () => {
  for (const lang of readdirSync('src/content/essays')) {
    for (const name of readdirSync(`src/content/essays/${lang}`).filter((n) => n.endsWith('.mdx'))) {
      const file = `src/content/essays/${lang}/${name}`;
      assert.equal(essayLangOf(`/repo/${file}`), lang);
      const tree = parse(readFileSync(file, 'utf8'));
      const all = figureIds(tree);
      const wrapped = wrapCitedSentences(tree, lang, file).flatMap((w) => w.ids);
      // After wrapping, no figure is left outside a wrapper.
      const outside = (n: MdNode): string[] => (n.name === WRAPPER ? [] : n.name === 'Metric' || n.name === 'Ratio' ? figureIds(n) : (n.children ?? []).flatMap(outside));
      assert.deepEqual(outside(tree), [], file);
      assert.deepEqual(new Set(wrapped), new Set(all), file);
    }
  }
});
