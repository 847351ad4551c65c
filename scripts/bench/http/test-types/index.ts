/**
 * The test types of the HTTP and web-stack suites, by test (a module each,
 * like TechEmpower's toolset/test_types), and the verification of one test
 * on a running server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HTTP_TESTS, Verification } from '../../../../src/schemas/run.ts';
import { dbExpectation, type DbTest, type StackContext, type StackTest, asVerification } from '../../verify-stack.ts';
import { verifyEndpoint, type Expectation } from '../../verify.ts';
import { cached } from './cached.ts';
import { db } from './db.ts';
import { fortunes } from './fortunes.ts';
import { json } from './json.ts';
import { loop } from './loop.ts';
import { msgpack } from './msgpack.ts';
import { plaintext } from './plaintext.ts';
import { queries } from './queries.ts';
import { repeated } from './repeated.ts';
import { transfer } from './transfer.ts';
import type { BenchData, DbTestType, HttpTestType } from './type.ts';

type HttpTest = (typeof HTTP_TESTS)[number];

const HTTP_TEST_TYPES: Record<HttpTest, HttpTestType> = { plaintext, msgpack, json, transfer, loop };
const DB_TEST_TYPES: Record<DbTest, DbTestType> = { db, queries, fortunes, repeated, cached };

/** The path each web-stack test loads (the HTTP tests' among them). */
export const STACK_PATHS = Object.fromEntries([...Object.entries(HTTP_TEST_TYPES), ...Object.entries(DB_TEST_TYPES)].map(([t, type]) => [t, type.path])) as Record<StackTest, string>;

/** Reads bench/data (records.json, loop.txt) into the expectation of each HTTP test. */
export function loadExpectations(dataDir: string): Record<HttpTest, Expectation> {
  const recordsBytes = readFileSync(path.join(dataDir, 'records.json'));
  const data: BenchData = {
    recordsBytes,
    records: JSON.parse(recordsBytes.toString('utf8')) as unknown[],
    loop: readFileSync(path.join(dataDir, 'loop.txt'), 'utf8').trim(),
  };
  return Object.fromEntries(Object.entries(HTTP_TEST_TYPES).map(([t, type]) => [t, { path: type.path, ...type.expect(data) }])) as Record<HttpTest, Expectation>;
}

function isDbTest(test: StackTest): test is DbTest {
  return test in DB_TEST_TYPES;
}

/** Verifies one web-stack test on the server at host:port (the server host's address when hosts are separate). */
export async function verifyStackTest(port: number, test: StackTest, ctx: StackContext, host = '127.0.0.1'): Promise<{ verification: Verification; bytes: number | null }> {
  const timeoutMs = ctx.timeoutMs ?? 60_000;
  if (!isDbTest(test)) return verifyEndpoint(port, ctx.http[test], timeoutMs, { host });
  const type = DB_TEST_TYPES[test];
  const first = await verifyEndpoint(port, dbExpectation(type.path, type.contentType), timeoutMs, { host, response: (res) => type.firstAnswer(res, ctx.world), variableLength: type.variableLength });
  if (!first.verification.passed) return first;
  const extra = await type.extra({ port, host, timeoutMs }, ctx);
  return { verification: asVerification([...first.verification.checks, ...extra.checks], extra.problems), bytes: first.bytes };
}
