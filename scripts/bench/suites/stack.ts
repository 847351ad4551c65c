/**
 * Web-stack suite (bench/stack/README.md): the runner starts PostgreSQL (and
 * Redis when a stack needs it) in a private work folder, builds and starts
 * every stack at once with the contract's environment, then measures each
 * test exactly as the HTTP suite does (suites/http.ts: verify, warm up,
 * interleaved rounds of wrk loads), with the database tests verified against
 * the seeded rows (verify-stack.ts). A database that dies fails the cells it
 * was serving; it is restarted, with the stacks, for the tests that follow.
 * Everything started is stopped and the work folder removed at the end, on
 * failure and on Ctrl-C (bench.ts calls cleanUpStack).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { STACK_TESTS } from '../../../src/schemas/run.ts';
import { failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { groupSchedule, twinId, type GroupPlan } from '../groups.ts';
import { buildImplementation, refreshLibraries, workersOf } from '../implementations.ts';
import type { Planned } from '../progress.ts';
import type { Missing } from '../requirements.ts';
import type { Session } from '../session.ts';
import { loadExpectations } from '../verify.ts';
import { STACK_PATHS, verifyStackTest, type StackContext, type StackTest } from '../verify-stack.ts';
import { worldNumbers } from '../services/data.ts';
import {
  clustersGone,
  findPostgres,
  killClustersSync,
  PG_DATABASE,
  PG_PASSWORD,
  PG_USER,
  postgresRecord,
  removePostgresFiles,
  restartPostgres,
  startPostgres,
  stopPostgres,
  worldScans,
  type Postgres,
} from '../services/postgres.ts';
import { findRedis, redisLookups, redisRecord, startRedis, stopRedis, type Redis } from '../services/redis.ts';
import { respCommand } from '../services/resp.ts';
import { serviceGone, serviceGoneWithLog } from '../services/service.ts';
import { createWorkDir, removeStaleWorkDirs, removeWorkDir, removeWorkDirsSync, workRoot } from '../services/work-dir.ts';
import { runLoadTest, startServer, stopServers, twinOf, type LoadTest, type RunningServer } from './http.ts';

type StackEntry = Extract<Impl, { suite: 'stack' }>;

/** Ratios of a test are taken to this stack when it is measured. */
export const STACK_REFERENCE = 'go-pgx';
/** The test after whose rounds each stack's memory is sampled. */
export const STACK_MEMORY_TEST: StackTest = 'db';
/** How often a dead database is restarted in one run before the remaining cells are failed. */
export const MAX_RESTARTS = 2;
/** Connections each stack may hold per worker (the contract: async servers at most workers × 4). */
const CONNECTIONS_PER_WORKER = 4;

// ------------------------------------------------------------------ plan

/** What a stack needs that is not installed: the PostgreSQL server, and Redis when its manifest lists it. */
export function stackServicesMissing(impl: Impl): Missing | null {
  if (impl.suite !== 'stack') return null;
  const pg = findPostgres();
  if ('missing' in pg) return pg.missing;
  if (impl.manifest.services.includes('redis')) {
    const redis = findRedis();
    if ('missing' in redis) return redis.missing;
  }
  return null;
}

/** One comparison group per test: the stacks whose manifest lists it (and the A/A twin). */
export function stackGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const stacks = impls.filter((i): i is StackEntry => i.suite === 'stack');
  const groups: GroupPlan[] = [];
  for (const test of STACK_TESTS) {
    if (tests && !tests.includes(test)) continue;
    const ids = stacks.filter((s) => s.manifest.tests.includes(test)).map((s) => s.id).sort();
    if (ids.length === 0) continue;
    const members = aa && ids.includes(aa) ? [...ids, twinId(aa)] : ids;
    const reference = ids.includes(STACK_REFERENCE) ? STACK_REFERENCE : ids[0]!;
    groups.push({ suite: 'stack', tests: [test], members, reference });
  }
  return groups;
}

export function planStack(groups: readonly GroupPlan[], budgetSeconds: (g: GroupPlan) => number): Planned[] {
  const out: Planned[] = [];
  for (const g of groups) {
    // Verification, warm-up and the memory load come on top of the rounds.
    const est = budgetSeconds(g) / g.members.length + 10;
    for (const impl of g.members) out.push({ id: { suite: 'stack', impl, test: g.tests[0]! }, estimateSeconds: est });
  }
  return out;
}

// ------------------------------------------------------------------ cleanup on signals

/** What the suite is running now, for bench.ts's signal and exit handlers. */
const active: { pg: Postgres | null; redis: Redis | null } = { pg: null, redis: null };

/** Stops the services (their process groups are already signalled) and removes the work folder. */
export async function cleanUpStack(): Promise<void> {
  const { pg, redis } = active;
  if (redis) await stopRedis(redis).catch(() => {});
  if (pg) {
    await stopPostgres(pg).catch(() => {});
    removePostgresFiles(pg);
  }
  // A cluster still starting (initdb, seeding) when the signal came.
  killClustersSync();
  await clustersGone();
  removeWorkDirsSync();
}

/** On exit: SIGKILL to PostgreSQL's processes (not all in one group), then remove the work folder. */
export function cleanUpStackSync(): void {
  killClustersSync();
  removeWorkDirsSync();
}

// ------------------------------------------------------------------ the suite

/** Fills in the stack placeholders; startServer fills in {port}, {workers} and {cores}. */
function stackStart(argv: readonly string[], values: Record<string, string>): string[] {
  return argv.map((a) => a.replace(/\{(pg_port|redis_port|pg_socket_dir|work_dir)\}/g, (whole, key: string) => values[key] ?? whole));
}

export async function runStackSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  if (groups.length === 0) return;
  const byId = new Map(impls.filter((i): i is StackEntry => i.suite === 'stack').map((i) => [i.id, i]));
  const implOf = (member: string) => byId.get(member) ?? byId.get(twinOf(member) ?? '');
  const members = [...new Set(groups.flatMap((g) => g.members))].filter((m) => implOf(m) !== undefined);
  const idsOf = (member: string): CellId[] => groups.filter((g) => g.members.includes(member)).map((g) => ({ suite: 'stack', impl: member, test: g.tests[0]! }));
  const failAll = (member: string, reason: string, only?: (test: string) => boolean) => {
    const at = nowIso();
    for (const id of idsOf(member)) if (!session.has(id) && (!only || only(id.test))) session.record(failedCell(id, reason, at));
  };
  const pending = (member: string) => idsOf(member).some((id) => !session.has(id));
  const needsRedis = (member: string) => implOf(member)?.manifest.services.includes('redis') ?? false;
  if (!members.some(pending)) return;

  const root = workRoot(session.root);
  const stale = removeStaleWorkDirs(root);
  if (stale.length > 0) session.log(`removed work folders left by earlier runs that did not finish: ${stale.map((s) => path.join(root, s)).join(', ')}`);
  const work = createWorkDir(root, session.run.id);
  const servers = new Map<string, RunningServer>();
  let pg: Postgres | null = null;
  let redis: Redis | null = null;
  const first: CellId = idsOf(members[0]!)[0]!;

  const recordServices = () => {
    session.run.services = [...(pg ? [postgresRecord(pg)] : []), ...(redis ? [redisRecord(redis)] : [])];
    session.save();
  };

  const startStacks = async (built: Set<string>) => {
    for (const member of members) {
      if (session.stopping) return;
      const impl = implOf(member)!;
      if (!pending(member) || servers.has(member)) continue;
      if (needsRedis(member) && !redis) continue; // failed with Redis's reason already
      const cell = idsOf(member)[0]!;
      if (member === impl.id && !built.has(member)) {
        const build = await buildImplementation(impl, (cmd) => session.step(cell, `build: ${cmd}`));
        if (session.stopping) return;
        built.add(member);
        if (build) {
          failAll(member, build);
          if (session.options.aa === member) failAll(twinId(member), build);
          continue;
        }
        refreshLibraries(session, impl);
      } else if (member !== impl.id && !servers.has(impl.id)) {
        failAll(member, `the stack ${impl.id} it measures again did not start`);
        continue;
      }
      // Fresh on every start: after a restart, no socket or pid file of the dead instance is in the way.
      const dir = path.join(work, 'stacks', member);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      const workers = workersOf(impl, session.split.serverCount) ?? 1;
      const env: Record<string, string> = {
        PGHOST: '127.0.0.1',
        PGPORT: String(pg!.port),
        PGDATABASE: PG_DATABASE,
        PGUSER: PG_USER,
        PGPASSWORD: PG_PASSWORD,
        DIEZMIL_PG_URL: `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${pg!.port}/${PG_DATABASE}`,
        DIEZMIL_WORKERS: String(workers),
        DIEZMIL_WORK_DIR: dir,
        DIEZMIL_DATA_DIR: session.dataDir,
        ...(redis ? { DIEZMIL_REDIS_URL: `redis://127.0.0.1:${redis.port}/0`, DIEZMIL_REDIS_PORT: String(redis.port) } : {}),
      };
      const start = stackStart(impl.manifest.start, {
        pg_port: String(pg!.port),
        pg_socket_dir: pg!.socketDir,
        work_dir: dir,
        ...(redis ? { redis_port: String(redis.port) } : {}),
      });
      session.step(cell, 'starting the stack');
      const s = await startServer(session, impl, member, { start, env });
      if ('error' in s) failAll(member, s.error);
      else servers.set(member, s);
    }
  };

  let restarts = 0;
  let dead: string | null = null;
  /** Before each test: a database that died is restarted (with the stacks, whose connections died with it). */
  const recover = async (test: string) => {
    const pgDown = pg ? serviceGone(pg.service) : null;
    const redisDown = redis ? serviceGone(redis.service) : null;
    if (dead || (!pgDown && !redisDown)) return;
    const what = pgDown ?? redisDown!;
    const which = pgDown ? 'the database' : 'the cache';
    if (restarts >= MAX_RESTARTS) {
      dead = `${which} died again (${what}) after ${restarts} restarts in this run; the remaining cells were not measured`;
      return;
    }
    restarts++;
    session.log(`${which} died: ${what}; restarting it and the stacks before stack/${test}`);
    await stopServers(session, servers.values());
    servers.clear();
    if (pgDown && pg) {
      const err = await restartPostgres(pg, session.options.readyTimeoutSeconds);
      if (err) {
        dead = `the database died and could not be restarted: ${err}`;
        return;
      }
      pg.settings['restarts'] = `${restarts} (the server died during the run and was restarted on the same data before stack/${test})`;
    }
    if (redisDown && redis) {
      const bin = findRedis();
      await stopRedis(redis);
      const again = 'bin' in bin ? await startRedis({ bin: bin.bin, dir: redis.dir, cpus: session.split.server, timeoutSeconds: session.options.readyTimeoutSeconds }) : { error: bin.missing.reason };
      if ('error' in again) {
        redis = null;
        active.redis = null;
        for (const m of members) if (needsRedis(m)) failAll(m, `Redis died and could not be restarted: ${again.error}`);
      } else {
        again.settings['restarts'] = `${restarts} (died during the run and was started again before stack/${test})`;
        redis = again;
        active.redis = again;
      }
    }
    recordServices();
    await startStacks(new Set(members));
  };

  try {
    // ---------------------------------------------------------- services
    const found = findPostgres();
    if ('missing' in found) {
      for (const m of members) failAll(m, `${found.missing.reason} (fix: ${found.missing.fix})`);
      return;
    }
    session.step(first, 'starting PostgreSQL (initdb, seed)');
    const workersMax = Math.max(...members.map((m) => workersOf(implOf(m)!, session.split.serverCount) ?? 1));
    const fixedPort = process.env['DIEZMIL_PG_PORT'] ? Number(process.env['DIEZMIL_PG_PORT']) : undefined;
    const started = await startPostgres({
      bin: found.bin,
      dir: path.join(work, 'pg'),
      cpus: session.split.server,
      maxConnections: Math.max(100, members.length * workersMax * CONNECTIONS_PER_WORKER + 10),
      timeoutSeconds: session.options.readyTimeoutSeconds,
      port: fixedPort,
    });
    if (session.stopping) return;
    if ('error' in started) {
      session.log(started.error);
      for (const m of members) failAll(m, started.error);
      return;
    }
    pg = started;
    active.pg = pg;
    if (pg.version) session.addToolchain('postgresql', pg.version, `${path.join(pg.bin, 'postgres')} --version`);
    if (members.some(needsRedis)) {
      session.step(first, 'starting Redis');
      const bin = findRedis();
      const r = 'bin' in bin ? await startRedis({ bin: bin.bin, dir: path.join(work, 'redis'), cpus: session.split.server, timeoutSeconds: session.options.readyTimeoutSeconds }) : { error: `${bin.missing.reason} (fix: ${bin.missing.fix})` };
      if (session.stopping) return;
      if ('error' in r) {
        session.log(r.error);
        for (const m of members) if (needsRedis(m)) failAll(m, r.error);
      } else {
        redis = r;
        active.redis = r;
        if (r.version) session.addToolchain('redis-server', r.version, `${bin && 'bin' in bin ? bin.bin : 'redis-server'} --version`);
      }
    }
    recordServices();

    // ---------------------------------------------------------- stacks
    await startStacks(new Set());

    // ---------------------------------------------------------- tests
    const world = worldNumbers();
    const ctx: StackContext = {
      world,
      worldScans: async () => (pg ? worldScans(pg) : null),
      redis: {
        get: async (key) => {
          if (!redis) return undefined;
          try {
            const v = await respCommand(redis.port, ['GET', key]);
            return typeof v === 'string' ? v : null;
          } catch {
            return undefined;
          }
        },
        ttl: async (key) => {
          if (!redis) return null;
          try {
            const v = await respCommand(redis.port, ['TTL', key]);
            return typeof v === 'number' ? v : null;
          } catch {
            return null;
          }
        },
        lookups: async () => (redis ? redisLookups(redis.port) : null),
      },
      http: loadExpectations(session.dataDir),
    };
    const schedule = groupSchedule(session, 'stack', groups);
    for (const g of groups) {
      if (session.stopping) return;
      const test = g.tests[0] as StackTest;
      await recover(test);
      if (session.stopping) return;
      if (dead) {
        for (const m of g.members) failAll(m, dead, (t) => t === test);
        schedule.done(g);
        continue;
      }
      const spec: LoadTest = {
        suite: 'stack',
        test,
        path: STACK_PATHS[test],
        verify: (s) => verifyStackTest(s.port, test, ctx),
        broken: () => {
          const down = pg ? serviceGoneWithLog(pg.service) : 'PostgreSQL is not running';
          if (down) return `the database died during the benchmark: ${down}`;
          const redisDown = test === 'cached' && redis ? serviceGoneWithLog(redis.service) : null;
          return redisDown ? `the cache died during the benchmark: ${redisDown}` : null;
        },
        memory: test === STACK_MEMORY_TEST,
      };
      await runLoadTest(session, g, servers, spec, schedule.budgetMs(g));
      schedule.done(g);
    }
    // A database that died in the last test: say so, as the cells do.
    if (pg && serviceGone(pg.service)) session.log(`the database died during the last test: ${serviceGone(pg.service)}`);
  } finally {
    await stopServers(session, servers.values());
    if (redis) await stopRedis(redis);
    if (pg) {
      await stopPostgres(pg);
      removePostgresFiles(pg);
    }
    active.pg = null;
    active.redis = null;
    removeWorkDir(work);
  }
}
