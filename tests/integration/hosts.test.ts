/**
 * --hosts across network namespaces: a server host and a load-generator host
 * on this machine, each with its own sshd, joined by a private bridge. Skips
 * with the reason where namespaces are not permitted (not root, no iproute2
 * or openssh-server).
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Run } from '../../src/schemas/run.ts';
import { findPostgres } from '../../scripts/bench/services/postgres.ts';
import { findRedis } from '../../scripts/bench/services/redis.ts';
import { FIXTURES, ROOT, onlyRun, runCli, tmpDir } from '../unit/bench/helpers.ts';
import { createLab, labUnavailable, processesIn, type Lab } from './netns.ts';

const unavailable = labUnavailable();

/** The hosts file lives beside (not in) the run folder, so the folder holds only the run. */
function hostsFile(lab: Lab, runDir: string): string {
  const dir = path.dirname(runDir);
  const [app, load, db] = lab.hosts;
  const ssh = (address: string) => ({ destination: `${lab.user}@${address}`, port: 22, identity_file: lab.key, options: lab.sshOptions });
  const file = path.join(dir, `${path.basename(runDir)}-hosts.json`);
  writeFileSync(
    file,
    JSON.stringify({
      hosts: [
        // The namespaces share this machine's filesystem: the checkout is already there.
        { name: 'app', roles: ['server'], ssh: ssh(app!.address), address: app!.address, cpus: '0', workdir: ROOT, sync: false },
        { name: 'load', roles: ['client'], ssh: ssh(load!.address), address: load!.address, cpus: '1', workdir: ROOT, sync: false },
        ...(db ? [{ name: 'db', roles: ['database'], ssh: ssh(db.address), address: db.address, cpus: '1', workdir: ROOT, sync: false }] : []),
      ],
    }),
  );
  return file;
}

const bench = path.relative(ROOT, FIXTURES);

test('a quick HTTP run across two hosts names them in every cell, records machines and network, and leaves nothing behind', { skip: unavailable ?? false, timeout: 240_000 }, async () => {
  const lab = await createLab(['app', 'load']);
  try {
    const out = tmpDir();
    const r = await runCli(['--suite', 'http', '--bench-dir', bench, '--data-dir', 'bench/data', '--impl', 'good', '--test', 'plaintext,json', '--rounds', '2', '--hosts', hostsFile(lab, out), '--out', out], { timeoutMs: 200_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const { run } = onlyRun(out);
    Run.parse(run);
    assert.equal(run.cells.length, 2);
    for (const c of run.cells) {
      assert.equal(c.status, 'ok', c.reason ?? '');
      assert.deepEqual(c.hosts, { server: 'app', client: 'load', database: null });
    }
    assert.deepEqual(run.hosts?.map((h) => [h.name, h.roles]), [['app', ['server']], ['load', ['client']]]);
    assert.ok(run.hosts?.every((h) => h.machine.cpu_threads >= 1 && h.ssh?.startsWith(`${lab.user}@`)));
    assert.ok(run.network?.rtt_ms && run.network.rtt_ms.avg >= 0, JSON.stringify(run.network));
    for (const h of lab.hosts) assert.deepEqual(processesIn(h), [], `left running on ${h.name}`);
  } finally {
    await lab.destroy();
  }
});

test('an unreachable host skips its cells with the host and the fix; --resume tries them again', { skip: unavailable ?? false, timeout: 120_000 }, async () => {
  const lab = await createLab(['app', 'load']);
  try {
    const out = tmpDir();
    const file = hostsFile(lab, out);
    lab.killSshd('load');
    const r = await runCli(['--suite', 'http', '--bench-dir', bench, '--data-dir', 'bench/data', '--impl', 'good', '--test', 'plaintext', '--rounds', '1', '--hosts', file, '--out', out], { timeoutMs: 100_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /host load \(dmlab\d+@10\.\d+\.0\.3\): cannot reach/);
    const { run } = onlyRun(out);
    const cell = run.cells[0]!;
    assert.equal(cell.status, 'skipped');
    assert.match(cell.reason!, /^host load/);
    assert.match(cell.fix!, /sshd/);

    await lab.restartSshd('load');
    const again = await runCli(['--resume', '--out', out, '--hosts', file], { timeoutMs: 100_000 });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const resumed = onlyRun(out).run;
    assert.equal(resumed.cells.length, 1);
    assert.equal(resumed.cells[0]!.status, 'ok', resumed.cells[0]!.reason ?? '');
    assert.equal(resumed.complete, true);
  } finally {
    await lab.destroy();
  }
});

test('killing the load generator host mid-run keeps every finished cell, names the host, and leaves no process behind', { skip: unavailable ?? false, timeout: 300_000 }, async () => {
  const lab = await createLab(['app', 'load']);
  try {
    const out = tmpDir();
    let killed = false;
    const r = await runCli(
      ['--suite', 'http', '--bench-dir', bench, '--data-dir', 'bench/data', '--impl', 'good', '--test', 'plaintext,json,transfer', '--rounds', '8', '--hosts', hostsFile(lab, out), '--out', out],
      {
        timeoutMs: 250_000,
        onStdout: (text) => {
          // Once the first test's cell is recorded, the load generator's host goes away.
          if (!killed && /http\/good\/plaintext ok/.test(text)) {
            killed = true;
            setTimeout(() => lab.killSshd('load'), 1500);
          }
        },
      },
    );
    assert.ok(killed, r.stdout);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /host load .*(lost|cannot reach)/);
    assert.match(r.stdout, /Resume with: npm run bench -- --resume \S+ .*--hosts/);
    const { run } = onlyRun(out);
    assert.equal(run.complete, false);
    const plain = run.cells.find((c) => c.test === 'plaintext');
    assert.equal(plain?.status, 'ok', 'the finished cell is kept');
    assert.ok(!run.cells.some((c) => c.test === 'json' && c.status === 'failed'), 'the cut test is not recorded as failed');
    // The watcher on each host kills what the runner started there once the channel is gone.
    await new Promise((res) => setTimeout(res, 5000));
    for (const h of lab.hosts) assert.deepEqual(processesIn(h), [], `left running on ${h.name}`);
  } finally {
    await lab.destroy();
  }
});

const noServices = 'missing' in findPostgres() || 'missing' in findRedis() ? 'PostgreSQL or Redis is not installed (npm run bench:setup)' : null;

test('a quick stack run across three hosts: PostgreSQL and Redis on the database host, the stack on the server, wrk on the client', { skip: unavailable ?? noServices ?? false, timeout: 300_000 }, async () => {
  const lab = await createLab(['app', 'load', 'db']);
  try {
    const out = tmpDir();
    const r = await runCli(['--suite', 'stack', '--bench-dir', bench, '--data-dir', 'bench/data', '--impl', 'good', '--test', 'db,cached', '--rounds', '2', '--hosts', hostsFile(lab, out), '--out', out], { timeoutMs: 250_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const { run } = onlyRun(out);
    Run.parse(run);
    assert.deepEqual(run.cells.map((c) => c.test).sort(), ['cached', 'db']);
    for (const c of run.cells) {
      assert.equal(c.status, 'ok', c.reason ?? '');
      assert.deepEqual(c.hosts, { server: 'app', client: 'load', database: 'db' });
    }
    // The services ran on the database host and say so; the stacks reached them over the bridge.
    assert.deepEqual((run.services ?? []).map((s) => [s.name, s.host]).sort(), [['postgresql', 'db'], ['redis', 'db']]);
    // The work folders the hosts made for the run (mktemp -d; the namespaces share this /tmp) are gone.
    assert.deepEqual(readdirSync(os.tmpdir()).filter((n) => n.startsWith(`diezmil-${run.id}-`)), []);
    for (const h of lab.hosts) assert.deepEqual(processesIn(h), [], `left running on ${h.name}`);
  } finally {
    await lab.destroy();
  }
});
