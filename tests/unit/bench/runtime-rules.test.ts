import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionsFor, LOOP_MAX_CONNECTIONS } from '../../../scripts/bench/http/load-policy.ts';

test('the loop test caps connections; the other tests keep the manifest count', () => {
  assert.equal(connectionsFor('loop', 256), LOOP_MAX_CONNECTIONS);
  assert.equal(connectionsFor('loop', 4), 4);
  assert.equal(connectionsFor('json', 256), 256);
  assert.equal(connectionsFor('plaintext', 64), 64);
});

import { isJitManifest } from '../../../scripts/bench/member-workers.ts';

test('JIT runtimes are warmed until their rate settles: the manifest says so, else the runtime name', () => {
  for (const r of ['PyPy', 'OpenJDK', 'Node.js', 'node']) assert.equal(isJitManifest({ runtime: r }), true, r);
  for (const r of ['CPython', 'C (gcc -O2)', 'Go', 'Rust']) assert.equal(isJitManifest({ runtime: r }), false, r);
  assert.equal(isJitManifest({ runtime: 'node', jit: false }), false);
  assert.equal(isJitManifest({ runtime: 'My VM', jit: true }), true);
});
