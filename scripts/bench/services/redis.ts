/**
 * Redis for the web-stack suite's `cached` test: Debian's `redis-server`, on
 * its own free port on 127.0.0.1, no persistence (no RDB snapshots, no AOF),
 * its directory private in the run's work folder. Defaults otherwise; the
 * settings that matter are read back with CONFIG GET and recorded.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Service } from '../../../src/schemas/run.ts';
import { pinned } from '../cpus.ts';
import { freePort } from '../ports.ts';
import { commandOutput } from '../processes.ts';
import type { Missing } from '../requirements.ts';
import { redisInfo, respCommand } from './resp.ts';
import { serviceRecord, startService, stopService, type RunningService } from './service.ts';

const REDIS_INSTALL = 'apt-get install -y redis-server';
const RECORDED = ['maxmemory', 'maxmemory-policy', 'save', 'appendonly', 'io-threads', 'hz', 'databases'];

/** The redis-server binary ($DIEZMIL_REDIS_SERVER, or the one on PATH), or why there is none. */
export function findRedis(env: NodeJS.ProcessEnv = process.env): { bin: string } | { missing: Missing } {
  const explicit = env['DIEZMIL_REDIS_SERVER'];
  if (explicit) return { bin: path.resolve(explicit) };
  const found = commandOutput(['sh', '-c', 'command -v redis-server'], undefined, env as Record<string, string>);
  const bin = found?.ok ? found.output.trim() : '';
  if (bin && existsSync(bin)) return { bin };
  return { missing: { tool: 'Redis', reason: 'redis-server not found', fix: REDIS_INSTALL } };
}

export interface Redis {
  service: RunningService;
  dir: string;
  port: number;
  version: string | null;
  settings: Record<string, string>;
}

/**
 * `listen`: the addresses to bind (default loopback only). Protected mode
 * refuses every non-loopback client of a password-less Redis, so it is off
 * only when a database host serves stacks on another host: then Redis binds
 * loopback and that host's benchmark-network address, no other interface (it
 * holds only the benchmark's throwaway cache, and is stopped after the run).
 */
export async function startRedis(o: { bin: string; dir: string; cpus: string | null; timeoutSeconds: number; listen?: readonly string[] }): Promise<Redis | { error: string }> {
  let port: number;
  try {
    port = await freePort();
  } catch (e) {
    return { error: `Redis could not be started: ${(e as Error).message}` };
  }
  mkdirSync(o.dir, { recursive: true });
  const argv = pinned(
    [o.bin, '--bind', ...(o.listen ?? ['127.0.0.1']), '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', o.dir, '--daemonize', 'no', '--logfile', '', '--protected-mode', (o.listen ?? []).some((a) => a !== '127.0.0.1') ? 'no' : 'yes'],
    o.cpus,
  );
  const started = await startService({
    name: 'Redis',
    argv,
    cwd: o.dir,
    port,
    cpus: o.cpus,
    timeoutSeconds: o.timeoutSeconds,
    ready: async () => (await respCommand(port, ['PING'], 2000)) === 'PONG',
  });
  if ('error' in started) return { error: `Redis could not be started: ${started.error}` };
  const redis: Redis = { service: started.service, dir: o.dir, port, version: null, settings: {} };
  try {
    const info = await redisInfo(port, 'server');
    const v = info.get('redis_version');
    redis.version = v ? `Redis ${v}` : null;
    for (const key of RECORDED) {
      const reply = await respCommand(port, ['CONFIG', 'GET', key]);
      if (Array.isArray(reply) && typeof reply[1] === 'string') redis.settings[key] = reply[1];
    }
  } catch {
    /* recorded as far as it went */
  }
  return redis;
}

export async function stopRedis(r: Redis): Promise<void> {
  await stopService(r.service, 5000);
}

/** `GET`s and `SET`s Redis has answered so far: keyspace hits + misses. */
export async function redisLookups(port: number, host = '127.0.0.1'): Promise<number | null> {
  try {
    const stats = await redisInfo(port, 'stats', host);
    const hits = Number(stats.get('keyspace_hits'));
    const misses = Number(stats.get('keyspace_misses'));
    return Number.isFinite(hits) && Number.isFinite(misses) ? hits + misses : null;
  } catch {
    return null;
  }
}

export function redisRecord(r: Redis): Service {
  return serviceRecord(r.service, 'redis', r.version, r.settings);
}
