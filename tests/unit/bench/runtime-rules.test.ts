import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionsFor, LOOP_MAX_CONNECTIONS } from '../../../scripts/bench/suites/http.ts';

test('the loop test caps connections; the other tests keep the manifest count', () => {
  assert.equal(connectionsFor('loop', 256), LOOP_MAX_CONNECTIONS);
  assert.equal(connectionsFor('loop', 4), 4);
  assert.equal(connectionsFor('json', 256), 256);
  assert.equal(connectionsFor('plaintext', 64), 64);
});

import { isJitRuntime } from '../../../scripts/bench/suites/cpu.ts';

test('JIT runtimes get an in-process warm-up record', () => {
  for (const r of ['PyPy', 'OpenJDK', 'Node.js', 'node']) assert.equal(isJitRuntime(r), true, r);
  for (const r of ['CPython', 'C (gcc -O2)', 'Go', 'Rust']) assert.equal(isJitRuntime(r), false, r);
});
