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
import { removeSlicers } from '../slicer-run.ts';
import { groupOf, groupSchedule, twinId, twinOf, type GroupPlan } from '../groups.ts';
import { runLoadTest, type LoadTest } from '../http/load-test.ts';
import { startServer, stopServers, type RunningServer } from '../http/servers.ts';
import { buildImplementation, refreshLibraries, workersOf } from '../implementations.ts';
import { hostTempDir, type Host } from '../hosts/host.ts';
import type { Missing } from '../requirements.ts';
import type { Session } from '../session.ts';
import { loadExpectations, STACK_PATHS, verifyStackTest } from '../http/test-types/index.ts';
import type { StackContext, StackTest } from '../verify-stack.ts';
import { worldNumbers } from '../services/data.ts';
import { clustersGone, findPostgres, killClustersSync, PG_DATABASE, PG_PASSWORD, PG_USER } from '../services/postgres.ts';
import { findRedis } from '../services/redis.ts';
import { startLocalServices, startRemoteServices, type StackServices } from '../services/stack-services.ts';
import { createWorkDir, removeStaleWorkDirs, removeWorkDir, removeWorkDirsSync, workRoot } from '../services/work-dir.ts';
import { checkRecords } from './http.ts';
import { memberCell, planGroups, type Suite } from './suite.ts';

type StackEntry = Extract<Impl, { suite: 'stack' }>;

/** Ratios of a test are taken to this stack when it is measured. */
const STACK_REFERENCE = 'go-pgx';
/** The test after whose rounds each stack's memory is sampled. */
const STACK_MEMORY_TEST: StackTest = 'db';
/** How often a dead database is restarted in one run before the remaining cells are failed. */
const MAX_RESTARTS = 2;
/** Connections each stack may hold per worker (the contract: async servers at most workers × 4). */
const CONNECTIONS_PER_WORKER = 4;

// ------------------------------------------------------------------ plan

/** What a stack needs that is not installed: the PostgreSQL server, and Redis when its manifest lists it. */
function stackServicesMissing(impl: Impl): Missing | null {
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
function stackGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const stacks = impls.filter((i): i is StackEntry => i.suite === 'stack');
  const groups: GroupPlan[] = [];
  for (const test of STACK_TESTS) {
    if (tests && !tests.includes(test)) continue;
    const ids = stacks.filter((s) => s.manifest.tests.includes(test)).map((s) => s.id).sort();
    if (ids.length === 0) continue;
    groups.push(groupOf('stack', test, ids, aa, [STACK_REFERENCE]));
  }
  return groups;
}

// ------------------------------------------------------------------ cleanup on signals

/** What the suite is running now, for bench.ts's signal and exit handlers. */
const active: { services: StackServices | null; remoteWork: Map<Host, string> } = { services: null, remoteWork: new Map() };

/** Stops the services (their process groups are already signalled) and removes the work folders, here and on other hosts. */
async function cleanUpStack(): Promise<void> {
  if (active.services) await active.services.stop().catch(() => {});
  for (const [h, dir] of active.remoteWork) await h.run(['rm', '-rf', dir], { cwd: h.root, timeoutMs: 5000 }).catch(() => null);
  active.remoteWork.clear();
  // A cluster still starting (initdb, seeding) when the signal came.
  killClustersSync();
  await clustersGone();
  removeWorkDirsSync();
}

/** On exit: SIGKILL to PostgreSQL's processes (not all in one group), then remove the work folder. */
function cleanUpStackSync(): void {
  killClustersSync();
  removeWorkDirsSync();
}

// ------------------------------------------------------------------ the suite

/** Fills in the stack placeholders; startServer fills in {port}, {workers} and {cores}. */
function stackStart(argv: readonly string[], values: Record<string, string>): string[] {
  return argv.map((a) => a.replace(/\{(pg_port|redis_port|pg_socket_dir|work_dir)\}/g, (whole, key: string) => values[key] ?? whole));
}

async function runStackSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
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
  const first: CellId = idsOf(members[0]!)[0]!;
  // Stacks run on the server host; PostgreSQL and Redis on the database host (the server host when no host has the role).
  const serverHost = session.layout.server;
  const dbHost = session.layout.database;
  let services: StackServices | null = null;

  const recordServices = () => {
    session.run.services = services ? services.records() : [];
    session.save();
  };

  /**
   * The work folder on a host: this machine's, or one the host makes in its
   * own temporary directory (`mktemp -d`, as the SSH user, who may not write
   * into the checkout), removed at the end.
   */
  const workOn = active.remoteWork;
  workOn.clear();
  const workFolder = async (host: Host): Promise<string | { error: string }> => {
    if (host.local) return work;
    const known = workOn.get(host);
    if (known) return known;
    const dir = await hostTempDir(host, `diezmil-${session.run.id}`, 'a work folder');
    if (typeof dir !== 'string') return dir;
    await host.run(['chmod', '755', dir], { cwd: host.root, timeoutMs: 30_000 });
    workOn.set(host, dir);
    return dir;
  };

  /** A fresh folder for a stack on the server host: no socket or pid file of a dead instance in the way. */
  const freshDir = async (member: string): Promise<string | { error: string }> => {
    const base = await workFolder(serverHost);
    if (typeof base !== 'string') return base;
    const dir = path.posix.join(base, 'stacks', member);
    if (serverHost.local) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      return dir;
    }
    const r = await serverHost.run(['sh', '-c', `rm -rf "$1" && mkdir -p -m 755 "$1"`, 'sh', dir], { cwd: serverHost.root, timeoutMs: 30_000 });
    return r.code === 0 ? dir : { error: `could not create ${dir} on ${serverHost.describe()}: ${r.stderr.trim() || `exit ${r.code}`}` };
  };

  const startStacks = async (built: Set<string>) => {
    const svc = services!;
    for (const member of members) {
      if (session.stopping) return;
      const impl = implOf(member)!;
      if (!pending(member) || servers.has(member)) continue;
      if (needsRedis(member) && svc.redisPort === null) continue; // failed with Redis's reason already
      const cell = idsOf(member)[0]!;
      if (member === impl.id && !built.has(member)) {
        const build = await buildImplementation(impl, (cmd) => session.step(cell, `build: ${cmd}`), serverHost);
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
      const dir = await freshDir(member);
      if (typeof dir !== 'string') {
        failAll(member, dir.error);
        continue;
      }
      const workers = workersOf(impl, session.split.serverCount) ?? 1;
      const env: Record<string, string> = {
        PGHOST: svc.pgHost,
        PGPORT: String(svc.pgPort),
        PGDATABASE: PG_DATABASE,
        PGUSER: PG_USER,
        PGPASSWORD: PG_PASSWORD,
        DIEZMIL_PG_URL: `postgres://${PG_USER}:${PG_PASSWORD}@${svc.pgHost}:${svc.pgPort}/${PG_DATABASE}`,
        DIEZMIL_WORKERS: String(workers),
        DIEZMIL_WORK_DIR: dir,
        DIEZMIL_DATA_DIR: serverHost.pathOf(session.dataDir),
        ...(svc.redisPort !== null ? { DIEZMIL_REDIS_URL: `redis://${svc.redisHost}:${svc.redisPort}/0`, DIEZMIL_REDIS_PORT: String(svc.redisPort), DIEZMIL_REDIS_HOST: svc.redisHost } : {}),
      };
      const start = stackStart(impl.manifest.start, {
        pg_port: String(svc.pgPort),
        ...(svc.pgSocketDir ? { pg_socket_dir: svc.pgSocketDir } : {}),
        work_dir: dir,
        ...(svc.redisPort !== null ? { redis_port: String(svc.redisPort) } : {}),
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
    const svc = services!;
    const pgDown = svc.pgDown();
    const redisDown = svc.redisDown();
    if (dead || (!pgDown && !redisDown)) return;
    const what = pgDown ?? redisDown!;
    const which = pgDown ? 'the database' : 'the cache';
    if (!svc.restartable) {
      dead = `${which} on ${dbHost.describe()} died (${what}); services on another host are not restarted, so the remaining cells were not measured`;
      return;
    }
    if (restarts >= MAX_RESTARTS) {
      dead = `${which} died again (${what}) after ${restarts} restarts in this run; the remaining cells were not measured`;
      return;
    }
    restarts++;
    session.log(`${which} died: ${what}; restarting it and the stacks before stack/${test}`);
    await stopServers(session, servers.values());
    servers.clear();
    const timeout = session.options.readyTimeoutSeconds;
    if (pgDown) {
      const err = await svc.restartPg(`${restarts} (the server died during the run and was restarted on the same data before stack/${test})`, timeout);
      if (err) {
        dead = `the database died and could not be restarted: ${err}`;
        return;
      }
    }
    if (redisDown) {
      const err = await svc.restartRedis(`${restarts} (died during the run and was started again before stack/${test})`, timeout);
      if (err) for (const m of members) if (needsRedis(m)) failAll(m, `Redis died and could not be restarted: ${err}`);
    }
    recordServices();
    await startStacks(new Set(members));
  };

  try {
    // ---------------------------------------------------------- services
    if (dbHost.local && 'missing' in findPostgres()) {
      const missing = (findPostgres() as { missing: Missing }).missing;
      for (const m of members) failAll(m, `${missing.reason} (fix: ${missing.fix})`);
      return;
    }
    session.step(first, `starting PostgreSQL${members.some(needsRedis) ? ' and Redis' : ''} (initdb, seed)${dbHost.local ? '' : ` on ${dbHost.describe()}`}`);
    const workersMax = Math.max(...members.map((m) => workersOf(implOf(m)!, session.split.serverCount) ?? 1));
    const fixedPort = process.env['DIEZMIL_PG_PORT'] ? Number(process.env['DIEZMIL_PG_PORT']) : undefined;
    const dbWork = await workFolder(dbHost);
    if (typeof dbWork !== 'string') {
      for (const m of members) failAll(m, dbWork.error);
      return;
    }
    const options = {
      // Locally beside the stacks (work/pg, work/redis); on a database host in a folder its script removes.
      dir: dbHost.local ? work : path.posix.join(dbWork, 'services'),
      cpus: dbHost.local ? session.split.server : dbHost.cpus,
      maxConnections: Math.max(100, members.length * workersMax * CONNECTIONS_PER_WORKER + 10),
      redis: members.some(needsRedis),
      timeoutSeconds: session.options.readyTimeoutSeconds,
      port: fixedPort,
      reachAs: dbHost === serverHost ? '127.0.0.1' : dbHost.address,
    };
    const started = dbHost.local ? await startLocalServices(options) : await startRemoteServices(dbHost, options);
    if ('error' in started) {
      session.log(started.error);
      for (const m of members) failAll(m, started.error);
      return;
    }
    services = started;
    active.services = started;
    if (session.stopping) return;
    for (const t of started.toolchains()) session.addToolchain(t.name, t.version, t.command);
    if (started.redisError) {
      session.log(started.redisError);
      for (const m of members) if (needsRedis(m)) failAll(m, started.redisError);
    }
    recordServices();

    // ---------------------------------------------------------- stacks
    await startStacks(new Set());

    // ---------------------------------------------------------- tests
    const svc = started;
    const ctx: StackContext = {
      world: worldNumbers(),
      worldScans: () => svc.worldScans(),
      redis: {
        get: async (key) => {
          if (svc.redisPort === null) return undefined;
          try {
            const v = await svc.redis(['GET', key]);
            return typeof v === 'string' ? v : null;
          } catch {
            return undefined;
          }
        },
        ttl: async (key) => {
          try {
            const v = await svc.redis(['TTL', key]);
            return typeof v === 'number' ? v : null;
          } catch {
            return null;
          }
        },
        lookups: () => svc.redisLookups(),
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
        verify: (s) => verifyStackTest(s.port, test, ctx, s.host.address),
        broken: () => {
          const down = svc.pgDown(true);
          if (down) return `the database died during the benchmark: ${down}`;
          const redisDown = test === 'cached' ? svc.redisDown(true) : null;
          return redisDown ? `the cache died during the benchmark: ${redisDown}` : null;
        },
        memory: test === STACK_MEMORY_TEST,
      };
      await runLoadTest(session, g, servers, spec, schedule.budgetMs(g));
      schedule.done(g);
    }
    // A database that died in the last test: say so, as the cells do.
    const down = svc.pgDown();
    if (down) session.log(`the database died during the last test: ${down}`);
  } finally {
    await stopServers(session, servers.values());
    if (services) await services.stop();
    active.services = null;
    for (const [h, dir] of workOn) await h.run(['rm', '-rf', dir], { cwd: h.root, timeoutMs: 30_000 }).catch(() => null);
    workOn.clear();
    removeWorkDir(work);
    await removeSlicers();
  }
}

export const stackSuite: Suite = {
  id: 'stack',
  manifests: 'stack',
  tests: STACK_TESTS,
  // With its own PostgreSQL and Redis, the web-stack suite runs only as --suite stack.
  inAll: false,
  rounds: { precision: 0.05, budgetShare: 1, quickSampleSeconds: 1.5 },
  loadGenerator: true,
  workers: false,
  everyCpu: false,
  randomLayout: false,
  toolVersions: ['wrk'],
  implByRuntime: true,
  hasTest: (impl, test) => impl === null || (impl.suite === 'stack' && impl.manifest.tests.includes(test as StackTest)),
  missing: stackServicesMissing,
  preflight: ({ dataDir }) => checkRecords(dataDir),
  groups: stackGroups,
  // Verification, warm-up and the memory load come on top of the rounds.
  plan: (ctx) => planGroups(ctx.groups, ctx.budgetSeconds, 10, memberCell),
  run: runStackSuite,
  cleanUp: { async: cleanUpStack, sync: cleanUpStackSync },
};
