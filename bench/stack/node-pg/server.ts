// Diez Mil web-stack server: node:http, one process per core with
// node:cluster, PostgreSQL through pg (pg.Pool), Redis through node-redis,
// HTML through EJS. Run directly by Node 24 (type stripping):
// node server.ts <port> <workers>; PostgreSQL and Redis come from
// DIEZMIL_PG_URL and DIEZMIL_REDIS_URL (bench/stack/README.md).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import ejs from 'ejs';
import pg from 'pg';
import { createClient } from 'redis';

interface World {
  id: number;
  randomNumber: number;
}

interface Fortune {
  id: number;
  message: string;
}

const SELECT_WORLD = 'SELECT id, randomnumber FROM world WHERE id = $1';
const SELECT_FORTUNES = 'SELECT id, message FROM fortune';
const CACHE_TTL_SECONDS = 60;
// Each process is one event loop, an async server in the contract's sense:
// up to four connections per worker (bench/stack/README.md).
const CONNECTIONS_PER_WORKER = 4;

const port = Number(process.argv[2] ?? 8080);
const workers = Number(process.argv[3] ?? 1);

if (cluster.isPrimary) {
  let shuttingDown = false;
  const shutdown = (code: number) => {
    shuttingDown = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(wait);
        process.exit(code);
      }
    }, 20);
  };
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (!shuttingDown) {
      console.error(`worker ${worker.process.pid} died (${signal ?? code}); stopping`);
      shutdown(1);
    }
  });
} else {
  await serve();
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see bench/stack/README.md)`);
  return value;
}

const randomId = (): number => 1 + Math.floor(Math.random() * 10_000);

/** `?queries=` and `?count=`: clamped to 1..500; missing or not a number gives 1. */
function clampCount(value: string | null): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isNaN(n) ? 1 : Math.min(Math.max(n, 1), 500);
}

async function serve(): Promise<void> {
  const db = new pg.Pool({ connectionString: requiredEnv('DIEZMIL_PG_URL'), max: CONNECTIONS_PER_WORKER });
  const cache = createClient({ url: requiredEnv('DIEZMIL_REDIS_URL') });
  await cache.connect();
  // EJS escapes every <%= %> output (& < > " ').
  const fortunesTemplate = ejs.compile(readFileSync(new URL('fortunes.ejs', import.meta.url), 'utf8'));

  const world = async (id: number): Promise<World> => {
    const { rows } = await db.query(SELECT_WORLD, [id]);
    return { id: rows[0].id, randomNumber: rows[0].randomnumber };
  };

  /** Read-through cache: Redis first, PostgreSQL on a miss (then stored for 60 s). */
  const cachedWorld = async (id: number): Promise<World> => {
    const key = `world:${id}`;
    const hit = await cache.get(key);
    if (hit !== null) return JSON.parse(hit) as World;
    const row = await world(id);
    await cache.set(key, JSON.stringify(row), { expiration: { type: 'EX', value: CACHE_TTL_SECONDS } });
    return row;
  };

  const send = (res: ServerResponse, status: number, contentType: string, body: string) => {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const json = (res: ServerResponse, value: unknown) => send(res, 200, 'application/json', JSON.stringify(value));

  const routes: Record<string, (params: URLSearchParams, res: ServerResponse) => Promise<void>> = {
    '/db': async (_params, res) => json(res, await world(randomId())),
    '/queries': async (params, res) => {
      const worlds: World[] = [];
      for (let i = clampCount(params.get('queries')); i > 0; i--) worlds.push(await world(randomId()));
      json(res, worlds);
    },
    '/fortunes': async (_params, res) => {
      const { rows } = await db.query<Fortune>(SELECT_FORTUNES);
      rows.push({ id: 0, message: 'Additional fortune added at request time.' });
      rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
      send(res, 200, 'text/html; charset=utf-8', fortunesTemplate({ fortunes: rows }));
    },
    '/repeated': async (params, res) => {
      const id = randomId();
      const worlds: World[] = [];
      for (let i = clampCount(params.get('count')); i > 0; i--) worlds.push(await world(id));
      json(res, worlds);
    },
    '/cached': async (params, res) => {
      const id = randomId();
      const worlds: World[] = [];
      for (let i = clampCount(params.get('count')); i > 0; i--) worlds.push(await cachedWorld(id));
      json(res, worlds);
    },
  };

  // node:http sends Date, keeps HTTP/1.1 connections alive and leaves the body
  // out of HEAD responses; the Server header is the application's to set.
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Server', 'node');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) return send(res, 404, 'text/plain', 'Not Found\n');
    route(url.searchParams, res).catch((err: Error) => send(res, 500, 'text/plain', `${err.message}\n`));
  });
  // DIEZMIL_BIND: the server host's address when the load generator runs on another machine (--hosts).
  server.listen(port, process.env['DIEZMIL_BIND'] ?? '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled([db.end(), cache.close()]).then(() => process.exit(0));
  });
}
