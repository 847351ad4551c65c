import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  assert.equal(collectReferences(tree as any)[0]!.line, 3);
  assert.throws(
    () => remarkEssayIds()(tree as any, { path: `${process.cwd()}/src/content/essays/en/x.mdx` }),
    /src\/content\/essays\/en\/x\.mdx:3: <Metric id>: "http.go.jsn.rps": unknown http test "jsn"/,
  );
});
