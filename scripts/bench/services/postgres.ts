/**
 * PostgreSQL for the web-stack suite: Debian's server (package `postgresql`),
 * a fresh cluster per run in the run's work folder, listening on its own free
 * port on 127.0.0.1 and on a private unix socket, with user and database
 * `diezmil` (password `diezmil`, scram-sha-256 on TCP), seeded with the
 * `world` and `fortune` tables of data.ts. PostgreSQL's defaults apply except
 * where a benchmark has to decide (listen address, port, socket, connection
 * limit); every setting that matters for the numbers is read back from the
 * server and recorded.
 *
 * Binaries: /usr/lib/postgresql/<version>/bin of the newest version
 * installed, or $DIEZMIL_PG_BIN. (/usr/local/bin/{initdb,pg_ctl,postgres} on
 * the project's machines are symlinks into /usr/lib/postgresql/15/bin; the
 * versioned folder is used directly so that PATH order never picks another
 * build.) PostgreSQL refuses to run as root: a root runner starts it as the
 * `postgres` user Debian's package creates.
 *
 * PostgreSQL's children put themselves in their own process groups, so a
 * group kill reaches only the postmaster; they all keep the data directory
 * as their working directory, which is how `clusterProcesses` finds them.
 */
import { accessSync, appendFileSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Service } from '../../../src/schemas/run.ts';
import { pinned } from '../cpus.ts';
import { freePort, portInUse } from '../ports.ts';
import { commandOutput, lastLines, runCommand } from '../processes.ts';
import type { Missing } from '../requirements.ts';
import { seedSql, WORLD_ROWS, WORLD_SEED } from './data.ts';
import { serviceGone, serviceRecord, startService, type RunningService } from './service.ts';

export const PG_USER = 'diezmil';
export const PG_PASSWORD = 'diezmil';
export const PG_DATABASE = 'diezmil';
/** The superuser initdb creates; reached only over the private socket (trust). */
const ADMIN = 'postgres';
const PG_INSTALL = 'apt-get install -y postgresql';
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Settings read back from the server and recorded in run.services. */
const RECORDED_SETTINGS = [
  'server_version',
  'max_connections',
  'shared_buffers',
  'effective_cache_size',
  'work_mem',
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_level',
  'huge_pages',
  'jit',
  'max_worker_processes',
  'max_parallel_workers_per_gather',
  'autovacuum',
  'password_encryption',
  'listen_addresses',
  'lc_collate',
  'server_encoding',
] as const;

/** initdb's arguments besides the data directory: UTF-8, C locale, trust on the socket, passwords on TCP. */
const INITDB_ARGS = ['-U', ADMIN, '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '--no-instructions'];

/** Where the server binaries are, or why there are none. An explicit $DIEZMIL_PG_BIN is used as given (a wrong one fails at start). */
export function findPostgres(env: NodeJS.ProcessEnv = process.env, debianRoot = DEBIAN_ROOT): { bin: string } | { missing: Missing } {
  const explicit = env['DIEZMIL_PG_BIN'];
  if (explicit) return { bin: path.resolve(explicit) };
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(path.join(debianRoot, v, 'bin', 'postgres')) && existsSync(path.join(debianRoot, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    return { missing: { tool: 'PostgreSQL server', reason: `PostgreSQL server not found (no ${debianRoot}/<version>/bin/postgres)`, fix: PG_INSTALL } };
  }
  return { bin: path.join(debianRoot, versions[0]!, 'bin') };
}

/** The user PostgreSQL runs as: ourselves, or `postgres` when we are root. */
function serviceUser(): { uid: number; gid: number; name: string } | { error: string } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = commandOutput(['id', '-u', ADMIN]);
  const gid = commandOutput(['id', '-g', ADMIN]);
  if (!uid?.ok || !gid?.ok) {
    return { error: `the runner is root and PostgreSQL refuses to run as root, but there is no "${ADMIN}" user to run it as (fix: ${PG_INSTALL}, which creates it, or \`adduser --system --group ${ADMIN}\`)` };
  }
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()), name: ADMIN };
}

export interface Postgres {
  service: RunningService;
  bin: string;
  /** The private folder: data directory, seed script, maybe the socket. */
  dir: string;
  dataDir: string;
  socketDir: string;
  /** A socket folder outside `dir` (a path too long for a unix socket), removed with the cluster. */
  ownSocketDir: boolean;
  port: number;
  version: string | null;
  settings: Record<string, string>;
  /** How to start the postmaster again on the same cluster (after it died). */
  argv: string[];
  asUser: (argv: string[]) => string[];
}

export interface PostgresOptions {
  bin: string;
  /** A fresh, empty folder for this cluster. */
  dir: string;
  cpus: string | null;
  maxConnections: number;
  timeoutSeconds: number;
  /** Fixed port ($DIEZMIL_PG_PORT, tests); default: a free one. */
  port?: number | undefined;
  /**
   * Addresses to listen on (default loopback only). Beyond loopback, clients
   * on the host's own subnets (pg_hba `samenet`) may log in with the password:
   * the stacks of a separate server host and the runner's verifier.
   */
  listen?: readonly string[] | undefined;
}

/** The pg_hba.conf line that lets the benchmark network in (password, own subnets only). */
const HBA_BENCHMARK_NETWORK = `host ${PG_DATABASE} ${PG_USER} samenet scram-sha-256`;

const UNIX_SOCKET_PATH_MAX = 100;

async function psql(pg: { bin: string; socketDir: string; port: number }, user: string, db: string, args: string[], timeoutMs = 60_000) {
  return runCommand([path.join(pg.bin, 'psql'), '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pg.socketDir, '-p', String(pg.port), '-U', user, '-d', db, ...args], {
    cwd: os.tmpdir(),
    env: { PGCONNECT_TIMEOUT: '5' },
    timeoutMs,
  });
}

function failure(what: string, r: Awaited<ReturnType<typeof runCommand>>): string {
  const why = r.spawnError ?? (r.timedOut ? 'timed out' : `exited with code ${r.code}`);
  const tail = lastLines(`${r.stdout}\n${r.stderr}`, 6);
  return `${what} ${why}${tail ? `:\n${tail}` : ''}`;
}

/** One value (first column of the first row) of a query as the admin user over the socket, or null. */
async function queryValue(pg: Postgres, sql: string, db = PG_DATABASE): Promise<string | null> {
  if (serviceGone(pg.service)) return null;
  const r = await psql(pg, ADMIN, db, ['-A', '-t', '-c', sql], 10_000);
  if (r.code !== 0) return null;
  return r.stdout.trim().split('\n')[0] ?? null;
}

/** Scans of the world table so far (sequential + index), from PostgreSQL's statistics: every query on it is one. */
export const WORLD_SCANS_SQL = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'world'";

export async function worldScans(pg: Postgres): Promise<number | null> {
  const v = await queryValue(pg, WORLD_SCANS_SQL);
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Processes of the cluster: PostgreSQL's processes keep its data directory as their working directory. */
function clusterProcesses(dataDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dataDir) pids.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

async function waitGone(dataDir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (clusterProcesses(dataDir).length === 0) return true;
    await sleep(50);
  }
  return clusterProcesses(dataDir).length === 0;
}

/**
 * Stops the cluster: a fast shutdown (SIGINT: sessions are ended, the data
 * is left consistent), then an immediate one (SIGQUIT), then SIGKILL to every
 * process still in the data directory.
 */
export async function stopPostgres(pg: Pick<Postgres, 'service' | 'dataDir'>): Promise<void> {
  const master = pg.service.proc.pid;
  if (master !== null && !pg.service.proc.done()) {
    signalAll([master], 'SIGINT');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !pg.service.proc.done()) await sleep(50);
    if (!pg.service.proc.done()) {
      signalAll([master], 'SIGQUIT');
      const quitDeadline = Date.now() + 3000;
      while (Date.now() < quitDeadline && !pg.service.proc.done()) await sleep(50);
    }
  }
  if (!(await waitGone(pg.dataDir, 3000))) {
    signalAll(clusterProcesses(pg.dataDir), 'SIGKILL');
    await waitGone(pg.dataDir, 3000);
  }
  if (master !== null) {
    try {
      process.kill(-master, 'SIGKILL'); // the taskset/setpriv wrapper, if anything is left of it
    } catch {
      /* gone */
    }
  }
}

/** Data directories of clusters this process created and has not stopped: Ctrl-C may come between initdb and the end of startPostgres. */
const clusters = new Set<string>();

/** Last resort (signals, exit): SIGKILL to every process of every cluster this process started. */
export function killClustersSync(): void {
  for (const dataDir of clusters) signalAll(clusterProcesses(dataDir), 'SIGKILL');
}

/** Waits (bounded) until no process of any of our clusters is left, so that their files can be removed. */
export async function clustersGone(ms = 3000): Promise<void> {
  for (const dataDir of clusters) await waitGone(dataDir, ms);
}

/** Starts the postmaster on an existing cluster and waits until it accepts connections. */
async function launch(o: { bin: string; argv: string[]; socketDir: string; port: number; cpus: string | null; timeoutSeconds: number }) {
  return startService({
    name: 'PostgreSQL',
    argv: o.argv,
    cwd: os.tmpdir(),
    port: o.port,
    cpus: o.cpus,
    timeoutSeconds: o.timeoutSeconds,
    ready: async () => {
      const r = await runCommand([path.join(o.bin, 'pg_isready'), '-q', '-h', o.socketDir, '-p', String(o.port), '-U', ADMIN, '-d', 'postgres'], {
        cwd: os.tmpdir(),
        timeoutMs: 5000,
      });
      return r.code === 0;
    },
  });
}

/**
 * initdb, start, create the user and database, seed, read the settings back.
 * On any failure everything started is stopped and the reason says which step
 * failed and what PostgreSQL printed.
 */
export async function startPostgres(o: PostgresOptions): Promise<Postgres | { error: string }> {
  for (const tool of ['initdb', 'postgres', 'psql', 'pg_isready']) {
    const file = path.join(o.bin, tool);
    try {
      accessSync(file, constants.X_OK);
    } catch {
      return { error: `PostgreSQL could not be started: ${file} not found or not executable (the server binaries are looked for in ${o.bin}; fix: ${PG_INSTALL}, or point DIEZMIL_PG_BIN at a folder with initdb, postgres, psql and pg_isready)` };
    }
  }
  const user = serviceUser();
  if (user && 'error' in user) return { error: `PostgreSQL could not be started: ${user.error}` };
  const asUser = (argv: string[]) => (user ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', ...argv] : argv);

  let port: number;
  try {
    port = o.port ?? (await freePort());
  } catch (e) {
    return { error: `PostgreSQL could not be started: ${(e as Error).message}` };
  }
  const dataDir = path.join(o.dir, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let socketDir = path.join(o.dir, 'socket');
  let ownSocketDir = false;
  if (`${socketDir}/.s.PGSQL.${port}`.length > UNIX_SOCKET_PATH_MAX) {
    socketDir = mkdtempSync(path.join(os.tmpdir(), 'diezmil-pg-'));
    ownSocketDir = true;
  } else {
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  }
  if (user) for (const d of [o.dir, dataDir, socketDir]) chownSync(d, user.uid, user.gid);
  /** After a failed start, with every process stopped: nothing of this cluster is left to watch. */
  const cleanupSocket = () => {
    clusters.delete(dataDir);
    if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
  };

  clusters.add(dataDir);
  const init = await runCommand(asUser([path.join(o.bin, 'initdb'), '-D', dataDir, ...INITDB_ARGS]), { cwd: os.tmpdir(), timeoutMs: 180_000 });
  if (init.code !== 0) {
    cleanupSocket();
    return { error: `PostgreSQL could not be started: ${failure(`initdb (${path.join(o.bin, 'initdb')} -D ${dataDir})`, init)}` };
  }
  const listen = o.listen ?? ['127.0.0.1'];
  if (listen.some((a) => a !== '127.0.0.1')) appendFileSync(path.join(dataDir, 'pg_hba.conf'), `\n# diezmil: stacks on another host of the benchmark network\n${HBA_BENCHMARK_NETWORK}\n`);
  if (await portInUse(port)) {
    cleanupSocket();
    return { error: `PostgreSQL could not be started: port ${port} on 127.0.0.1 is already taken by another program (free it, or unset DIEZMIL_PG_PORT to let the runner pick a free port)` };
  }

  const argv = pinned(
    asUser([
      path.join(o.bin, 'postgres'),
      '-D', dataDir,
      '-c', `listen_addresses=${listen.join(',')}`,
      '-c', `port=${port}`,
      '-c', `unix_socket_directories=${socketDir}`,
      // Every stack holds a pool of up to 4 × workers connections, all at once.
      '-c', `max_connections=${o.maxConnections}`,
    ]),
    o.cpus,
  );
  const started = await launch({ bin: o.bin, argv, socketDir, port, cpus: o.cpus, timeoutSeconds: o.timeoutSeconds });
  if ('error' in started) {
    // The postmaster's group is stopped; children it had forked are not in it.
    signalAll(clusterProcesses(dataDir), 'SIGKILL');
    await waitGone(dataDir, 3000);
    cleanupSocket();
    return { error: `PostgreSQL could not be started: ${started.error}` };
  }
  const pg: Postgres = { service: started.service, bin: o.bin, dir: o.dir, dataDir, socketDir, ownSocketDir, port, version: null, settings: {}, argv, asUser };
  const fail = async (reason: string) => {
    await stopPostgres(pg);
    cleanupSocket();
    return { error: `PostgreSQL could not be prepared: ${reason}` };
  };

  const setup = await psql(pg, ADMIN, 'postgres', ['-c', `CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}'`, '-c', `CREATE DATABASE ${PG_DATABASE} OWNER ${PG_USER}`]);
  if (setup.code !== 0) return fail(failure('creating the user and database', setup));
  const seedFile = path.join(o.dir, 'seed.sql');
  writeFileSync(seedFile, seedSql());
  // As the owner of the database, so that the tables are the stacks' own.
  const seed = await psql(pg, PG_USER, PG_DATABASE, ['-f', seedFile], 180_000);
  if (seed.code !== 0) return fail(failure('seeding the world and fortune tables', seed));
  rmSync(seedFile, { force: true });
  const rows = await queryValue(pg, 'SELECT count(*) FROM world');
  if (rows !== String(WORLD_ROWS)) return fail(`the world table has ${rows ?? 'no'} rows after seeding, expected ${WORLD_ROWS}`);

  const listed = RECORDED_SETTINGS.map((s) => `'${s}'`).join(', ');
  const r = await psql(pg, ADMIN, PG_DATABASE, ['-A', '-t', '-F', '\t', '-c', `SELECT name, current_setting(name) FROM pg_settings WHERE name IN (${listed}) ORDER BY name`]);
  if (r.code === 0) {
    for (const line of r.stdout.trim().split('\n')) {
      const [name, value] = line.split('\t');
      if (name && value !== undefined) pg.settings[name] = value;
    }
  }
  pg.version = pg.settings['server_version'] ? `PostgreSQL ${pg.settings['server_version']}` : null;
  pg.settings['initdb'] = INITDB_ARGS.join(' ');
  pg.settings['data'] = `world: ${WORLD_ROWS} rows (seed ${WORLD_SEED}), fortune: 12 rows; VACUUM ANALYZE after loading`;
  return pg;
}

/**
 * Starts the postmaster again on the same cluster and port after it died
 * (crash recovery replays the WAL); leftover processes of the dead one are
 * killed first, since they would keep the shared memory in use.
 */
export async function restartPostgres(pg: Postgres, timeoutSeconds: number): Promise<string | null> {
  signalAll(clusterProcesses(pg.dataDir), 'SIGKILL');
  await waitGone(pg.dataDir, 5000);
  if (pg.service.proc.pid !== null) {
    try {
      process.kill(-pg.service.proc.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (await portInUse(pg.port)) return `port ${pg.port} is now taken by another program`;
  const started = await launch({ bin: pg.bin, argv: pg.argv, socketDir: pg.socketDir, port: pg.port, cpus: pg.service.cpus, timeoutSeconds });
  if ('error' in started) return started.error;
  pg.service = started.service;
  return null;
}

/** Removes the cluster's files (call after stopPostgres). */
export function removePostgresFiles(pg: Postgres): void {
  clusters.delete(pg.dataDir);
  rmSync(pg.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  if (pg.ownSocketDir) rmSync(pg.socketDir, { recursive: true, force: true });
}

export function postgresRecord(pg: Postgres): Service {
  return serviceRecord(pg.service, 'postgresql', pg.version, pg.settings);
}
