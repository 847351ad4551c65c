/**
 * The layout of a run: which host serves, which loads, which holds the
 * database. Without --hosts it is this machine, its CPUs split between server
 * and load generator; with --hosts FILE it is the hosts that file names,
 * reached over SSH, each checked, synced, described and probed before
 * anything is measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostsFile, type HostRole, type HostSpec } from '../../../src/schemas/hosts.ts';
import type { NetworkPath, RunHost } from '../../../src/schemas/run.ts';
import { UserError, formatZodIssues } from '../errors.ts';
import { MACHINE_TEXTS_COMMAND, machineFromTexts, machineInfo, parseMachineTexts, versionOf } from '../machine.ts';
import { runCommand } from '../processes.ts';
import { LocalHost, SshHost, type Host } from './host.ts';
import { rsyncArgv, sshProblem, type SshProblem } from './ssh.ts';

export interface Layout {
  server: Host;
  client: Host;
  /** Where the web-stack suite's database runs (the server host when no host has the role). */
  database: Host;
  hosts: Host[];
  /** Null for the local layout. */
  file: string | null;
}

/** The one-machine layout: server and load generator pinned to their share of this machine's CPUs. */
export function localLayout(root: string, serverCpus: string | null, clientCpus: string | null): Layout {
  const server = new LocalHost({ cpus: serverCpus, root });
  const client = new LocalHost({ cpus: clientCpus, root });
  return { server, client, database: server, hosts: [server], file: null };
}

/** Reads and checks a hosts file; every problem names the file, the key and the fix. */
export function readHostsFile(file: string): HostsFile {
  if (!existsSync(file)) throw new UserError(`--hosts ${file}: no such file; write one as described in README.md ("Separate hosts")`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message}); fix the file (schema: src/schemas/hosts.ts)`);
  }
  const r = HostsFile.safeParse(raw);
  if (!r.success) throw new UserError(`${file} does not match the hosts schema (src/schemas/hosts.ts):\n${formatZodIssues(r.error.issues)}`);
  return r.data;
}

/** Builds the hosts of a hosts file (nothing is contacted yet). */
export function layoutFromFile(file: string, root: string): Layout {
  const spec = readHostsFile(file);
  const controlDir = path.join(os.tmpdir(), `diezmil-ssh-${process.pid}`);
  const hosts: Host[] = spec.hosts.map((h: HostSpec) =>
    h.ssh === null
      ? new LocalHost({ name: h.name, roles: h.roles, address: h.address, cpus: h.cpus, root: h.workdir ?? root })
      : new SshHost({ ...h, ssh: h.ssh }, root, controlDir),
  );
  const withRole = (role: HostRole) => hosts.find((h) => h.roles.includes(role));
  const server = withRole('server')!;
  return { server, client: withRole('client')!, database: withRole('database') ?? server, hosts, file };
}

export interface HostCheck {
  host: Host;
  problem: SshProblem | null;
  record: RunHost | null;
}

/** Connects to a host, reads its machine card and clock; records what it found. */
async function check(host: Host, log: (m: string) => void): Promise<HostCheck> {
  if (!(host instanceof SshHost)) {
    return { host, problem: null, record: { name: host.name, roles: [...host.roles], address: host.address, ssh: null, cpus: host.cpus, machine: machineInfo(), toolchains: {}, clock_skew_seconds: 0 } };
  }
  const before = Date.now() / 1000;
  const r = await host.shell(`date +%s.%N; ${MACHINE_TEXTS_COMMAND}`, 20_000);
  const after = Date.now() / 1000;
  const problem = sshProblem(r.code, r.stderr, `host ${host.describe()}`, host.target);
  if (problem || r.code === null) return { host, problem: problem ?? { kind: 'unreachable', message: `host ${host.describe()}: ${r.spawnError ?? 'no answer'}`, fix: 'check the host' }, record: null };
  const remoteNow = Number(r.stdout.split('\n')[0]);
  const skew = Number.isFinite(remoteNow) ? remoteNow - (before + after) / 2 : null;
  if (skew !== null && Math.abs(skew) > 1) {
    // Times are taken on one clock per measurement (wrk's on the client, the runner's for timestamps), so skew does not bend the numbers; it does scramble logs.
    log(`warning: host ${host.describe()}'s clock is ${skew.toFixed(1)} s off this machine's; timestamps in the run will not line up (fix: run an NTP client such as chrony on every host)`);
  }
  const machine = machineFromTexts(parseMachineTexts(r.stdout));
  return {
    host,
    problem: null,
    record: {
      name: host.name,
      roles: [...host.roles],
      address: host.address,
      ssh: `${host.target.destination}:${host.target.port}`,
      cpus: host.cpus,
      machine,
      toolchains: {},
      clock_skew_seconds: skew,
    },
  };
}

/** Checks every host; returns each host's record or the problem that keeps it out. */
export async function checkHosts(layout: Layout, log: (m: string) => void): Promise<HostCheck[]> {
  return Promise.all(layout.hosts.map((h) => check(h, log)));
}

/** Copies the checkout to every SSH host that wants it. */
export async function syncHosts(layout: Layout, root: string, specs: HostSpec[], log: (m: string) => void): Promise<SshProblem | null> {
  for (const host of layout.hosts) {
    if (!(host instanceof SshHost)) continue;
    const spec = specs.find((s) => s.name === host.name);
    if (spec && !spec.sync) continue;
    log(`syncing the checkout to ${host.describe()}:${host.root} (rsync)…`);
    const mk = await host.shell(`mkdir -p ${JSON.stringify(host.root)}`);
    if (mk.code !== 0) return sshProblem(mk.code, mk.stderr, `host ${host.describe()}`, host.target) ?? { kind: 'dropped', message: `host ${host.describe()}: cannot create ${host.root}: ${mk.stderr.trim()}`, fix: `make ${host.root} writable for the SSH user, or set workdir in the hosts file` };
    const r = await runCommand(rsyncArgv(host.target, host.controlPath, root, host.root), { cwd: root, timeoutMs: 30 * 60_000 });
    if (r.code !== 0) {
      const p = sshProblem(r.code, r.stderr, `host ${host.describe()}`, host.target);
      return p ?? { kind: 'dropped', message: `host ${host.describe()}: rsync failed (${r.stderr.trim().split('\n').pop() ?? r.code})`, fix: 'install rsync on both machines (apt-get install -y rsync) or set "sync": false for a checkout that is already there' };
    }
  }
  return null;
}

/** `npm run bench:setup` on every SSH host (--setup-remote). */
export async function setupHosts(layout: Layout, log: (m: string) => void): Promise<SshProblem | null> {
  for (const host of layout.hosts) {
    if (!(host instanceof SshHost)) continue;
    log(`running npm run bench:setup on ${host.describe()} (this installs packages; it can take many minutes)…`);
    const r = await host.run(['sh', '-c', 'npm ci --no-audit --no-fund && npm run bench:setup'], { cwd: host.root, timeoutMs: 90 * 60_000 });
    if (r.code !== 0) return host.problem ?? { kind: 'dropped', message: `host ${host.describe()}: bench:setup failed: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`, fix: `run it there by hand to see why: ssh ${host.target.destination} 'cd ${host.root} && npm run bench:setup'` };
  }
  return null;
}

function parsePing(out: string): NetworkPath['rtt_ms'] {
  const m = /=\s*([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(out);
  return m ? { min: Number(m[1]), avg: Number(m[2]), max: Number(m[3]) } : null;
}

/** Round trip and bulk throughput from the load generator to the server. */
export async function probeNetwork(layout: Layout): Promise<NetworkPath> {
  const { client, server } = layout;
  const notes: string[] = [];
  const ping = await client.run(['ping', '-c', '5', '-i', '0.2', '-q', server.address], { cwd: client.root, timeoutMs: 20_000 });
  const rtt = ping.code === 0 ? parsePing(ping.stdout) : null;
  if (!rtt) notes.push(`ping from ${client.name} to ${server.address} failed (${(ping.stderr || ping.stdout).trim().split('\n').pop() ?? ping.code}; fix: apt-get install -y iputils-ping)`);
  let throughput: number | null = null;
  const port = await server.freePort().catch(() => null);
  if (port === null) {
    notes.push(`no free port on ${server.name} for the throughput probe`);
  } else {
    const srv = server.spawn(['iperf3', '-s', '-1', '-p', String(port)], { cwd: server.root });
    await new Promise((r) => setTimeout(r, 500));
    const c = await client.run(['iperf3', '-c', server.address, '-p', String(port), '-t', '2', '-J'], { cwd: client.root, timeoutMs: 30_000 });
    await srv.stop(2000);
    try {
      const j = JSON.parse(c.stdout) as { end?: { sum_received?: { bits_per_second?: number } } };
      throughput = j.end?.sum_received?.bits_per_second ?? null;
    } catch {
      throughput = null;
    }
    if (throughput === null) notes.push(`iperf3 from ${client.name} to ${server.name} did not run (${c.stderr.trim().split('\n').pop() ?? c.code}; fix: apt-get install -y iperf3 on both hosts)`);
  }
  return { from: client.name, to: server.name, rtt_ms: rtt, throughput_bits_per_second: throughput, notes };
}

/** Versions of the load generator and the database on the hosts that run them. */
export async function hostToolchains(h: Host, roles: readonly HostRole[]): Promise<Record<string, { version: string; command: string }>> {
  const out: Record<string, { version: string; command: string }> = {};
  const probes: Array<[string, string[]]> = [];
  if (roles.includes('client')) probes.push(['wrk', ['wrk', '-v']]);
  if (roles.includes('server')) probes.push(['node', ['node', '--version']], ['go', ['go', 'version']], ['java', ['java', '-version']], ['python3', ['python3', '--version']]);
  for (const [tool, argv] of probes) {
    const v = h instanceof SshHost ? await h.version(argv, h.root) : versionOf(argv);
    if (v) out[tool] = { version: v, command: argv.join(' ') };
  }
  return out;
}
