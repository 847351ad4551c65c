/**
 * What each HTTP test must answer, checked on every implementation before any
 * load: a cell that fails verification is failed with the reason and never
 * measured.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Verification } from '../../src/schemas/run.ts';
import type { HttpResponse } from './http-client.ts';

export type HttpTest = 'plaintext' | 'msgpack' | 'json' | 'transfer' | 'loop';

export interface Expectation {
  path: string;
  contentType: string;
  /** Exact bytes expected, or a trimmed text. */
  body: { exact: Buffer } | { trimmed: string };
  /** For transfer: the parsed document, to say whether a different body is at least the same JSON. */
  json?: unknown;
}

export const TEST_PATHS: Record<HttpTest, string> = {
  plaintext: '/',
  msgpack: '/parse-msgpack',
  json: '/encode-json',
  transfer: '/transfer-data',
  loop: '/loop',
};

/** Reads bench/data (records.json, loop.txt) into the expectations of each test. */
export function loadExpectations(dataDir: string): Record<HttpTest, Expectation> {
  const recordsBytes = readFileSync(path.join(dataDir, 'records.json'));
  const records = JSON.parse(recordsBytes.toString('utf8')) as unknown[];
  const loop = readFileSync(path.join(dataDir, 'loop.txt'), 'utf8').trim();
  return {
    plaintext: { path: TEST_PATHS.plaintext, contentType: 'text/plain', body: { exact: Buffer.from('Welcome!\n') } },
    msgpack: { path: TEST_PATHS.msgpack, contentType: 'text/plain', body: { trimmed: String(records.length) } },
    json: { path: TEST_PATHS.json, contentType: 'text/plain', body: { trimmed: String(recordsBytes.toString('utf8').length) } },
    transfer: { path: TEST_PATHS.transfer, contentType: 'application/json', body: { exact: recordsBytes }, json: records },
    loop: { path: TEST_PATHS.loop, contentType: 'text/plain', body: { trimmed: loop } },
  };
}

function preview(buf: Buffer): string {
  const s = buf.subarray(0, 80).toString('utf8');
  return JSON.stringify(s) + (buf.length > 80 ? `… (${buf.length} bytes)` : '');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function verifyResponse(exp: Expectation, res: HttpResponse): Verification {
  const checks: string[] = [`GET ${exp.path}`, 'status 200', `content type ${exp.contentType}`];
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`status was ${res.status}, expected 200`);
  const media = (res.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media !== exp.contentType) problems.push(`content type was ${res.contentType === null ? 'missing' : JSON.stringify(res.contentType)}, expected ${exp.contentType}`);
  if ('exact' in exp.body) {
    const expected = exp.body.exact;
    checks.push(expected.length > 40 ? `body byte-identical to the expected ${expected.length} bytes` : `body = ${JSON.stringify(expected.toString('utf8'))}`);
    if (!res.body.equals(expected)) {
      let detail = `body was ${preview(res.body)}, expected ${preview(expected)}`;
      if (exp.json !== undefined) {
        checks.push('body is the same JSON document');
        let same = false;
        try {
          same = deepEqual(JSON.parse(res.body.toString('utf8')), exp.json);
        } catch {
          same = false;
        }
        let at = 0;
        while (at < res.body.length && at < expected.length && res.body[at] === expected[at]) at++;
        detail = same
          ? `body is the same JSON but not byte-identical (${res.body.length} bytes vs ${expected.length}; first difference at byte ${at}: ${JSON.stringify(res.body.subarray(at, at + 30).toString('utf8'))} vs ${JSON.stringify(expected.subarray(at, at + 30).toString('utf8'))})`
          : `body is not the expected JSON document (${res.body.length} bytes vs ${expected.length}; first difference at byte ${at}: ${JSON.stringify(res.body.subarray(at, at + 30).toString('utf8'))} vs ${JSON.stringify(expected.subarray(at, at + 30).toString('utf8'))})`;
      }
      problems.push(detail);
    }
  } else {
    checks.push(`body = ${JSON.stringify(exp.body.trimmed)} (surrounding whitespace ignored)`);
    const text = res.body.toString('utf8').trim();
    if (text !== exp.body.trimmed) problems.push(`body was ${preview(res.body)}, expected ${JSON.stringify(exp.body.trimmed)}`);
  }
  return { passed: problems.length === 0, checks, detail: problems.length === 0 ? null : problems.join('; ') };
}
