/**
 * The slicer's response framing (scripts/bench/slicer/response.c over the vendored
 * picohttpparser), driven byte for byte by scripts/bench/slicer/check/response-check.c:
 * a stream of bytes read as the responses of one keep-alive connection, in reads cut anywhere.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { ROOT, tmpDir } from './helpers.ts';

const SLICER = path.join(ROOT, 'scripts', 'bench', 'slicer');
const CORPUS = path.join(SLICER, 'check', 'corpus');
const BIN = path.join(tmpDir(), 'response-check');

before(() => {
  const sources = ['check/response-check.c', 'response.c', 'vendor/picohttpparser/picohttpparser.c'].map((f) => path.join(SLICER, f));
  execFileSync('cc', ['-O1', '-Wall', '-Wextra', '-Werror', '-o', BIN, ...sources], { stdio: 'pipe' });
});

/** The events the slicer's parser finds in `stream`, read in pieces that end at `cuts`. */
function events(stream: string | Buffer, cuts: number[] = []): string[] {
  const out = execFileSync(BIN, cuts.length ? [cuts.join(',')] : [], { input: stream });
  return out.toString().trim().split('\n').filter((l) => l !== '');
}

/** Every single cut (or every `step`-th), and one byte per read: the events must not depend on how reads split the stream. */
function assertSameAnyCut(stream: string, step = 1) {
  const whole = events(stream);
  for (let cut = 1; cut < stream.length; cut += step) assert.deepEqual(events(stream, [cut]), whole, `cut at ${cut}`);
  assert.deepEqual(events(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1)), whole, 'one byte per read');
  return whole;
}

const ok = (body: string, head = '') => `HTTP/1.1 200 OK\r\n${head}Content-Length: ${body.length}\r\n\r\n${body}`;

test('HTTP/1.0: no keep-alive unless "Connection: keep-alive"; the bytes after a closing response are not a response', () => {
  const plain = 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok';
  assert.deepEqual(events(plain + 'HTTP/1.0 200 OK\r\n\r\n'), [`response 200 ${plain.length} close`, 'after-close 19']);
  const kept = 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok';
  assert.deepEqual(events(kept + kept), [`response 200 ${kept.length} keep-alive`, `response 200 ${kept.length} keep-alive`]);
  // Without a length an HTTP/1.0 body runs to the close, and the connection ends with it.
  const toClose = 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nto the end';
  assert.deepEqual(events(toClose), [`response 200 ${toClose.length} close`]);
  // HTTP/1.1 keeps the connection unless it says close (any token of the list).
  assert.deepEqual(events(ok('x', 'Connection: upgrade, Close\r\n')), [`response 200 ${ok('x', 'Connection: upgrade, Close\r\n').length} close`]);
});

test('a repeated, listed or conflicting Content-Length is rejected, as is one beside Transfer-Encoding', () => {
  const cases = [
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 5\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\n',
  ];
  for (const c of cases) {
    const e = assertSameAnyCut(c);
    assert.equal(e.length, 1, c);
    assert.match(e[0]!, /^error (Content-Length|both Transfer-Encoding)/, c);
  }
});

test('pipelined responses in one read are all found, each with its own size', () => {
  const a = ok('first');
  const b = 'HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!';
  const c = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n';
  const d = 'HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n';
  const e = ok('last');
  const whole = assertSameAnyCut(a + b + c + d + e);
  assert.deepEqual(whole, [a, b, c, d, e].map((r) => `response ${r.split(' ')[1]} ${r.length} keep-alive`));
});

test('chunked bodies with extensions and trailers, split anywhere', () => {
  const r =
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n' +
    '5;name=value\r\nhello\r\n' +
    '1A ; ext="quoted;x"\r\nabcdefghijklmnopqrstuvwxyz\r\n' +
    '0;last\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n';
  assert.deepEqual(assertSameAnyCut(r + ok('next')), [`response 200 ${r.length} keep-alive`, `response 200 ${ok('next').length} keep-alive`]);
  // Chunked only when it is the last coding; otherwise the body runs to the close.
  const gz = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
  assert.deepEqual(events(gz), [`response 200 ${gz.length} close`]);
  assert.match(events('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')[0]!, /^error a malformed chunked body/);
  assert.match(events('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n')[0]!, /^error/, 'a bare LF in a chunk header');
});

test('interim 1xx responses are skipped, 101 is refused, 204 and 304 have no body', () => {
  const final = ok('x');
  const interim = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n';
  assert.deepEqual(assertSameAnyCut(interim + final), [`response 200 ${interim.length + final.length} keep-alive`]);
  assert.match(events('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n')[0]!, /^error 101/);
  const noBody = 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n';
  assert.deepEqual(events(noBody + final), [`response 204 ${noBody.length} keep-alive`, `response 200 ${final.length} keep-alive`]);
});

test('malformed, partial and oversized heads', () => {
  assert.match(events('HTTP/1.1 2OO OK\r\n\r\n')[0]!, /^error a malformed status line/);
  assert.match(events('HTTP/2 200\r\n\r\n')[0]!, /^error a malformed status line/);
  assert.match(events('HTTP/1.1 200 OK\r\nBad Header\r\n\r\n')[0]!, /^error a malformed/);
  const cut = 'HTTP/1.1 200 OK\r\nContent-Len';
  assert.deepEqual(events(cut), [`partial ${cut.length}`]);
  assert.deepEqual(events(ok('0123456789').slice(0, -4)), [`partial ${ok('0123456789').length - 4}`]);
  const huge = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(17_000)}\r\nContent-Length: 0\r\n\r\n`;
  assert.deepEqual(events(huge), ['error a response head longer than 16384 bytes']);
  assert.deepEqual(events(huge, [100, 9000]), ['error a response head longer than 16384 bytes']);
  // A head of 16 KiB at most is fine however it is split.
  const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(16_000)}\r\nContent-Length: 2\r\n\r\nok`;
  assert.deepEqual(events(big, [10, 8000, 16_020]), [`response 200 ${big.length} keep-alive`]);
});

test('the fuzzing corpus: every seed parses the same whole and cut, and the named ones find what their names say', () => {
  const seeds = readdirSync(CORPUS);
  assert.ok(seeds.length >= 15, `${seeds.length} seeds`);
  const found = new Map<string, string[]>();
  for (const name of seeds) {
    // The first two bytes of a seed choose the fuzzer's cuts; the response follows.
    const stream = readFileSync(path.join(CORPUS, name)).subarray(2).toString('latin1');
    found.set(name, assertSameAnyCut(stream, 11));
  }
  assert.match(found.get('repeated-length')![0]!, /^error Content-Length given more than once/);
  assert.match(found.get('te-and-length')![0]!, /^error both/);
  assert.deepEqual(found.get('http10-close')!.map((e) => e.split(' ')[0]), ['response', 'after-close']);
  assert.equal(found.get('pipelined')!.length, 4);
  assert.ok(found.get('chunked-ext-trailer')![0]!.startsWith('response 200'));
});
