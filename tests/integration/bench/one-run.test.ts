/**
 * One run at a time, and nothing of a run outlives it (issue 25):
 *   - two runs started at once in one checkout: one is refused, naming the other; run ids never
 *     collide, even within one second, and a file is never written over;
 *   - a runner killed with SIGKILL mid-HTTP leaves no process (its supervisor stops them), and when
 *     the supervisor is killed too, the next run stops what is left and says so; --resume completes;
 *   - `npm run bench | head -3`: EPIPE ends the run like Ctrl-C, without a stack trace.
 * Fake servers (tests/fixtures/bench); "forking" forks a worker that clears its environment and
 * makes a folder in TMPDIR, as nginx-front.sh does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Run, RUN_SCHEMA_VERSION } from '../../../src/schemas/run.ts';
import { acquireCpuLocks, acquireLock, selfHolder, type Holder } from '../../../scripts/bench/lock.ts';
import { createRunFile, writeNewRun } from '../../../scripts/bench/run-file.ts';
import { allPids, processCommand, processEnviron, processStart } from '../../../scripts/bench/proc.ts';
import { stopProcessesOf } from '../../../scripts/bench/leftovers.ts';
import { CLI, FIXTURES, ROOT, cliEnv, onlyRun, runCli, tmpDir } from '../../unit/bench/helpers.ts';

const hasWrk = spawnSync('sh', ['-c', 'command -v wrk && command -v cc'], { stdio: 'ignore' }).status === 0;
const bench = path.relative(ROOT, FIXTURES);

/** Live processes that carry the tag in their environment or on their command line. */
function tagged(tag: string): Array<{ pid: number; command: string }> {
  return allPids()
    .filter((pid) => pid !== process.pid && (processEnviron(pid).some((e) => e.endsWith(tag)) || processCommand(pid).includes(tag)))
    .map((pid) => ({ pid, command: processCommand(pid) }));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

function start(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, output: () => text, exited };
}

function minimalRun(): Run {
  return Run.parse({
    schema_version: RUN_SCHEMA_VERSION,
    id: 'new',
    mode: 'quick',
    complete: false,
    started_at: '2026-12-04T10:00:00.000Z',
    finished_at: null,
    git: { commit: null, dirty: null },
    machine: { hostname: 'h', cpu_model: 'x', cpu_cores: 2, cpu_threads: 2, cpu_mhz: null, memory_bytes: 1, os: 'x', kernel: 'x', cpu_governor: null, virtualization: null },
    toolchains: {},
    implementations: {},
    settings: { load_generator: null, server_cpus: null, client_cpus: null, noisy_cv_threshold: 0.05, options: {} },
    cells: [],
  });
}

test('run ids are unique within one second, and a run file is never written over', () => {
  const out = tmpDir();
  const date = new Date('2026-12-04T10:00:00.250Z');
  const a = minimalRun();
  const b = minimalRun();
  const fa = createRunFile(out, date, 'vm', a);
  const fb = createRunFile(out, new Date('2026-12-04T10:00:00.900Z'), 'vm', b);
  assert.equal(a.id, '2026-12-04T10-00-00Z-vm');
  assert.equal(b.id, '2026-12-04T10-00-00Z-vm-2');
  assert.notEqual(fa, fb);
  // A second writer of the same file (another run that picked the same id an instant ago) is refused.
  const before = readFileSync(fa, 'utf8');
  assert.equal(writeNewRun(fa, { ...minimalRun(), id: a.id, mode: 'full' }), false);
  assert.equal(readFileSync(fa, 'utf8'), before);
});

test('a lock names the run holding it; a lock of a dead runner is taken over', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'checkout.lock');
  // A live holder: another process.
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const holder: Holder = { ...selfHolder('/elsewhere', 'npm run bench -- --quick'), pid: other.pid!, start: null, run_id: '2026-12-04T10-00-00Z-vm' };
    writeFileSync(file, JSON.stringify(holder));
    assert.throws(() => acquireLock(file, selfHolder(ROOT, 'npm run bench'), 'in this checkout'), /another run is measuring in this checkout: run 2026-12-04T10-00-00Z-vm \(pid \d+, .*npm run bench -- --quick in \/elsewhere\)[\s\S]*kill \d+/);
    // The same for a CPU, in another checkout.
    writeFileSync(path.join(dir, 'cpu0.lock'), JSON.stringify(holder));
    process.env['DIEZMIL_LOCK_DIR'] = dir;
    assert.throws(() => acquireCpuLocks([1, 0], selfHolder(ROOT, 'npm run bench'), dir), /measuring CPU 0: run 2026-12-04T10-00-00Z-vm/);
    assert.equal(existsSync(path.join(dir, 'cpu1.lock')), false, 'a refused run gives back the CPUs it took');
  } finally {
    delete process.env['DIEZMIL_LOCK_DIR'];
    other.kill('SIGKILL');
  }
  // A dead holder: its lock is stale.
  writeFileSync(file, JSON.stringify({ ...selfHolder('/x', 'npm run bench'), pid: 999999, run_id: 'dead-run' }));
  const lock = acquireLock(file, selfHolder(ROOT, 'npm run bench'), 'in this checkout');
  assert.equal(lock.tookOver?.run_id, 'dead-run');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
  lock.release();
  assert.equal(existsSync(file), false);
});

test('two runs started at once in one checkout: the second is refused with the first one named', { timeout: 60_000 }, async () => {
  const out = tmpDir();
  const locks = tmpDir();
  const args = (impl: string) => ['--suite', 'ops', '--bench-dir', bench, '--impl', impl, '--quick', '--out', out];
  const [a, b] = [start(args('fakeops'), { DIEZMIL_LOCK_DIR: locks }), start(args('fakeops-two'), { DIEZMIL_LOCK_DIR: locks })];
  const codes = await Promise.all([a.exited, b.exited]);
  assert.deepEqual([...codes].sort(), [0, 2], `${a.output()}\n---\n${b.output()}`);
  const refused = codes[0] === 2 ? a : b;
  const ran = codes[0] === 2 ? b : a;
  assert.match(refused.output(), /error: another run is measuring in this checkout: (run \S+|a run that is starting) \(pid \d+, started [^)]*--impl fakeops(-two)? --quick/);
  assert.doesNotMatch(refused.output(), /\n\s+at /, 'no stack trace');
  const { run } = onlyRun(out);
  assert.equal(run.complete, true);
  assert.match(ran.output(), new RegExp(`Run ${run.id} `));
});

test('two runs at once from two checkouts into one folder: two files, each with its own cells', { timeout: 60_000 }, async () => {
  const out = tmpDir();
  const args = (impl: string) => ['--suite', 'ops', '--bench-dir', bench, '--impl', impl, '--quick', '--no-pin', '--out', out];
  // Each "checkout" has its locks elsewhere: nothing refuses them, so the run file is what must not collide.
  const [a, b] = [start(args('fakeops'), { DIEZMIL_LOCK_DIR: tmpDir() }), start(args('fakeops-two'), { DIEZMIL_LOCK_DIR: tmpDir() })];
  assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0], `${a.output()}\n---\n${b.output()}`);
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 2, files.join(', '));
  const impls = files.map((f) => [...new Set(Run.parse(JSON.parse(readFileSync(path.join(out, f), 'utf8'))).cells.map((c) => c.impl))].join(',')).sort();
  assert.deepEqual(impls, ['fakeops', 'fakeops-two']);
});

async function killMidHttp(killReaperToo: boolean): Promise<{ out: string; tag: string; runnerPid: number }> {
  const out = tmpDir();
  const tag = `diezmil-test-${randomUUID()}`;
  const r = start(['--suite', 'http', '--bench-dir', bench, '--data-dir', 'bench/data', '--impl', 'forking', '--test', 'plaintext,json', '--quick', '--out', out], { DIEZMIL_TEST_TAG: tag });
  const runnerPid = r.child.pid!;
  const midway = await until(() => /http\/forking\/plaintext ok/.test(r.output()), 45_000);
  assert.ok(midway, r.output());
  if (killReaperToo) {
    const reaper = tagged(tag).find((p) => p.command.includes('reaper.ts'));
    assert.ok(reaper, 'the run has a supervisor');
    process.kill(reaper.pid, 'SIGKILL');
  }
  r.child.kill('SIGKILL');
  await r.exited;
  return { out, tag, runnerPid };
}

test('SIGKILL of the runner mid-HTTP: its supervisor stops every process of the run; --resume completes', { skip: !hasWrk && 'wrk or cc is not installed', timeout: 120_000 }, async () => {
  const { out, tag, runnerPid } = await killMidHttp(false);
  const gone = await until(() => tagged(tag).length === 0, 15_000);
  assert.ok(gone, `left running: ${tagged(tag).map((p) => `${p.pid} ${p.command}`).join('; ')}`);
  assert.deepEqual(readdirSync('/tmp').filter((n) => n.startsWith(`diezmil-run.${runnerPid}.`)), [], 'the run folder (TMPDIR of its servers) is removed');
  const { run } = onlyRun(out);
  assert.equal(run.complete, false);
  assert.equal(run.cells.length, 1);

  const resumed = await runCli(['--resume', '--out', out], { env: { DIEZMIL_TEST_TAG: tag }, timeoutMs: 60_000 });
  assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, /took over the lock of run \S+ \(pid \d+ is gone/);
  const after = onlyRun(out).run;
  assert.equal(after.complete, true);
  assert.equal(after.cells.length, 2);
  assert.ok(await until(() => tagged(tag).length === 0, 10_000), 'nothing left after the resumed run');
});

test('SIGKILL of the runner and of its supervisor: the next run stops the leftovers and says so', { skip: !hasWrk && 'wrk or cc is not installed', timeout: 120_000 }, async () => {
  const { out, tag } = await killMidHttp(true);
  await sleep(500);
  // What the issue saw: the server and its forked worker still running.
  const left = tagged(tag);
  assert.ok(left.some((p) => p.command.includes('fake-server.mjs')), left.map((p) => p.command).join('; '));
  assert.ok(left.some((p) => p.command.includes('fake-worker')), 'the worker that cleared its environment');

  const resumed = await runCli(['--resume', '--out', out], { env: { DIEZMIL_TEST_TAG: tag }, timeoutMs: 60_000 });
  assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, /Stopped \d+ process\(es\) left by run \S+ \(runner pid \d+, gone\): .*fake-server\.mjs.*Removed \/\S+diezmil-run\./);
  assert.equal(onlyRun(out).run.complete, true);
  assert.ok(await until(() => tagged(tag).length === 0, 10_000), `left running: ${tagged(tag).map((p) => p.command).join('; ')}`);
});

test('npm run bench | head -3: EPIPE stops the run like Ctrl-C, without a stack trace', { skip: !hasWrk && 'wrk or cc is not installed', timeout: 60_000 }, async () => {
  const out = tmpDir();
  const dir = tmpDir();
  mkdirSync(dir, { recursive: true });
  const cmd = `'${process.execPath}' '${CLI}' --suite http --bench-dir ${bench} --data-dir bench/data --impl good --test plaintext,json --quick --out '${out}' 2>'${dir}/err' | head -3; echo "\${PIPESTATUS[0]}" >'${dir}/rc'`;
  const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, env: cliEnv(), encoding: 'utf8', timeout: 50_000 });
  assert.equal(r.stdout.trim().split('\n').length, 3);
  const err = readFileSync(path.join(dir, 'err'), 'utf8');
  assert.equal(readFileSync(path.join(dir, 'rc'), 'utf8').trim(), '130', err);
  assert.match(err, /EPIPE \(the reader of the output went away\): stopping/);
  assert.doesNotMatch(err, /\n\s+at |Unhandled|internal error/);
  // A valid incomplete run with its finished cells, or no file at all: never an empty run.
  const files = readdirSync(out);
  if (files.length > 0) {
    const { run } = onlyRun(out);
    assert.equal(run.complete, false);
    assert.ok(run.cells.length > 0);
  } else assert.match(err, /No cell had finished; removed/);
});

test('a recorded process group is stopped even when its processes hide the mark (Redis and PostgreSQL rewrite their environment)', async () => {
  const dir = tmpDir();
  // Two process groups without the run's mark: one recorded as started, one whose recorded start time is another process's.
  const ours = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: {} });
  const reused = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: {} });
  const oursExited = new Promise<NodeJS.Signals | null>((done) => ours.once('exit', (_code, signal) => done(signal)));
  try {
    writeFileSync(path.join(dir, 'groups'), `${ours.pid} ${processStart(ours.pid!)}\n${reused.pid} 1\n`);
    const stopped = await stopProcessesOf(dir, 1000);
    assert.deepEqual(stopped.map((s) => s.pid), [ours.pid]);
    assert.equal(await oursExited, 'SIGTERM', 'the recorded group was stopped');
    assert.notEqual(processStart(reused.pid!), null, 'a pid that now belongs to another process is left alone');
  } finally {
    ours.kill('SIGKILL');
    reused.kill('SIGKILL');
  }
});
