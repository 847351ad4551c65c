/**
 * PostgreSQL and Redis as the web-stack suite sees them, wherever they run:
 * on this machine (started in-process; a service that dies is restarted) or
 * on the database host of a --hosts layout (started there by serve.ts over
 * SSH; a service that dies there fails the cells it was serving, since the
 * database host's cluster cannot be restarted from here). The suite reads
 * addresses, records and liveness from this one interface.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Service } from '../../../src/schemas/run.ts';
import type { Host, HostProcess } from '../hosts/host.ts';
import { lastLines, runCommand } from '../processes.ts';
import {
  findPostgres,
  killClustersSync,
  clustersGone,
  PG_DATABASE,
  PG_PASSWORD,
  PG_USER,
  postgresRecord,
  removePostgresFiles,
  restartPostgres,
  startPostgres,
  stopPostgres,
  worldScans,
  WORLD_SCANS_SQL,
  type Postgres,
} from './postgres.ts';
import { findRedis, redisLookups, redisRecord, startRedis, stopRedis, type Redis } from './redis.ts';
import { respCommand, type RespValue } from './resp.ts';
import { parseGone, parseReady, READY_MARK } from './serve.ts';
import { serviceGone, serviceGoneWithLog } from './service.ts';

export interface StackServices {
  /** Where the stacks (on the server host) reach PostgreSQL and Redis. */
  readonly pgHost: string;
  readonly pgPort: number;
  readonly pgSocketDir: string | null;
  readonly redisHost: string;
  /** Null when Redis was not asked for or could not start (`redisError` says why). */
  readonly redisPort: number | null;
  readonly redisError: string | null;
  /** Whether a service that died can be started again for the next test. */
  readonly restartable: boolean;
  records(): Service[];
  toolchains(): Array<{ name: string; version: string; command: string }>;
  /** Why PostgreSQL is down (with its last output when `withLog`), or null while it runs. */
  pgDown(withLog?: boolean): string | null;
  redisDown(withLog?: boolean): string | null;
  /** Starts a dead service again; the error, or null. */
  restartPg(note: string, timeoutSeconds: number): Promise<string | null>;
  restartRedis(note: string, timeoutSeconds: number): Promise<string | null>;
  /** Scans of the world table so far, for the verifier. */
  worldScans(): Promise<number | null>;
  /** One Redis command from the runner (throws when Redis does not answer). */
  redis(args: readonly string[]): Promise<RespValue>;
  redisLookups(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface ServicesOptions {
  /** A fresh folder for the services, on the machine they run on. */
  dir: string;
  cpus: string | null;
  maxConnections: number;
  redis: boolean;
  timeoutSeconds: number;
  /** Fixed PostgreSQL port ($DIEZMIL_PG_PORT, tests). */
  port?: number | undefined;
  /** The address stacks use to reach this machine's services (127.0.0.1 when they run here too). */
  reachAs: string;
}

// ------------------------------------------------------------------ here

class LocalServices implements StackServices {
  readonly restartable = true;
  readonly pgSocketDir: string;
  redisError: string | null = null;
  private pg: Postgres;
  private cache: Redis | null;
  private readonly opts: ServicesOptions;
  private readonly redisBin: string | null;
  constructor(pg: Postgres, cache: Redis | null, opts: ServicesOptions, redisBin: string | null) {
    this.pg = pg;
    this.cache = cache;
    this.opts = opts;
    this.redisBin = redisBin;
    this.pgSocketDir = pg.socketDir;
  }
  get pgHost() {
    return this.opts.reachAs;
  }
  get redisHost() {
    return this.opts.reachAs;
  }
  get pgPort() {
    return this.pg.port;
  }
  get redisPort() {
    return this.cache?.port ?? null;
  }
  records(): Service[] {
    return [postgresRecord(this.pg), ...(this.cache ? [redisRecord(this.cache)] : [])];
  }
  toolchains() {
    return [
      ...(this.pg.version ? [{ name: 'postgresql', version: this.pg.version, command: `${path.join(this.pg.bin, 'postgres')} --version` }] : []),
      ...(this.cache?.version ? [{ name: 'redis-server', version: this.cache.version, command: `${this.redisBin ?? 'redis-server'} --version` }] : []),
    ];
  }
  pgDown(withLog = false) {
    return withLog ? serviceGoneWithLog(this.pg.service) : serviceGone(this.pg.service);
  }
  redisDown(withLog = false) {
    if (!this.cache) return null;
    return withLog ? serviceGoneWithLog(this.cache.service) : serviceGone(this.cache.service);
  }
  async restartPg(note: string, timeoutSeconds: number) {
    const err = await restartPostgres(this.pg, timeoutSeconds);
    if (!err) this.pg.settings['restarts'] = note;
    return err;
  }
  async restartRedis(note: string, timeoutSeconds: number) {
    if (!this.cache) return null;
    await stopRedis(this.cache);
    const again = this.redisBin ? await startRedis({ bin: this.redisBin, dir: this.cache.dir, cpus: this.opts.cpus, timeoutSeconds, listen: listenFor(this.opts.reachAs) }) : { error: 'redis-server not found' };
    if ('error' in again) {
      this.cache = null;
      this.redisError = again.error;
      return again.error;
    }
    again.settings['restarts'] = note;
    this.cache = again;
    return null;
  }
  worldScans() {
    return worldScans(this.pg);
  }
  redis(args: readonly string[]) {
    if (!this.cache) return Promise.reject(new Error('Redis is not running'));
    return respCommand(this.cache.port, args);
  }
  redisLookups() {
    return this.cache ? redisLookups(this.cache.port) : Promise.resolve(null);
  }
  async stop() {
    if (this.cache) await stopRedis(this.cache).catch(() => {});
    await stopPostgres(this.pg).catch(() => {});
    removePostgresFiles(this.pg);
    killClustersSync();
    await clustersGone();
  }
}

/** Loopback, plus the address other hosts use when stacks run elsewhere. */
function listenFor(reachAs: string): string[] {
  return [...new Set(['127.0.0.1', reachAs])];
}

/** Starts PostgreSQL (and Redis) on this machine. */
export async function startLocalServices(o: ServicesOptions): Promise<StackServices | { error: string }> {
  const found = findPostgres();
  if ('missing' in found) return { error: `${found.missing.reason} (fix: ${found.missing.fix})` };
  const listen = listenFor(o.reachAs);
  // PostgreSQL runs as its own user when we are root: it must be able to enter this folder.
  mkdirSync(o.dir, { recursive: true, mode: 0o755 });
  chmodSync(o.dir, 0o755);
  const pg = await startPostgres({ bin: found.bin, dir: path.join(o.dir, 'pg'), cpus: o.cpus, maxConnections: o.maxConnections, timeoutSeconds: o.timeoutSeconds, port: o.port, listen });
  if ('error' in pg) return pg;
  let cache: Redis | null = null;
  let redisError: string | null = null;
  let redisBin: string | null = null;
  if (o.redis) {
    const bin = findRedis();
    redisBin = 'bin' in bin ? bin.bin : null;
    const r = 'bin' in bin ? await startRedis({ bin: bin.bin, dir: path.join(o.dir, 'redis'), cpus: o.cpus, timeoutSeconds: o.timeoutSeconds, listen }) : { error: `${bin.missing.reason} (fix: ${bin.missing.fix})` };
    if ('error' in r) redisError = r.error;
    else cache = r;
  }
  const s = new LocalServices(pg, cache, o, redisBin);
  s.redisError = redisError;
  return s;
}

// ------------------------------------------------------------------ on the database host

class RemoteServices implements StackServices {
  readonly restartable = false;
  readonly pgSocketDir = null;
  readonly pgPort: number;
  readonly redisPort: number | null;
  readonly redisError: string | null;
  private readonly host: Host;
  private readonly proc: HostProcess;
  private readonly recorded: Service[];
  private readonly psqlBin: string | null;
  private readonly reachAs: string;
  constructor(o: { host: Host; proc: HostProcess; pgPort: number; redisPort: number | null; redisError: string | null; recorded: Service[]; psqlBin: string | null; reachAs: string }) {
    this.host = o.host;
    this.reachAs = o.reachAs;
    this.proc = o.proc;
    this.pgPort = o.pgPort;
    this.redisPort = o.redisPort;
    this.redisError = o.redisError;
    this.recorded = o.recorded;
    this.psqlBin = o.psqlBin;
  }
  // Stacks reach the services as reachAs (loopback when they share the host); the runner uses the host's address.
  get pgHost() {
    return this.reachAs;
  }
  get redisHost() {
    return this.reachAs;
  }
  records() {
    return this.recorded.map((r) => ({ ...r, host: this.host.name }));
  }
  toolchains() {
    return this.recorded.filter((r) => r.version).map((r) => ({ name: r.name === 'redis' ? 'redis-server' : r.name, version: r.version!, command: `on ${this.host.name}: ${r.command.split(' ')[0]} --version` }));
  }
  private down(withLog: boolean): string | null {
    if (this.host.problem) return `${this.host.problem.message} (fix: ${this.host.problem.fix})`;
    const gone = parseGone(this.proc.stdout());
    if (gone) return `${gone} (on ${this.host.describe()})`;
    if (!this.proc.done()) return null;
    const tail = withLog ? lastLines(this.proc.stderr(), 6) : '';
    return `the services on ${this.host.describe()} stopped${tail ? `:\n${tail}` : ''}`;
  }
  pgDown(withLog = false) {
    return this.down(withLog);
  }
  redisDown(withLog = false) {
    return this.redisPort === null ? null : this.down(withLog);
  }
  async restartPg() {
    return `services on another host are not restarted from here (${this.host.describe()})`;
  }
  async restartRedis() {
    return this.restartPg();
  }
  async worldScans(): Promise<number | null> {
    if (!this.psqlBin || this.down(false)) return null;
    const conn = `host=${this.host.address} port=${this.pgPort} user=${PG_USER} dbname=${PG_DATABASE} connect_timeout=5`;
    const r = await runCommand([this.psqlBin, '-X', '-q', '-A', '-t', '-d', conn, '-c', WORLD_SCANS_SQL], { cwd: process.cwd(), env: { PGPASSWORD: PG_PASSWORD }, timeoutMs: 10_000 });
    const n = r.code === 0 ? Number(r.stdout.trim().split('\n')[0]) : NaN;
    return Number.isFinite(n) ? n : null;
  }
  redis(args: readonly string[]) {
    if (this.redisPort === null) return Promise.reject(new Error('Redis is not running'));
    return respCommand(this.redisPort, args, 5000, this.host.address);
  }
  redisLookups() {
    return this.redisPort === null ? Promise.resolve(null) : redisLookups(this.redisPort, this.host.address);
  }
  async stop() {
    // SIGTERM to serve.ts: it stops PostgreSQL and Redis and removes its folder.
    await this.proc.stop(15_000);
  }
}

/** Starts serve.ts on the database host and waits for its ready line. */
export async function startRemoteServices(host: Host, o: ServicesOptions): Promise<StackServices | { error: string }> {
  // The project's pinned Node, at the same place in the host's checkout.
  const argv = [
    host.pathOf(process.execPath),
    host.pathOf(path.join(import.meta.dirname, 'serve.ts')),
    '--dir', o.dir,
    '--listen', host.address,
    '--max-connections', String(o.maxConnections),
    '--timeout', String(o.timeoutSeconds),
    ...(host.cpus ? ['--cpus', host.cpus] : []),
    ...(o.redis ? ['--redis'] : []),
  ];
  const proc = host.spawn(argv, { cwd: host.root, maxStdoutBytes: 256 * 1024 });
  // initdb and seeding take a while; the service timeout applies to each start inside.
  const deadline = Date.now() + (o.timeoutSeconds + 240) * 1000;
  while (Date.now() < deadline) {
    const ready = parseReady(proc.stdout());
    if (ready && 'error' in ready) {
      await proc.stop(15_000);
      return { error: `on ${host.describe()}: ${ready.error}` };
    }
    if (ready) {
      const local = findPostgres();
      const psql = 'bin' in local ? path.join(local.bin, 'psql') : null;
      const recorded = [ready.postgres.record, ...(ready.redis ? [ready.redis.record] : [])];
      return new RemoteServices({ host, proc, pgPort: ready.postgres.port, redisPort: ready.redis?.port ?? null, redisError: ready.redis_error, recorded, psqlBin: psql, reachAs: o.reachAs });
    }
    if (proc.done()) {
      const tail = lastLines(`${proc.stderr()}\n${proc.stdout()}`, 8);
      return { error: `the services on ${host.describe()} stopped before they were ready${host.problem ? ` (${host.problem.message}; fix: ${host.problem.fix})` : ''}${tail ? `:\n${tail}` : ''}` };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await proc.stop(15_000);
  return { error: `the services on ${host.describe()} did not print ${READY_MARK} within ${o.timeoutSeconds + 240} s` };
}

