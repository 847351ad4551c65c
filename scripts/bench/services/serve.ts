/**
 * The web-stack suite's services on a database host of a --hosts layout:
 * the runner starts this script there over SSH (hosts/host.ts's wrapper), it
 * starts PostgreSQL (and Redis with --redis) in a private folder with the
 * same code as a local run, listening on the host's benchmark-network
 * address, and prints one line:
 *
 *   DIEZMIL-SERVICES {"postgres":{…},"redis":{…}|null,"redis_error":…}
 *
 * or `DIEZMIL-SERVICES {"error":"…"}` when PostgreSQL could not start. It
 * then watches them: when one dies it prints `DIEZMIL-SERVICES-GONE <why>`,
 * stops the other and exits 3 (the runner fails the cells it was serving).
 * SIGTERM, SIGINT or SIGHUP — the wrapper sends SIGTERM when the SSH
 * connection closes — stop both and remove the folder. Usage:
 *
 *   node scripts/bench/services/serve.ts --dir DIR --listen ADDR
 *     --max-connections N [--cpus LIST] [--redis] [--timeout SECONDS]
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findPostgres, killClustersSync, postgresRecord, removePostgresFiles, startPostgres, stopPostgres, type Postgres } from './postgres.ts';
import { findRedis, redisRecord, startRedis, stopRedis, type Redis } from './redis.ts';
import { serviceGoneWithLog } from './service.ts';

export const READY_MARK = 'DIEZMIL-SERVICES';
export const GONE_MARK = 'DIEZMIL-SERVICES-GONE';

/** What the runner reads from the ready line. */
export interface ServicesReady {
  postgres: { port: number; version: string | null; record: ReturnType<typeof postgresRecord> };
  redis: { port: number; version: string | null; record: ReturnType<typeof redisRecord> } | null;
  /** Why Redis was asked for and did not start. */
  redis_error: string | null;
}

/** Parses the ready line out of the script's output: the services, an error, or null while neither came. */
export function parseReady(stdout: string): ServicesReady | { error: string } | null {
  const line = stdout.split('\n').find((l) => l.startsWith(`${READY_MARK} `));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(READY_MARK.length + 1)) as ServicesReady | { error: string };
  } catch (e) {
    return { error: `unreadable ready line from the services host (${(e as Error).message})` };
  }
}

/** Why the services went away, from the script's output, or null. */
export function parseGone(stdout: string): string | null {
  const at = stdout.indexOf(`${GONE_MARK} `);
  return at < 0 ? null : stdout.slice(at + GONE_MARK.length + 1).trim();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      listen: { type: 'string' },
      'max-connections': { type: 'string', default: '100' },
      cpus: { type: 'string' },
      redis: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '60' },
    },
  });
  const say = (mark: string, body: string) => process.stdout.write(`${mark} ${body}\n`);
  if (!values.dir || !values.listen) {
    say(READY_MARK, JSON.stringify({ error: 'serve.ts needs --dir and --listen (it is started by the runner; see the comment at its top)' }));
    return 2;
  }
  const dir = path.resolve(values.dir);
  const listen = [...new Set(['127.0.0.1', values.listen])];
  const cpus = values.cpus ?? null;
  const timeoutSeconds = Number(values.timeout);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root

  let pg: Postgres | null = null;
  let redis: Redis | null = null;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    if (redis) await stopRedis(redis).catch(() => {});
    if (pg) {
      await stopPostgres(pg).catch(() => {});
      removePostgresFiles(pg);
    }
    killClustersSync();
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  };
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((res) => (done = res));
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void stopAll().then(() => done(0)));

  const found = findPostgres();
  if ('missing' in found) {
    say(READY_MARK, JSON.stringify({ error: `${found.missing.reason} on the database host (fix: ${found.missing.fix})` }));
    await stopAll();
    return 1;
  }
  const started = await startPostgres({ bin: found.bin, dir: path.join(dir, 'pg'), cpus, maxConnections: Number(values['max-connections']), timeoutSeconds, listen });
  if ('error' in started) {
    say(READY_MARK, JSON.stringify({ error: started.error }));
    await stopAll();
    return 1;
  }
  pg = started;
  let redisError: string | null = null;
  if (values.redis) {
    const bin = findRedis();
    const r = 'bin' in bin ? await startRedis({ bin: bin.bin, dir: path.join(dir, 'redis'), cpus, timeoutSeconds, listen }) : { error: `${bin.missing.reason} on the database host (fix: ${bin.missing.fix})` };
    if ('error' in r) redisError = r.error;
    else redis = r;
  }
  if (stopping) return finished;
  const ready: ServicesReady = {
    postgres: { port: pg.port, version: pg.version, record: postgresRecord(pg) },
    redis: redis ? { port: redis.port, version: redis.version, record: redisRecord(redis) } : null,
    redis_error: redisError,
  };
  say(READY_MARK, JSON.stringify(ready));

  // Watch: a service that dies takes the other down with it, and the runner hears why.
  const watch = setInterval(() => {
    if (stopping) return;
    const gone = (pg && serviceGoneWithLog(pg.service)) ?? (redis && serviceGoneWithLog(redis.service));
    // Orphaned (the wrapper was killed outright): nobody will stop us, so stop.
    const orphaned = process.ppid === 1 ? 'the runner’s connection is gone' : null;
    if (!gone && !orphaned) return;
    clearInterval(watch);
    if (gone) say(GONE_MARK, gone.replaceAll('\n', ' / '));
    void stopAll().then(() => done(gone ? 3 : 0));
  }, 200);
  return finished;
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stdout.write(`${READY_MARK} ${JSON.stringify({ error: `the services host failed: ${(e as Error).message}` })}\n`);
      killClustersSync();
      process.exit(1);
    },
  );
}
