/**
 * A test type, as TechEmpower's toolset has them (toolset/test_types/<type>):
 * the path a test loads and how its answer is verified before any load. The
 * HTTP rules every answer must follow (keep-alive, Server, Date, HEAD) are in
 * verify.ts; the web-stack rules (seeded rows, query counts, the fortunes
 * normal form) in verify-stack.ts. Each test is a module of this folder,
 * listed in index.ts.
 */
import type { HttpResponse } from '../../http-client.ts';
import type { Verification } from '../../../../src/schemas/run.ts';
import type { StackContext, Target } from '../../verify-stack.ts';
import type { Expectation } from '../../verify.ts';

/** The shared test data in bench/data, read once per run. */
export interface BenchData {
  /** records.json as bytes, and parsed. */
  recordsBytes: Buffer;
  records: unknown[];
  /** loop.txt, trimmed. */
  loop: string;
}

/** A test of the HTTP suite: a fixed answer, built from bench/data. */
export interface HttpTestType {
  path: string;
  expect(data: BenchData): Omit<Expectation, 'path'>;
}

/** A test of the web-stack suite that reads the database: an answer that differs per request, checked against the seeded rows. */
export interface DbTestType {
  path: string;
  contentType: string;
  /** The body's length differs per request (random rows): HEAD's Content-Length is not compared with the GET's. */
  variableLength: boolean;
  /** The check of the first GET's answer. */
  firstAnswer(res: HttpResponse, world: Int32Array): Verification;
  /** Checks beyond the first answer (clamping, randomness, query counts, the cache). */
  extra(target: Target, ctx: StackContext): Promise<{ checks: string[]; problems: string[] }>;
}
