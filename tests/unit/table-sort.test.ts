import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextDirection, sortKey, sortedOrder } from '../../src/lib/table-sort.ts';

test('a cell sorts by its data-sort number (the figure as measured), else its text; a dash or an empty cell has no key', () => {
  assert.equal(sortKey('12300', '12.300 req/s'), 12300);
  assert.equal(sortKey('0.283', '0,283 ns'), 0.283);
  assert.equal(sortKey(null, '  Node.js  '), 'Node.js');
  assert.equal(sortKey('', 'Go'), 'Go');
  assert.equal(sortKey('not a number', 'Rust'), 'Rust');
  assert.equal(sortKey(null, '–'), null);
  assert.equal(sortKey(undefined, ''), null);
});

test('numbers sort by value, not as printed; unmeasured rows stay last in both directions; ties keep the page order', () => {
  const keys = [1318, null, 7358, 21700, 12300, 7358];
  assert.deepEqual(sortedOrder(keys, 'ascending', 'es'), [0, 2, 5, 4, 3, 1]);
  assert.deepEqual(sortedOrder(keys, 'descending', 'es'), [3, 4, 2, 5, 0, 1]);
});

test('text sorts in the page language, numbers inside names by value', () => {
  assert.deepEqual(sortedOrder(['Óscar', 'oca', 'Zeta'], 'ascending', 'es'), [1, 0, 2]);
  assert.deepEqual(sortedOrder(['CPython 3.14', 'CPython 3.7', 'CPython 3.11'], 'ascending', 'en'), [1, 2, 0]);
});

test('a click sorts ascending first, then flips', () => {
  assert.equal(nextDirection(null), 'ascending');
  assert.equal(nextDirection('ascending'), 'descending');
  assert.equal(nextDirection('descending'), 'ascending');
});
