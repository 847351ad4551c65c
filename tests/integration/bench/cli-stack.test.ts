/**
 * The web-stack suite end to end on fixture stacks (tests/fixtures/bench/stack,
 * fake-stack.mjs) against a real PostgreSQL and Redis started by the runner:
 * verification failures, a database killed during the rounds, start-up
 * failures and Ctrl-C, each followed by the check that no process and no work
 * folder is left behind.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { findPostgres } from '../../../scripts/bench/services/postgres.ts';
import { findRedis } from '../../../scripts/bench/services/redis.ts';
import { FIXTURES, ROOT, cellOf, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';

const hasWrk = spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;
const missing = !hasWrk ? 'wrk is not installed' : 'missing' in findPostgres() ? 'PostgreSQL is not installed (apt-get install -y postgresql)' : 'missing' in findRedis() ? 'Redis is not installed (apt-get install -y redis-server)' : false;

/** A work root PostgreSQL's user can reach (mkdtemp makes it 0700). */
function workRoot(): string {
  const dir = tmpDir();
  chmodSync(dir, 0o755);
  return dir;
}

/** Processes whose working directory or command line mentions the folder. */
function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cwd.startsWith(dir) || cmd.includes(dir)) found.push(`${pid}: ${cmd}`);
    } catch {
      /* gone */
    }
  }
  return found;
}

async function assertClean(root: string): Promise<void> {
  // The runner has exited; PostgreSQL's last children may need a moment.
  for (let i = 0; i < 20 && processesUnder(root).length > 0; i++) await sleep(100);
  assert.deepEqual(processesUnder(root), [], 'no process of the run is left');
  assert.deepEqual(readdirSync(root), [], 'the work folder is removed');
}

const bench = (...extra: string[]) => ['--suite', 'stack', '--bench-dir', path.relative(ROOT, FIXTURES), '--data-dir', 'bench/data', ...extra];

test('stack: services started and recorded, stacks verified (wrong fortunes fail with reasons), measured, everything cleaned up', { skip: missing, timeout: 240_000 }, async () => {
  const out = tmpDir();
  const root = workRoot();
  const r = await runCli([...bench('--quick', '--rounds', '1'), '--out', out], { env: { DIEZMIL_WORK_ROOT: root }, timeoutMs: 230_000 });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const { run } = onlyRun(out);
  assert.equal(run.complete, true);
  assert.deepEqual(run.suites, ['stack']);
  for (const t of ['plaintext', 'db', 'queries', 'fortunes', 'repeated', 'cached']) {
    const c = cellOf(run, 'stack', 'good', t)!;
    assert.equal(c.status, 'ok', `${t}: ${c.reason}`);
    assert.equal(c.suite === 'stack' && c.verification?.passed, true);
  }
  const repeated = cellOf(run, 'stack', 'good', 'repeated')!;
  assert.ok(repeated.verification!.checks.some((c) => /PostgreSQL counted at least 40 queries/.test(c)), 'query counts come from the real server');
  const db = cellOf(run, 'stack', 'good', 'db')!;
  assert.ok(db.suite === 'stack' && db.memory && db.memory.processes >= 1, 'memory is sampled after the db rounds');
  assert.match(cellOf(run, 'stack', 'badorder', 'fortunes')!.reason!, /verification failed: GET \/fortunes: the fortunes are not sorted by message/);
  assert.match(cellOf(run, 'stack', 'unescaped', 'fortunes')!.reason!, /fortune 11 is not HTML-escaped/);
  assert.equal(run.cells.length, 8, 'one cell per test a manifest lists');

  const [pg, redis] = run.services!;
  assert.equal(pg!.name, 'postgresql');
  assert.match(pg!.version!, /^PostgreSQL \d+/);
  assert.equal(pg!.settings['fsync'], 'on');
  assert.ok(pg!.settings['shared_buffers'] && pg!.settings['max_connections'] && pg!.settings['synchronous_commit']);
  assert.match(pg!.command, /postgres -D .* -c listen_addresses=127\.0\.0\.1 -c port=\d+/);
  assert.equal(redis!.name, 'redis');
  assert.equal(redis!.settings['appendonly'], 'no');
  assert.equal(redis!.settings['save'], '');
  assert.ok(run.toolchains['postgresql'] && run.toolchains['redis-server']);
  assert.equal(run.settings.load_generator?.tool, 'wrk');
  assert.deepEqual(run.comparisons!.map((c) => c.test).sort(), ['cached', 'db', 'fortunes', 'plaintext', 'queries', 'repeated']);
  await assertClean(root);
});

test('stack: a database killed during the rounds fails the cells it served; it is restarted and the run goes on', { skip: missing, timeout: 180_000 }, async () => {
  const out = tmpDir();
  const root = workRoot();
  let killed: number | null = null;
  const r = await runCli([...bench('--impl', 'good', '--test', 'db,fortunes', '--rounds', '3'), '--out', out], {
    env: { DIEZMIL_WORK_ROOT: root },
    timeoutMs: 170_000,
    onStdout: (text) => {
      if (killed !== null || !text.includes('stack/db round 1')) return;
      const [dir] = readdirSync(root);
      const pidFile = path.join(root, dir!, 'pg', 'data', 'postmaster.pid');
      killed = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      process.kill(killed, 'SIGKILL');
    },
  });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.ok(killed, 'the postmaster was killed during the db rounds');
  assert.match(r.stdout, /the database died: PostgreSQL was killed by SIGKILL; restarting it and the stacks before stack\/fortunes/);
  const { run } = onlyRun(out);
  assert.equal(run.complete, true);
  const db = cellOf(run, 'stack', 'good', 'db')!;
  assert.equal(db.status, 'failed');
  assert.match(db.reason!, /the database died during the benchmark: PostgreSQL was killed by SIGKILL/);
  assert.ok(db.suite === 'stack' && db.repetitions.length >= 1, 'the rounds before the crash are kept');
  const fortunes = cellOf(run, 'stack', 'good', 'fortunes')!;
  assert.equal(fortunes.status, 'ok', fortunes.reason ?? '');
  assert.match(run.services![0]!.settings['restarts']!, /^1 \(the server died during the run and was restarted/);
  await assertClean(root);
});

test('stack: PostgreSQL that cannot start (missing binaries, port taken) fails the cells with the reason', { skip: missing, timeout: 120_000 }, async () => {
  const out = tmpDir();
  const root = workRoot();
  const empty = tmpDir();
  const r = await runCli([...bench('--impl', 'good', '--test', 'db,fortunes', '--rounds', '1'), '--out', out], { env: { DIEZMIL_WORK_ROOT: root, DIEZMIL_PG_BIN: empty } });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const { run } = onlyRun(out);
  for (const t of ['db', 'fortunes']) {
    const c = cellOf(run, 'stack', 'good', t)!;
    assert.equal(c.status, 'failed');
    assert.match(c.reason!, new RegExp(`PostgreSQL could not be started: ${empty}/initdb not found or not executable .* fix: apt-get install -y postgresql`));
  }
  await assertClean(root);

  const holder = net.createServer();
  const port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port)));
  try {
    const out2 = tmpDir();
    const r2 = await runCli([...bench('--impl', 'good', '--test', 'fortunes', '--rounds', '1'), '--out', out2], { env: { DIEZMIL_WORK_ROOT: root, DIEZMIL_PG_PORT: String(port) }, timeoutMs: 100_000 });
    assert.equal(r2.code, 0, r2.stderr + r2.stdout);
    const c = cellOf(onlyRun(out2).run, 'stack', 'good', 'fortunes')!;
    assert.equal(c.status, 'failed');
    assert.match(c.reason!, new RegExp(`PostgreSQL could not be started: port ${port} on 127\\.0\\.0\\.1 is already taken`));
  } finally {
    holder.close();
  }
  await assertClean(root);
});

test('stack: Ctrl-C during the rounds stops the stacks and the services and removes the work folder', { skip: missing, timeout: 120_000 }, async () => {
  const out = tmpDir();
  const root = workRoot();
  let sent = false;
  const r = await runCli([...bench('--impl', 'good', '--test', 'db,fortunes', '--rounds', '5'), '--out', out], {
    env: { DIEZMIL_WORK_ROOT: root },
    timeoutMs: 110_000,
    onStdout: (text, child) => {
      if (sent || !text.includes('stack/db round 1')) return;
      sent = true;
      child.kill('SIGINT');
    },
  });
  assert.ok(sent);
  assert.equal(r.code, 130, r.stderr + r.stdout);
  assert.match(r.stdout, /SIGINT: stopping/);
  await assertClean(root);

  // While PostgreSQL is still being set up (initdb, start, seeding): its processes are ours to stop too.
  let early = false;
  const r2 = await runCli([...bench('--impl', 'good', '--test', 'db', '--rounds', '1'), '--out', tmpDir()], {
    env: { DIEZMIL_WORK_ROOT: root },
    timeoutMs: 60_000,
    onStdout: (text, child) => {
      if (early || !text.includes('starting PostgreSQL')) return;
      early = true;
      // Long enough for initdb to finish and the postmaster to fork its children.
      setTimeout(() => child.kill('SIGINT'), 1500);
    },
  });
  assert.ok(early);
  assert.equal(r2.code, 130, r2.stderr + r2.stdout);
  await assertClean(root);
});
