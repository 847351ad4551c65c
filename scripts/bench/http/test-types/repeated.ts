/** repeated: one random row read `count` times from PostgreSQL (a query each, no cache), answered `count` times. */
import { COUNT, identicalRows, sampledRequests } from '../../verify-stack.ts';
import type { DbTestType } from './type.ts';

const PATH = `/repeated?count=${COUNT}`;

export const repeated: DbTestType = {
  path: PATH,
  contentType: 'application/json',
  variableLength: true,
  firstAnswer: (res, world) => identicalRows(res, world, PATH),
  extra: (target, ctx) => sampledRequests(target, ctx, { path: PATH, rows: COUNT, perRequest: COUNT, counter: 'world', countFix: ` (the same SELECT ${COUNT} times, no cache)` }),
};
