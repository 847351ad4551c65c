// Diez Mil web-stack server: node:http, one process per core with
// node:cluster, PostgreSQL through the TypeORM ORM (on pg), HTML through EJS.
// Run directly by Node 24 (type stripping): node server.ts <port> <workers>;
// PostgreSQL comes from DIEZMIL_PG_URL (bench/stack/README.md).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import ejs from 'ejs';
import { DataSource, EntitySchema } from 'typeorm';

interface World {
  id: number;
  randomNumber: number;
}

interface Fortune {
  id: number;
  message: string;
}

// Entities described with EntitySchema, TypeORM's way without decorators
// (Node's type stripping runs no decorator transform).
const WorldEntity = new EntitySchema<World>({
  name: 'World',
  tableName: 'world',
  columns: {
    id: { type: 'integer', primary: true },
    randomNumber: { type: 'integer', name: 'randomnumber' },
  },
});

const FortuneEntity = new EntitySchema<Fortune>({
  name: 'Fortune',
  tableName: 'fortune',
  columns: {
    id: { type: 'integer', primary: true },
    message: { type: 'varchar', length: 2048 },
  },
});

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

/** `?queries=`: clamped to 1..500; missing or not a number gives 1. */
function clampCount(value: string | null): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isNaN(n) ? 1 : Math.min(Math.max(n, 1), 500);
}

async function serve(): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: requiredEnv('DIEZMIL_PG_URL'),
    entities: [WorldEntity, FortuneEntity],
    poolSize: CONNECTIONS_PER_WORKER,
  });
  await dataSource.initialize();
  const worlds = dataSource.getRepository(WorldEntity);
  const fortunes = dataSource.getRepository(FortuneEntity);
  // EJS escapes every <%= %> output (& < > " ').
  const fortunesTemplate = ejs.compile(readFileSync(new URL('fortunes.ejs', import.meta.url), 'utf8'));

  const world = async (id: number): Promise<World> => {
    const found = await worlds.findOneBy({ id });
    if (!found) throw new Error(`world ${id} not found`);
    return found;
  };

  const send = (res: ServerResponse, status: number, contentType: string, body: string) => {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const json = (res: ServerResponse, value: unknown) => send(res, 200, 'application/json', JSON.stringify(value));

  const routes: Record<string, (params: URLSearchParams, res: ServerResponse) => Promise<void>> = {
    '/db': async (_params, res) => json(res, await world(randomId())),
    '/queries': async (params, res) => {
      const found: World[] = [];
      for (let i = clampCount(params.get('queries')); i > 0; i--) found.push(await world(randomId()));
      json(res, found);
    },
    '/fortunes': async (_params, res) => {
      const all = await fortunes.find();
      all.push({ id: 0, message: 'Additional fortune added at request time.' });
      all.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
      send(res, 200, 'text/html; charset=utf-8', fortunesTemplate({ fortunes: all }));
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
    void dataSource.destroy().finally(() => process.exit(0));
  });
}
