/**
 * The rules each test of the web-stack suite is checked by before any load
 * (each test's type, in http/test-types/, applies them), TechEmpower's rules (toolset/test_types/verifications.py and
 * fortune_html_parser.py), made exact where the runner can be: it seeded the
 * database, so every row's randomNumber is known. Beside the body, every
 * answer gets the HTTP checks of verify.ts (keep-alive, Server, Date, HEAD).
 *
 * - db: one JSON object, keys exactly `id` and `randomNumber`, id in
 *   1..10000, randomNumber that row's; ids differ between requests.
 * - queries: a JSON array of N such objects, N clamped to 1..500
 *   (`queries=0`, `=foo`, `=501` and no parameter are tried), ids random.
 * - fortunes: the 13 rows, sorted, HTML-escaped, in TechEmpower's layout,
 *   compared after their normalisation (whitespace between tags, equivalent
 *   character references).
 * - repeated, cached: `count` identical correct rows; cached: `world:<id>`
 *   holds the row's JSON in Redis with a TTL of at most 60 s afterwards.
 * - Query counts, as TechEmpower checks them: PostgreSQL's statistics must
 *   show at least one query on `world` per row answered (db, queries,
 *   repeated), and Redis at least `count` lookups per cached request.
 */
import type { STACK_TESTS, Verification } from '../../src/schemas/run.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpGet, type HttpResponse } from './http-client.ts';
import { sortedFortunes, WORLD_ROWS } from './services/data.ts';
import type { Expectation, HttpTest } from './verify.ts';

export type StackTest = (typeof STACK_TESTS)[number];
/** The web-stack tests that read the database (the others are the HTTP suite's). */
export type DbTest = Exclude<StackTest, HttpTest>;

/** Rows a `queries` request asks for. */
export const QUERIES = 20;
/** Reads of one row in a `repeated` or `cached` request. */
export const COUNT = 40;

/** What the verifier may ask the services; null where it cannot (the check is then skipped with a note). */
export interface StackContext {
  /** randomnumber of every world row by id, as seeded. */
  world: Int32Array;
  /** Queries on `world` PostgreSQL has counted so far. */
  worldScans: () => Promise<number | null>;
  redis: {
    /** The key's value, or null when it is absent; undefined when Redis cannot be asked. */
    get(key: string): Promise<string | null | undefined>;
    /** Remaining time to live in seconds (-1 none, -2 absent); null when Redis cannot be asked. */
    ttl(key: string): Promise<number | null>;
    /** Keyspace lookups (hits + misses) so far. */
    lookups(): Promise<number | null>;
  } | null;
  /** The five HTTP tests' expectations (bench/data). */
  http: Record<HttpTest, Expectation>;
  timeoutMs?: number;
  /** How long PostgreSQL may take to publish its statistics (a backend flushes them at most once a second). */
  statsWaitMs?: number;
}

const JSON_TYPE = /^application\/json(;\s?charset=utf-8)?$/i;
/** Requests per extra check (query counts, randomness). */
const SAMPLES = 3;

export function short(s: string, n = 80): string {
  return JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);
}

// ------------------------------------------------------------------ rows

/** Problems with one `{"id":N,"randomNumber":M}` object. */
export function rowProblems(value: unknown, world: Int32Array, where: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} is ${short(JSON.stringify(value) ?? String(value), 40)}, not a JSON object {"id":N,"randomNumber":M}`];
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== 'id,randomNumber') {
    return [`${where} has the keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}; expected exactly "id" and "randomNumber" (the column randomnumber renamed, nothing else)`];
  }
  const { id, randomNumber } = value as { id: unknown; randomNumber: unknown };
  if (!Number.isInteger(id) || !Number.isInteger(randomNumber)) {
    return [`${where}: id and randomNumber must be JSON integers, got ${JSON.stringify(value)}`];
  }
  const n = id as number;
  if (n < 1 || n > WORLD_ROWS) return [`${where}: id ${n} is outside 1..${WORLD_ROWS}`];
  if (randomNumber !== world[n]) return [`${where}: row ${n} has randomNumber ${world[n]} in the database, the answer says ${randomNumber as number}`];
  return [];
}

function parseJson(res: HttpResponse): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(res.body.toString('utf8')) };
  } catch (e) {
    return { problem: `the body is not JSON (${(e as Error).message}): ${short(res.body.toString('utf8'))}` };
  }
}

export function statusAndType(res: HttpResponse, type: RegExp, typeText: string, what: string): string[] {
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`${what} answered status ${res.status}, expected 200${res.body.length > 0 ? `: ${short(res.body.toString('utf8'))}` : ''}`);
  else if (!type.test((res.contentType ?? '').trim())) problems.push(`${what} has content type ${res.contentType === null ? '(none)' : JSON.stringify(res.contentType)}, expected ${typeText}`);
  return problems;
}

/** The rows of a db answer (one object) or a list answer (an array of `expected` objects), with their problems. */
export function checkRows(res: HttpResponse, what: string, world: Int32Array, expected: number | 'object'): { rows: Array<{ id: number; randomNumber: number }>; problems: string[] } {
  const problems = statusAndType(res, JSON_TYPE, 'application/json', what);
  if (problems.length > 0) return { rows: [], problems };
  const parsed = parseJson(res);
  if ('problem' in parsed) return { rows: [], problems: [`${what}: ${parsed.problem}`] };
  let items: unknown[];
  if (expected === 'object') {
    if (Array.isArray(parsed.value)) return { rows: [], problems: [`${what} answered a JSON array; expected one object {"id":N,"randomNumber":M}`] };
    items = [parsed.value];
  } else {
    if (!Array.isArray(parsed.value)) return { rows: [], problems: [`${what} answered ${short(JSON.stringify(parsed.value), 40)}; expected a JSON array of ${expected} objects (an array even for one row)`] };
    items = parsed.value;
    if (items.length !== expected) problems.push(`${what} answered ${items.length} rows, expected ${expected}`);
  }
  let bad = 0;
  items.forEach((item, i) => {
    if (bad >= 3) return;
    const p = rowProblems(item, world, expected === 'object' ? what : `${what}, row ${i + 1}`);
    if (p.length > 0) bad++;
    problems.push(...p);
  });
  const rows = problems.length === 0 ? (items as Array<{ id: number; randomNumber: number }>) : [];
  return { rows, problems };
}

// ------------------------------------------------------------------ fortunes

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const CHARREFS: Record<number, string> = { 34: '&quot;', 39: '&apos;', 43: '+', 62: '&gt;', 60: '&lt;', 47: '/', 40: '(', 41: ')' };
const IGNORED_TAGS = new Set(['<meta>', '</meta>', '<link>', '</link>', '<script>', '</script>', '<thead>', '</thead>', '<tbody>', '</tbody>']);

/** TechEmpower's valid fortunes page, in the normal form of `normalizeFortunes`. */
export function expectedFortunes(): string {
  const rows = sortedFortunes().map((f) => `<tr><td>${f.id}</td><td>${f.message.replace(/[&<>"']/g, (c) => ESCAPES[c]!)}</td></tr>\n`);
  return `<!doctype html><html>\n<head><title>Fortunes</title></head>\n<body><table>\n<tr><th>id</th><th>message</th></tr>\n${rows.join('')}</table></body></html>`;
}

/**
 * TechEmpower's normal form of a fortunes page (FortuneHTMLParser): tags
 * without attributes, lower case; whitespace-only text dropped; quotes,
 * apostrophes and `>` in text as entities; equivalent character references
 * made one; the content of <script> and the tags meta, link, thead, tbody
 * left out; a newline after <html>, <table>, </head> and every </tr>.
 * Numeric references TechEmpower does not list are decoded rather than
 * dropped.
 */
export function normalizeFortunes(html: string): string {
  const out: string[] = [];
  let ignoring = false;
  const append = (item: string) => {
    ignoring = item === '<script>' || (ignoring && item !== '</script>');
    if (!ignoring && !IGNORED_TAGS.has(item)) out.push(item);
  };
  const data = (text: string) => {
    if (text.trim() !== '') append(text.replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/>/g, '&gt;'));
  };
  let i = 0;
  while (i < html.length) {
    const rest = html.slice(i);
    if (rest.startsWith('<!--')) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
    } else if (rest.startsWith('<!')) {
      const end = html.indexOf('>', i);
      append(`<!${html.slice(i + 2, end < 0 ? html.length : end).toLowerCase()}>`);
      i = end < 0 ? html.length : end + 1;
    } else if (/^<\/[a-zA-Z]/.test(rest)) {
      const end = html.indexOf('>', i);
      const name = /^<\/([a-zA-Z][^\s/>]*)/.exec(rest)![1]!.toLowerCase();
      append(`</${name}>`);
      if (name === 'tr' || name === 'head') append('\n');
      i = end < 0 ? html.length : end + 1;
    } else if (/^<[a-zA-Z]/.test(rest)) {
      const name = /^<([a-zA-Z][^\s/>]*)/.exec(rest)![1]!.toLowerCase();
      let j = i + 1 + name.length;
      let quote: string | null = null;
      while (j < html.length && (quote !== null || html[j] !== '>')) {
        const c = html[j]!;
        if (quote !== null) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        j++;
      }
      const selfClosing = html[j - 1] === '/';
      i = j + 1;
      append(`<${name}>`);
      if (name === 'table' || name === 'html') append('\n');
      if (selfClosing) append(`</${name}>`);
      else if (name === 'script' || name === 'style') {
        // Raw text up to the closing tag, as an HTML parser reads it.
        const close = html.toLowerCase().indexOf(`</${name}`, i);
        data(html.slice(i, close < 0 ? html.length : close));
        i = close < 0 ? html.length : close;
      }
    } else if (rest.startsWith('&')) {
      const num = /^&#([0-9]+|[xX][0-9a-fA-F]+);?/.exec(rest);
      const named = /^&([a-zA-Z][-.a-zA-Z0-9]*);?/.exec(rest);
      if (num) {
        const code = /^[xX]/.test(num[1]!) ? Number.parseInt(num[1]!.slice(1), 16) : Number.parseInt(num[1]!, 10);
        const known = CHARREFS[code];
        if (known !== undefined) append(known);
        else if (code > 0 && code <= 0x10ffff) data(String.fromCodePoint(code));
        i += num[0].length;
      } else if (named) {
        append(named[1] === 'mdash' ? '—' : `&${named[1]};`);
        i += named[0].length;
      } else {
        data('&');
        i += 1;
      }
    } else {
      const next = html.slice(i + 1).search(/[<&]/);
      const end = next < 0 ? html.length : i + 1 + next;
      data(html.slice(i, end));
      i = end;
    }
  }
  return out.join('');
}

/** The rows (id, message as normalised) of a normalised fortunes page. */
function fortuneRows(normal: string): Array<{ id: string; message: string }> {
  return [...normal.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => ({ id: m[1]!, message: m[2]! }));
}

/** Why a fortunes page is wrong, in words a stack's author can act on; null when it is right. */
export function fortunesProblem(body: string): string | null {
  const got = normalizeFortunes(body);
  const want = expectedFortunes();
  if (got === want) return null;
  if (/<script[\s>]/i.test(body) && /alert\(/i.test(body)) {
    return 'fortune 11 is not HTML-escaped: the page contains a live <script> tag; render every message through the template engine with HTML escaping on (it must read &lt;script&gt;…)';
  }
  const rows = fortuneRows(got);
  const wantRows = fortuneRows(want);
  const ids = rows.map((r) => r.id);
  const wantIds = wantRows.map((r) => r.id);
  if (!ids.includes('0')) return `the fortune added at request time (id 0, "Additional fortune added at request time.") is missing`;
  if (rows.length !== wantRows.length) return `the table has ${rows.length} fortune rows, expected ${wantRows.length} (the 12 of the database and the one added at request time)`;
  for (const w of wantRows) {
    const r = rows.find((x) => x.id === w.id);
    if (!r) return `fortune ${w.id} is missing`;
    if (r.message !== w.message) return `fortune ${w.id} reads ${short(r.message)} after normalisation, expected ${short(w.message)}`;
  }
  if (ids.join(',') !== wantIds.join(',')) {
    return `the fortunes are not sorted by message: the ids come in the order ${ids.join(', ')}; expected ${wantIds.join(', ')} (sort by message after adding fortune 0)`;
  }
  let at = 0;
  while (at < got.length && got[at] === want[at]) at++;
  return `the page differs from TechEmpower's layout after normalisation at character ${at}: ${short(got.slice(at, at + 60))} where ${short(want.slice(at, at + 60))} was expected (see bench/stack/README.md)`;
}

// ------------------------------------------------------------------ the checks

export const asVerification = (checks: string[], problems: string[]): Verification => ({ passed: problems.length === 0, checks, detail: problems.length === 0 ? null : problems.join('; ') });

/** The first answer of repeated and cached: `count` identical correct rows. */
export function identicalRows(res: HttpResponse, world: Int32Array, path: string): Verification {
  const what = `GET ${path}`;
  const r = checkRows(res, what, world, COUNT);
  const problems = [...r.problems];
  if (r.rows.length === COUNT && new Set(r.rows.map((x) => x.id)).size !== 1) problems.push(`${what}: the ${COUNT} rows are not the same row; read one random id ${COUNT} times`);
  return asVerification([what, 'status 200, application/json', `${COUNT} identical correct rows`], problems);
}

/** Where a server under verification listens. */
export interface Target {
  port: number;
  host: string;
  timeoutMs: number;
}

/** A GET whose failure is a problem in words. */
export async function getOrProblem(target: Target, path: string): Promise<HttpResponse | { problem: string }> {
  try {
    return await httpGet(target.port, path, target.timeoutMs, target.host);
  } catch (e) {
    return { problem: `GET ${path} failed: ${(e as Error).message}` };
  }
}

/** Waits until PostgreSQL's count of queries on world reaches `target`; returns the last count. */
async function scansReach(ctx: StackContext, target: number): Promise<number | null> {
  const deadline = Date.now() + (ctx.statsWaitMs ?? 12_000);
  let last = await ctx.worldScans();
  while (last !== null && last < target && Date.now() < deadline) {
    await sleep(200);
    last = await ctx.worldScans();
  }
  return last;
}

export interface SampledRequests {
  path: string;
  /** What one answer holds: one object, or an array of this many rows. */
  rows: 'object' | number;
  /** Queries on world (or Redis lookups) one request must cause. */
  perRequest: number;
  /** Which count proves the work was done: PostgreSQL's queries on world, or Redis's lookups. */
  counter: 'world' | 'redis';
  /** Problems found after each request that answered row `id` (the cache's content), and the check it makes. */
  afterRequest?: (id: number) => Promise<string[]>;
  afterCheck?: string;
  /** Added to the fix of a query count that is short. */
  countFix?: string;
}

/**
 * The checks beyond the first answer that the row tests share: SAMPLES more
 * requests, each with correct rows, ids that differ between requests, then
 * the count of queries (PostgreSQL) or lookups (Redis) they caused, as
 * TechEmpower checks them.
 */
export async function sampledRequests(target: Target, ctx: StackContext, o: SampledRequests): Promise<{ checks: string[]; problems: string[] }> {
  const checks: string[] = [];
  const problems: string[] = [];
  const before = o.counter === 'redis' ? ((await ctx.redis?.lookups()) ?? null) : await ctx.worldScans();
  const ids: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const res = await getOrProblem(target, o.path);
    if ('problem' in res) {
      problems.push(res.problem);
      return { checks, problems };
    }
    const r = checkRows(res, `GET ${o.path} (request ${k + 2})`, ctx.world, o.rows);
    if (r.problems.length > 0) {
      problems.push(...r.problems.slice(0, 2));
      return { checks, problems };
    }
    ids.push(r.rows[0]!.id);
    if (o.afterRequest) problems.push(...(await o.afterRequest(r.rows[0]!.id)));
  }
  checks.push(`${SAMPLES} more requests: correct rows, ids differ between requests`);
  if (o.afterCheck) checks.push(o.afterCheck);
  if (new Set(ids).size === 1) problems.push(`${SAMPLES + 1} requests of ${o.path} all answered id ${ids[0]}; pick a random id (1..${WORLD_ROWS}) per request`);

  const need = before === null ? null : before + SAMPLES * o.perRequest;
  if (o.counter === 'redis') {
    const after = ctx.redis ? await ctx.redis.lookups() : null;
    if (need === null || after === null) checks.push('Redis lookups not counted (Redis could not be asked)');
    else {
      checks.push(`Redis counted at least ${o.perRequest} lookups per request`);
      if (after < need) problems.push(`Redis counted ${after - before!} lookups for ${SAMPLES} requests of ${o.path}; expected at least ${SAMPLES * o.perRequest}: each of the ${o.perRequest} reads must GET world:<id> from Redis`);
    }
  } else {
    const after = need === null ? null : await scansReach(ctx, need);
    if (need === null || after === null) checks.push('query count not checked (PostgreSQL\'s statistics could not be read)');
    else {
      checks.push(`PostgreSQL counted at least ${o.perRequest} ${o.perRequest === 1 ? 'query' : 'queries'} on world per request`);
      if (after < need) {
        problems.push(`PostgreSQL counted ${after - before!} queries on world for ${SAMPLES} requests of ${o.path}; expected at least ${SAMPLES * o.perRequest}: run one query per row${o.countFix ?? ''}`);
      }
    }
  }
  return { checks, problems };
}

/** The expectation verifyEndpoint checks the HTTP rules of a database test against (its body has its own check). */
export function dbExpectation(path: string, contentType: string): Expectation {
  return { path, contentType, body: { trimmed: '' } };
}
