import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { discover } from '../../../scripts/bench/discovery.ts';
import { ROOT } from './helpers.ts';
import { connectionsFor, LOOP_MAX_CONNECTIONS } from '../../../scripts/bench/http/load-policy.ts';

test('the loop test caps connections; the other tests keep the manifest count', () => {
  assert.equal(connectionsFor('loop', 256), LOOP_MAX_CONNECTIONS);
  assert.equal(connectionsFor('loop', 4), 4);
  assert.equal(connectionsFor('json', 256), 256);
  assert.equal(connectionsFor('plaintext', 64), 64);
});

test('every manifest of a JIT runtime (PyPy, the JVM, V8) says "jit": true, so that it is warmed up in every suite', () => {
  const { impls, problems } = discover(path.join(ROOT, 'bench'), ROOT, ['http', 'cpu', 'ops', 'threads', 'stack']);
  assert.deepEqual(problems, []);
  const jitRuntime = /pypy|java|jdk|jvm|node|graal|v8/i;
  for (const i of impls) assert.equal(i.manifest.jit, jitRuntime.test(i.manifest.runtime), `${i.suite}/${i.id} (runtime ${i.manifest.runtime}): "jit" in ${i.manifestPath}`);
});
