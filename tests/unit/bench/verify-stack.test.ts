/**
 * The web-stack verifier (scripts/bench/verify-stack.ts) against small
 * in-process fake stacks: a correct one passes every database test, and each
 * way of getting a test wrong fails with its own reason. The fake database is
 * an array with a query counter, the fake Redis a map with a lookup counter.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { expectedFortunes, fortunesProblem, normalizeFortunes, rowProblems, type StackContext, type StackTest } from '../../../scripts/bench/verify-stack.ts';
import { loadExpectations, verifyStackTest } from '../../../scripts/bench/http/test-types/index.ts';
import { FORTUNES, seedSql, sortedFortunes, worldNumbers, WORLD_ROWS } from '../../../scripts/bench/services/data.ts';
import { findPostgres } from '../../../scripts/bench/services/postgres.ts';
import { findRedis } from '../../../scripts/bench/services/redis.ts';
import { ROOT, tmpDir } from './helpers.ts';

const world = worldNumbers();
const servers: net.Server[] = [];
after(() => servers.forEach((s) => s.close()));

interface Faults {
  /** db: answer this randomNumber instead of the row's. */
  wrongNumber?: boolean;
  /** db: add a key. */
  extraKey?: boolean;
  /** queries: no clamping (0 → 0 rows, 501 → 501). */
  noClamp?: boolean;
  /** queries, db: always id 42. */
  fixedId?: boolean;
  /** repeated: read the row once and repeat it (one query instead of count). */
  oneQuery?: boolean;
  /** repeated: count different rows. */
  differentRows?: boolean;
  /** cached: never touch the cache. */
  noCache?: boolean;
  /** cached: store without expiry. */
  noExpiry?: boolean;
  /** fortunes: sorted by id. */
  badOrder?: boolean;
  /** fortunes: not escaped. */
  unescaped?: boolean;
  /** no Server header. */
  noServer?: boolean;
}

interface Fake {
  port: number;
  ctx: StackContext;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A fake stack answering the five database tests, breaking the given rules. */
async function fakeStack(f: Faults = {}): Promise<Fake> {
  let scans = 0;
  let lookups = 0;
  const cache = new Map<string, { value: string; ttl: number }>();
  const read = (id: number) => {
    scans++;
    return { id, randomNumber: f.wrongNumber ? world[id]! + 1 : world[id]! };
  };
  const randomId = () => (f.fixedId ? 42 : 1 + Math.floor(Math.random() * WORLD_ROWS));
  const clamp = (text: string | null) => {
    const n = Number.parseInt(text ?? '', 10);
    if (f.noClamp) return Number.isNaN(n) ? 1 : n;
    return Number.isNaN(n) ? 1 : Math.min(500, Math.max(1, n));
  };
  const answer = (url: URL): [string, string] | null => {
    switch (url.pathname) {
      case '/db':
        return ['application/json', JSON.stringify(f.extraKey ? { ...read(randomId()), name: 'x' } : read(randomId()))];
      case '/queries':
        return ['application/json', JSON.stringify(Array.from({ length: clamp(url.searchParams.get('queries')) }, () => read(randomId())))];
      case '/repeated': {
        const n = clamp(url.searchParams.get('count'));
        const id = randomId();
        if (f.oneQuery) {
          const row = read(id);
          return ['application/json', JSON.stringify(Array.from({ length: n }, () => row))];
        }
        return ['application/json', JSON.stringify(Array.from({ length: n }, (_, i) => read(f.differentRows ? 1 + ((id + i) % WORLD_ROWS) : id)))];
      }
      case '/cached': {
        const n = clamp(url.searchParams.get('count'));
        const id = randomId();
        const rows = [];
        for (let i = 0; i < n; i++) {
          if (f.noCache) {
            rows.push(read(id));
            continue;
          }
          lookups++;
          const hit = cache.get(`world:${id}`);
          if (hit) rows.push(JSON.parse(hit.value) as unknown);
          else {
            const row = read(id);
            cache.set(`world:${id}`, { value: JSON.stringify(row), ttl: f.noExpiry ? -1 : 60 });
            rows.push(row);
          }
        }
        return ['application/json', JSON.stringify(rows)];
      }
      case '/fortunes': {
        const rows = f.badOrder ? [...FORTUNES, { id: 0, message: 'Additional fortune added at request time.' }].sort((a, b) => a.id - b.id) : sortedFortunes();
        const cell = f.unescaped ? (s: string) => s : escape;
        return ['text/html; charset=utf-8', `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>${rows.map((r) => `<tr><td>${r.id}</td><td>${cell(r.message)}</td></tr>`).join('')}</table></body></html>`];
      }
      default:
        return url.pathname === '/' ? ['text/plain', 'Welcome!\n'] : null;
    }
  };
  const server = http.createServer((req, res) => {
    if (!f.noServer) res.setHeader('server', 'fake');
    const hit = answer(new URL(req.url!, 'http://x'));
    if (!hit) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': hit[0] }).end(hit[1]);
  });
  servers.push(server);
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  const ctx: StackContext = {
    world,
    worldScans: async () => scans,
    redis: {
      get: async (key) => cache.get(key)?.value ?? null,
      ttl: async (key) => cache.get(key)?.ttl ?? -2,
      lookups: async () => lookups,
    },
    http: loadExpectations(path.join(ROOT, 'bench', 'data')),
    timeoutMs: 5000,
    statsWaitMs: 300,
  };
  return { port, ctx };
}

async function verify(t: StackTest, f: Faults = {}) {
  const { port, ctx } = await fakeStack(f);
  return (await verifyStackTest(port, t, ctx)).verification;
}

test('a correct stack passes every database test, with the checks named', async () => {
  for (const t of ['db', 'queries', 'fortunes', 'repeated', 'cached'] as const) {
    const v = await verify(t);
    assert.equal(v.passed, true, `${t}: ${v.detail}`);
    assert.ok(v.checks.some((c) => c.includes('keep-alive')), `${t} also gets the HTTP checks`);
  }
  const db = await verify('db');
  assert.ok(db.checks.some((c) => /PostgreSQL counted at least 1 query/.test(c)));
  const cached = await verify('cached');
  assert.ok(cached.checks.some((c) => /Redis holds world:<id>/.test(c)));
});

test('db: a wrong randomNumber, an extra key, a fixed id and a missing Server header fail', async () => {
  assert.match((await verify('db', { wrongNumber: true })).detail!, /row \d+ has randomNumber \d+ in the database, the answer says \d+/);
  assert.match((await verify('db', { extraKey: true })).detail!, /keys "id", "name", "randomNumber"; expected exactly "id" and "randomNumber"/);
  assert.match((await verify('db', { fixedId: true })).detail!, /all answered id 42; pick a random id/);
  assert.match((await verify('db', { noServer: true })).detail!, /no Server header/);
});

test('queries: no clamping and one id for every row fail', async () => {
  const v = await verify('queries', { noClamp: true });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /GET \/queries\?queries=0 answered 0 rows, expected 1/);
  assert.match(v.detail!, /GET \/queries\?queries=501 answered 501 rows, expected 500/);
  assert.match((await verify('queries', { fixedId: true })).detail!, /all 20 rows have id 42; each query must pick its own random id/);
});

test('fortunes: a wrong order and an unescaped <script> fortune fail with clear messages', async () => {
  assert.match((await verify('fortunes', { badOrder: true })).detail!, /not sorted by message: the ids come in the order 0, 1, 2/);
  assert.match((await verify('fortunes', { unescaped: true })).detail!, /fortune 11 is not HTML-escaped: the page contains a live <script> tag/);
});

test('repeated: one query for all rows, and different rows, fail', async () => {
  assert.match((await verify('repeated', { oneQuery: true })).detail!, /PostgreSQL counted 3 queries on world for 3 requests of \/repeated\?count=40; expected at least 120/);
  assert.match((await verify('repeated', { differentRows: true })).detail!, /the 40 rows are not the same row/);
});

test('cached: a stack that skips Redis, or stores without expiry, fails', async () => {
  const v = await verify('cached', { noCache: true });
  assert.match(v.detail!, /Redis has no key world:\d+/);
  assert.match(v.detail!, /Redis counted 0 lookups for 3 requests/);
  assert.match((await verify('cached', { noExpiry: true })).detail!, /has no expiry; set it with EX 60/);
});

test('the fortunes normal form is TechEmpower\'s: equivalent escapes and layouts pass', () => {
  assert.equal(normalizeFortunes(expectedFortunes()), expectedFortunes());
  const rows = sortedFortunes();
  // Numeric references, &mdash;, upper-case tags, attributes, indentation and a <meta> tag.
  const page = `<!DOCTYPE html>\n<HTML lang="en">\n  <head><meta charset="utf-8"><title>Fortunes</title></head>\n  <body>\n   <table class="t">\n    <tr><th>id</th><th>message</th></tr>\n${rows
    .map((r) => `    <tr><td>${r.id}</td><td>${r.message.replace(/&/g, '&amp;').replace(/</g, '&#60;').replace(/>/g, '&#x3e;').replace(/"/g, '&#34;').replace(/'/g, '&#x27;').replace(/—/g, '&mdash;')}</td></tr>`)
    .join('\n')}\n   </table>\n  </body>\n</HTML>`;
  assert.equal(fortunesProblem(page), null);
  assert.match(fortunesProblem(page.replace('<td>0</td><td>Additional fortune added at request time.</td>', ''))!, /added at request time \(id 0/);
  assert.match(fortunesProblem(page.replace('<td>4</td>', '<td> 4 </td>'))!, /fortune 4 is missing|differs/);
});

test('rows: only {"id","randomNumber"} integers of the seeded row pass', () => {
  assert.deepEqual(rowProblems({ id: 7, randomNumber: world[7] }, world, 'r'), []);
  assert.match(rowProblems({ id: '7', randomNumber: world[7] }, world, 'r')[0]!, /JSON integers/);
  assert.match(rowProblems({ id: 0, randomNumber: 1 }, world, 'r')[0]!, /outside 1\.\.10000/);
  assert.match(rowProblems({ id: 7, randomnumber: world[7] }, world, 'r')[0]!, /expected exactly "id" and "randomNumber"/);
});

test('the seeded data: 10,000 rows from a fixed seed, numbers in 1..10000, TechEmpower\'s 12 fortunes', () => {
  const again = worldNumbers();
  assert.deepEqual(again, world, 'the same seed gives the same rows');
  for (let id = 1; id <= WORLD_ROWS; id++) assert.ok(world[id]! >= 1 && world[id]! <= WORLD_ROWS);
  assert.ok(new Set(world.slice(1)).size > 6000, 'the numbers are spread');
  assert.equal(FORTUNES.length, 12);
  const sql = seedSql();
  assert.match(sql, /^1\t\d+$/m);
  assert.match(sql, /^11\t<script>alert\("This should not be displayed in a browser alert box\."\);<\/script>$/m);
  assert.equal(sql.split('\n').filter((l) => /^\d+\t\d+$/.test(l)).length, WORLD_ROWS);
});

test('a machine without PostgreSQL or Redis: the cells are skipped with the apt-get command', () => {
  const empty = tmpDir();
  const pg = findPostgres({}, empty);
  assert.ok('missing' in pg);
  assert.equal(pg.missing.fix, 'apt-get install -y postgresql');
  assert.match(pg.missing.reason, /PostgreSQL server not found/);
  const redis = findRedis({ PATH: empty });
  assert.ok('missing' in redis);
  assert.equal(redis.missing.fix, 'apt-get install -y redis-server');
  const explicit = findPostgres({ DIEZMIL_PG_BIN: empty });
  assert.deepEqual(explicit, { bin: empty }, 'an explicit folder is used as given (a wrong one fails at start, with the reason)');
});
