import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureClockMhz, parseClock } from '../../../scripts/bench/clock.ts';

test('the clock line is parsed; anything else is no clock', () => {
  assert.equal(parseClock('{"mhz":3612.4,"repetitions":20,"adds":32000000}\n'), 3612.4);
  assert.equal(parseClock('{"mhz":0}'), null);
  assert.equal(parseClock('{"mhz":"fast"}'), null);
  assert.equal(parseClock('Segmentation fault'), null);
});

test('the clock program compiles and measures a plausible clock on this machine', async () => {
  const r = await measureClockMhz(null);
  assert.ok('mhz' in r, 'error' in r ? r.error : '');
  // Any CPU that runs this project: between 200 MHz and 10 GHz. The add chain's own check
  // (the sum of the adds) makes the program fail if the compiler dropped the chain.
  assert.ok(r.mhz > 200 && r.mhz < 10_000, `${r.mhz} MHz`);
});
