/**
 * queries: a JSON array of N random rows, N from `queries` clamped to 1..500
 * (0, `foo` and none give 1; 501 gives 500); one query on world per row.
 */
import { asVerification, checkRows, getOrProblem, QUERIES, sampledRequests } from '../../verify-stack.ts';
import type { DbTestType } from './type.ts';

const PATH = `/queries?queries=${QUERIES}`;

export const queries: DbTestType = {
  path: PATH,
  contentType: 'application/json',
  variableLength: true,
  firstAnswer(res, world) {
    const what = `GET ${PATH}`;
    const r = checkRows(res, what, world, QUERIES);
    const problems = [...r.problems];
    if (r.rows.length === QUERIES && new Set(r.rows.map((x) => x.id)).size === 1) problems.push(`${what}: all ${QUERIES} rows have id ${r.rows[0]!.id}; each query must pick its own random id`);
    return asVerification([what, 'status 200, application/json', `${QUERIES} correct rows`, 'ids random'], problems);
  },
  async extra(target, ctx) {
    const checks = ['queries clamped: queries=0 → 1 row, queries=foo → 1, no parameter → 1, queries=501 → 500'];
    const problems: string[] = [];
    for (const [q, n] of [['?queries=0', 1], ['?queries=foo', 1], ['', 1], ['?queries=501', 500]] as const) {
      const res = await getOrProblem(target, `/queries${q}`);
      if ('problem' in res) problems.push(res.problem);
      else problems.push(...checkRows(res, `GET /queries${q}`, ctx.world, n).problems.slice(0, 2));
    }
    const sampled = await sampledRequests(target, ctx, { path: PATH, rows: QUERIES, perRequest: QUERIES, counter: 'world' });
    return { checks: [...checks, ...sampled.checks], problems: [...problems, ...sampled.problems] };
  },
};
