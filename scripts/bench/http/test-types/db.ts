/** db: one random row as a JSON object {"id","randomNumber"}, the seeded one; one query on world per request. */
import { asVerification, checkRows, sampledRequests } from '../../verify-stack.ts';
import type { DbTestType } from './type.ts';

const PATH = '/db';

export const db: DbTestType = {
  path: PATH,
  contentType: 'application/json',
  variableLength: true,
  firstAnswer(res, world) {
    const what = `GET ${PATH}`;
    const r = checkRows(res, what, world, 'object');
    return asVerification([what, 'status 200, application/json', 'one object, keys exactly id and randomNumber', 'randomNumber equals the seeded row'], r.problems);
  },
  extra: (target, ctx) => sampledRequests(target, ctx, { path: PATH, rows: 'object', perRequest: 1, counter: 'world' }),
};
