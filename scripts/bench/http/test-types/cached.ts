/**
 * cached: one random row read `count` times through Redis (`world:<id>`, the
 * row's JSON, expiring within 60 s), answered `count` times; at least
 * `count` Redis lookups per request.
 */
import { COUNT, identicalRows, rowProblems, sampledRequests, short, type StackContext } from '../../verify-stack.ts';
import type { DbTestType } from './type.ts';

const PATH = `/cached?count=${COUNT}`;

/** After a request answered row `id`: Redis holds world:<id> as the row's JSON, expiring within 60 s. */
async function cacheProblems(ctx: StackContext, redis: NonNullable<StackContext['redis']>, id: number): Promise<string[]> {
  const problems: string[] = [];
  const key = `world:${id}`;
  const stored = await redis.get(key);
  const ttl = await redis.ttl(key);
  if (stored === null) problems.push(`after GET ${PATH}, Redis has no key ${key}: store each row read from PostgreSQL with SET ${key} <json> EX 60`);
  else if (stored !== undefined) {
    let ok: boolean;
    try {
      ok = rowProblems(JSON.parse(stored), ctx.world, key).length === 0 && (JSON.parse(stored) as { id: number }).id === id;
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`Redis key ${key} holds ${short(stored, 60)}; expected the row's JSON {"id":${id},"randomNumber":${ctx.world[id]}} (every stack shares the cache)`);
  }
  if (ttl !== null && stored !== null && (ttl <= 0 || ttl > 60)) problems.push(`Redis key ${key} has ${ttl === -1 ? 'no expiry' : `a TTL of ${ttl} s`}; set it with EX 60`);
  return problems;
}

export const cached: DbTestType = {
  path: PATH,
  contentType: 'application/json',
  variableLength: true,
  firstAnswer: (res, world) => identicalRows(res, world, PATH),
  extra: (target, ctx) => {
    const redis = ctx.redis;
    return sampledRequests(target, ctx, {
      path: PATH,
      rows: COUNT,
      perRequest: COUNT,
      counter: 'redis',
      ...(redis ? { afterRequest: (id: number) => cacheProblems(ctx, redis, id), afterCheck: "after each request Redis holds world:<id> as the row's JSON, expiring within 60 s" } : {}),
    });
  },
};
