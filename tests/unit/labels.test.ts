/**
 * Display names, chart order and colour families come from the manifests'
 * display blocks (src/lib/labels.ts), in both languages; the A/A twin is
 * named as such; suites and options are words, not ids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allImplementations } from '../../src/lib/implementations.ts';
import { byDisplayOrder, cellImplName, implFamily, implName, suiteName, testName, twinName } from '../../src/lib/labels.ts';
import { optionWords } from '../../src/lib/run-settings.ts';
import { SUITES } from '../../src/schemas/run.ts';
import { translator } from './helpers.ts';

const en = translator('en');
const es = translator('es');

test('every implementation in bench/ declares its name, order and family; names are distinct within a suite', () => {
  const impls = allImplementations();
  assert.ok(impls.length > 20);
  for (const i of impls) assert.ok(i.display, `${i.dir} (${i.id}) has no display block in its manifest`);
  for (const suite of SUITES) {
    const names = impls.filter((i) => i.suite === suite).map((i) => implName(i.id));
    assert.equal(new Set(names).size, names.length, `${suite}: ${names.join(', ')}`);
  }
  assert.equal(implName('cpython-nginx'), 'CPython · nginx + uWSGI');
  assert.equal(implName('node', 'es'), 'Node.js');
  assert.equal(implFamily('pypy-gunicorn'), 'pypy');
  // An id no manifest declares (a run from another checkout) is shown as it is.
  assert.equal(implName('cobol'), 'cobol');
});

test('chart order is the manifests\' order', () => {
  assert.deepEqual(byDisplayOrder(['cpython', 'go', 'rust-actix', 'pypy-nginx', 'cpython-uwsgi', 'zzz']), ['rust-actix', 'go', 'pypy-nginx', 'cpython', 'cpython-uwsgi', 'zzz']);
});

test('the A/A twin is "Go (second copy, A/A check)", in both languages', () => {
  assert.equal(twinName('go', en), 'Go (second copy, A/A check)');
  assert.equal(twinName('go', es), 'Go (segunda copia, control A/A)');
  assert.equal(cellImplName({ impl: 'go-aa', twin_of: 'go' }, en, 'en'), 'Go (second copy, A/A check)');
  assert.equal(cellImplName({ impl: 'go' }, en, 'en'), 'Go');
});

test('suites and tests by name, never their ids', () => {
  for (const suite of SUITES) assert.notEqual(suiteName(suite, en), suite);
  for (const test of ['db', 'queries', 'fortunes', 'cached', 'repeated']) {
    assert.doesNotMatch(testName('stack', test, en), new RegExp(`^${test}$|^stack\\.`));
    assert.doesNotMatch(testName('stack', test, es), new RegExp(`^${test}$|^stack\\.`));
  }
});

test('runner options in words: the precision targets by suite, not raw JSON; flags, counts and durations', () => {
  const ctx = { t: en, lang: 'en', locale: { intl: 'en-US' }, fmt: (v: number) => `${v} s` } as unknown as Parameters<typeof optionWords>[2];
  const precision = optionWords('precision', '{"http":0.05,"cpu":0.03,"ops":0.05}', ctx);
  assert.equal(precision, 'HTTP servers ±5%, CPU kernels ±3%, and Operations ±5%');
  assert.doesNotMatch(precision, /[{}"]/);
  assert.equal(optionWords('suite', 'all', ctx), 'all suites');
  assert.equal(optionWords('aa', 'go', ctx), 'Go');
  assert.equal(optionWords('quick', false, ctx), 'no');
  assert.equal(optionWords('impl', null, ctx), 'not given (default)');
  assert.equal(optionWords('rounds', 5, ctx), '5');
});
