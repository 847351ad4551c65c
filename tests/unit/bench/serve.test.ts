import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GONE_MARK, parseGone, parseReady, READY_MARK } from '../../../scripts/bench/services/serve.ts';

test('the database host’s ready line: services, an error, nothing yet, or an unreadable line', () => {
  assert.equal(parseReady('starting…\n'), null);
  const ready = { postgres: { port: 5433, version: '15.8', record: { name: 'postgresql' } }, redis: null, redis_error: 'redis-server not found' };
  const parsed = parseReady(`noise\n${READY_MARK} ${JSON.stringify(ready)}\n`);
  assert.deepEqual(parsed, ready);
  assert.deepEqual(parseReady(`${READY_MARK} {"error":"initdb failed"}\n`), { error: 'initdb failed' });
  const bad = parseReady(`${READY_MARK} {"postgres":\n`);
  assert.ok(bad && 'error' in bad && /unreadable ready line/.test(bad.error));
  // The gone line is not a ready line.
  assert.equal(parseReady(`${GONE_MARK} postgres exited\n`), null);
});

test('the database host’s gone line says why the services stopped', () => {
  assert.equal(parseGone(`${READY_MARK} {}\n`), null);
  assert.equal(parseGone(`${READY_MARK} {}\n${GONE_MARK} postgres exited with code 1 / FATAL: out of disk\n`), 'postgres exited with code 1 / FATAL: out of disk');
});
