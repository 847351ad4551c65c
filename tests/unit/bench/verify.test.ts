import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadExpectations } from '../../../scripts/bench/http/test-types/index.ts';
import { verifyResponse } from '../../../scripts/bench/verify.ts';
import { ROOT } from './helpers.ts';
import { readFileSync } from 'node:fs';

const exp = loadExpectations(path.join(ROOT, 'bench', 'data'));
const ok = (body: string | Buffer, contentType = 'text/plain') => ({ status: 200, contentType, body: Buffer.from(body) });

test('expected values come from bench/data', () => {
  assert.deepEqual((exp.json.body as { trimmed: string }).trimmed, '133891');
  assert.deepEqual((exp.msgpack.body as { trimmed: string }).trimmed, '1000');
  assert.equal((exp.loop.body as { trimmed: string }).trimmed, readFileSync(path.join(ROOT, 'bench', 'data', 'loop.txt'), 'utf8').trim());
});

test('plaintext: exact body, status and content type', () => {
  assert.equal(verifyResponse(exp.plaintext, ok('Welcome!\n', 'text/plain; charset=utf-8')).passed, true);
  const v = verifyResponse(exp.plaintext, ok('Welcome!'));
  assert.equal(v.passed, false);
  assert.match(v.detail!, /expected "Welcome!\\n"/);
  assert.match(verifyResponse(exp.plaintext, { ...ok('Welcome!\n'), status: 500 }).detail!, /status was 500/);
  assert.match(verifyResponse(exp.plaintext, ok('Welcome!\n', 'text/html')).detail!, /content type/);
});

test('counts tolerate a trailing newline but not a wrong number', () => {
  assert.equal(verifyResponse(exp.json, ok('133891\n')).passed, true);
  assert.equal(verifyResponse(exp.msgpack, ok('999')).passed, false);
});

test('transfer must be byte-identical; a re-formatted document is named as such', () => {
  const records = readFileSync(path.join(ROOT, 'bench', 'data', 'records.json'));
  assert.equal(verifyResponse(exp.transfer, ok(records, 'application/json')).passed, true);
  const pretty = JSON.stringify(JSON.parse(records.toString()), null, 1);
  const v = verifyResponse(exp.transfer, ok(pretty, 'application/json'));
  assert.equal(v.passed, false);
  assert.match(v.detail!, /same JSON but not byte-identical/);
  const other = verifyResponse(exp.transfer, ok('[]', 'application/json'));
  assert.match(other.detail!, /not the expected JSON document/);
});
