import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checksumMatches, expectedChecksum } from '../../../scripts/bench/ops-checksums.ts';
import { sliceProblem } from '../../../scripts/bench/suites/ops.ts';

test('checksums match the examples of bench/ops/README.md (n = 1,000,000)', () => {
  const examples: Record<string, string> = {
    empty_loop: '1000000',
    call: '500000500000',
    attribute: '29000000',
    map_lookup: '49500000',
    map_insert: '999424',
    alloc: '499999500000',
    format: '10888890',
    record_logic: '68997000',
  };
  for (const [op, value] of Object.entries(examples)) assert.equal(expectedChecksum(op, 1_000_000n)?.toString(), value, op);
});

test('checksums match brute force for small n', () => {
  for (const n of [0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 9999, 12345]) {
    let attribute = 0;
    let format = 0;
    let lookup = 0;
    let record = 0;
    for (let i = 0; i < n; i++) {
      attribute += 8 * (i % 8) + 1;
      format += `item-${i}`.length;
      lookup += i % 100;
      record += 66 + ((i % 1000) % 7);
    }
    assert.equal(expectedChecksum('attribute', BigInt(n)), BigInt(attribute), `attribute ${n}`);
    assert.equal(expectedChecksum('format', BigInt(n)), BigInt(format), `format ${n}`);
    assert.equal(expectedChecksum('map_lookup', BigInt(n)), BigInt(lookup), `map_lookup ${n}`);
    assert.equal(expectedChecksum('record_logic', BigInt(n)), BigInt(record), `record_logic ${n}`);
  }
});

test('a wrong or unknown checksum is rejected', () => {
  assert.equal(checksumMatches('call', 1000, '500500').ok, true);
  assert.equal(checksumMatches('call', 1000, '500501').ok, false);
  assert.equal(checksumMatches('call', 1000, 'abc').ok, false);
  assert.equal(checksumMatches('teleport', 1000, '1').expected, null);
});

test('a slice is checked against the formula for its chunk size (units ÷ chunks)', () => {
  assert.equal(sliceProblem('call', { test: 'call', units: 3000, chunks: 3, seconds: 0.25, checksum: '500500' }), null);
  assert.match(sliceProblem('call', { test: 'call', units: 3000, chunks: 3, seconds: 0.25, checksum: '1' })!, /wrong checksum for call: 1, expected 500500 for a chunk of 1000 iterations/);
});
