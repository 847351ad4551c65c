/**
 * A host the runner uses: this machine (LocalHost) or one reached over SSH
 * (SshHost). The HTTP and web-stack suites start servers and run the load
 * generator through this interface, so the same code measures one machine
 * or a lab of three.
 *
 * Remote processes: every command runs under a small POSIX-shell wrapper that
 * starts it in its own process group (setsid), prints that group's id, and
 * kills the group when the SSH channel closes — on Ctrl-C, on a stop, and on
 * a dropped connection — so nothing is left running on any host. No agent of
 * our own is installed on the remote side.
 */
import { stripVTControlCharacters } from 'node:util';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostRole, HostSpec, SshTarget } from '../../../src/schemas/hosts.ts';
import { pinned } from '../cpus.ts';
import { waitIdle } from '../idle.ts';
import { startSampler } from '../memory.ts';
import { shellQuote } from '../placeholders.ts';
import { freePort } from '../ports.ts';
import { runCommand, spawnDetached, stopGroup, type RunResult, type Spawned } from '../processes.ts';
import { GNU_TIME, gnuTimeAvailable, parseGnuTime, runTimed, type TimedResult } from '../timed.ts';
import { versionOf } from '../machine.ts';
import { sshArgv, sshProblem, type SshProblem } from './ssh.ts';

export interface Memory {
  peak_rss_bytes: number;
  peak_pss_bytes: number | null;
  processes: number;
}

export interface HostProcess extends Spawned {
  /** Stops the whole process group on its host (TERM, then KILL). */
  stop(graceMs?: number): Promise<void>;
  /** The process group on its host (null until known, or when it could not start). */
  group(): number | null;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string> | undefined;
  timeoutMs: number;
  maxStdoutBytes?: number;
}

export interface TimedOptions {
  env?: Record<string, string> | undefined;
  timeoutMs: number;
  cpus: string | null;
  /** File names in the scratch directory to read back. */
  readBack?: readonly string[];
}

const fill = (text: string, scratch: string) => text.replaceAll('{scratch}', scratch);
let scratchCounter = 0;

export interface Host {
  readonly name: string;
  readonly roles: readonly HostRole[];
  /** Where the other hosts (and the runner) reach it over the benchmark network. */
  readonly address: string;
  /** CPUs its role may use (taskset list), null for all. */
  readonly cpus: string | null;
  readonly local: boolean;
  /** The project checkout on that host. */
  readonly root: string;
  /** Set once the host stopped answering: every later call fails with it. */
  problem: SshProblem | null;
  describe(): string;
  /** A path of the checkout (given relative to the local checkout) on this host. */
  pathOf(localPath: string): string;
  spawn(argv: readonly string[], opts: { cwd: string; env?: Record<string, string> | undefined; maxStdoutBytes?: number }): HostProcess;
  run(argv: readonly string[], opts: RunOptions): Promise<RunResult>;
  /**
   * Runs under GNU time, pinned to `cpus`, in a fresh scratch directory (its
   * path is given to `argv` and `env` as {scratch}); `readBack` names files in
   * it whose contents come back. The directory is removed afterwards.
   */
  runTimed(argv: readonly string[], opts: TimedOptions): Promise<TimedResult & { files: Record<string, string | null> }>;
  freePort(): Promise<number>;
  /** Peak memory of a process group while `during` runs. */
  sampleMemory<T>(proc: HostProcess, during: () => Promise<T>): Promise<{ result: T; memory: Memory | null }>;
  /** Waits (bounded) until a process group stops using CPU; a no-op where that cannot be read. */
  waitIdle(proc: HostProcess): Promise<void>;
  /** First line a version command prints on this host, or null. */
  version(argv: readonly string[], cwd: string, env?: Record<string, string>): Promise<string | null>;
}

/**
 * A folder of the runner's own in the host's temporary directory (`mktemp -d`,
 * as the host's user, who may not write into the checkout); `what` names it
 * in the error. The caller removes it.
 */
export async function hostTempDir(host: Host, prefix: string, what: string): Promise<string | { error: string }> {
  const r = await host.run(['mktemp', '-d', '-t', `${prefix}-XXXXXX`], { cwd: host.root, timeoutMs: 30_000 });
  const dir = r.stdout.trim();
  if (r.code !== 0 || !dir.startsWith('/')) return { error: `could not create ${what} on ${host.describe()} (mktemp -d: ${r.stderr.trim() || `exit ${r.code}`})` };
  return dir;
}

/** The first non-empty line of a command's output, without colour codes. */
function firstLine(text: string): string | null {
  return (
    stripVTControlCharacters(text)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? null
  );
}

// ------------------------------------------------------------------ this machine

export class LocalHost implements Host {
  readonly local = true;
  problem: SshProblem | null = null;
  readonly name: string;
  readonly roles: readonly HostRole[];
  readonly address: string;
  readonly cpus: string | null;
  readonly root: string;

  constructor(o: { name?: string; roles?: readonly HostRole[]; address?: string; cpus: string | null; root: string }) {
    this.name = o.name ?? 'local';
    this.roles = o.roles ?? ['server', 'client', 'database'];
    this.address = o.address ?? '127.0.0.1';
    this.cpus = o.cpus;
    this.root = o.root;
  }

  describe(): string {
    return this.name === 'local' ? 'this machine' : `${this.name} (this machine)`;
  }

  pathOf(localPath: string): string {
    return localPath;
  }

  spawn(argv: readonly string[], opts: { cwd: string; env?: Record<string, string> | undefined; maxStdoutBytes?: number }): HostProcess {
    const p = spawnDetached(argv, { cwd: opts.cwd, ...(opts.env ? { env: opts.env } : {}), ...(opts.maxStdoutBytes ? { maxStdoutBytes: opts.maxStdoutBytes } : {}) });
    return {
      ...p,
      stop: async (graceMs = 5000) => {
        if (p.pid !== null) await stopGroup(p.pid, graceMs);
      },
      group: () => p.pid,
    };
  }

  run(argv: readonly string[], opts: RunOptions): Promise<RunResult> {
    return runCommand(argv, { cwd: opts.cwd, timeoutMs: opts.timeoutMs, ...(opts.env ? { env: opts.env } : {}), ...(opts.maxStdoutBytes ? { maxStdoutBytes: opts.maxStdoutBytes } : {}) });
  }

  async runTimed(argv: readonly string[], opts: TimedOptions) {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'diezmil-timed-'));
    try {
      const env = opts.env ? Object.fromEntries(Object.entries(opts.env).map(([k, v]) => [k, fill(v, scratch)])) : undefined;
      const r = await runTimed(argv.map((a) => fill(a, scratch)), { cwd: scratch, cpus: opts.cpus, timeoutMs: opts.timeoutMs, ...(env ? { env } : {}) });
      const files: Record<string, string | null> = {};
      for (const f of opts.readBack ?? []) {
        try {
          files[f] = readFileSync(path.join(scratch, f), 'utf8');
        } catch {
          files[f] = null;
        }
      }
      return { ...r, files };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  freePort(): Promise<number> {
    return freePort();
  }

  async sampleMemory<T>(proc: HostProcess, during: () => Promise<T>): Promise<{ result: T; memory: Memory | null }> {
    if (proc.pid === null) return { result: await during(), memory: null };
    const sampler = startSampler(proc.pid);
    const result = await during();
    return { result, memory: sampler.stop() };
  }

  async waitIdle(proc: HostProcess): Promise<void> {
    if (proc.pid !== null && !proc.done()) await waitIdle(proc.pid, { intervalMs: 100, maxTicks: 1, timeoutMs: 3000 });
  }

  async version(argv: readonly string[], cwd: string, env?: Record<string, string>): Promise<string | null> {
    return versionOf(argv, cwd, env);
  }
}

// ------------------------------------------------------------------ over SSH

/** Marker the wrapper prints on stderr with the remote process group id. */
const PGID_MARK = 'diezmil-remote-pgid';
/** Markers between files read back after a timed run. */
const FILE_MARK = '--diezmil-file-';
const MISSING_MARK = '--diezmil-missing--';

/**
 * The remote wrapper: `cd`, environment, then the command in a new session
 * (its own process group); a watcher kills that group when stdin — the SSH
 * channel — closes; the wrapper exits with the command's status.
 */
function remoteWrapper(argv: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const envs = Object.entries(env).map(([k, v]) => `${k}=${shellQuote([v])}`);
  const cmd = shellQuote(argv);
  return [
    `cd ${shellQuote([cwd])} || exit 127`,
    `${envs.length ? `export ${envs.join(' ')}; ` : ''}setsid ${cmd} </dev/null & pid=$!`,
    `echo "${PGID_MARK} $pid" >&2`,
    // A background job's stdin is /dev/null unless redirected explicitly: hand it the channel as fd 3.
    `exec 3<&0`,
    `( cat <&3 >/dev/null 2>&1; kill -TERM -"$pid" 2>/dev/null && { i=0; while [ $i -lt 30 ] && kill -0 -"$pid" 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -KILL -"$pid" 2>/dev/null; }; exit 0 ) >/dev/null 2>&1 &`,
    `exec 3<&-`,
    `wait "$pid"`,
  ].join('\n');
}

function parsePgid(stderr: string): number | null {
  const m = new RegExp(`${PGID_MARK} (\\d+)`).exec(stderr);
  return m ? Number(m[1]) : null;
}

function withoutMark(stderr: string): string {
  return stderr.replace(new RegExp(`^${PGID_MARK} \\d+\\n?`, 'm'), '');
}

export class SshHost implements Host {
  readonly local = false;
  problem: SshProblem | null = null;
  readonly name: string;
  readonly roles: readonly HostRole[];
  readonly address: string;
  readonly cpus: string | null;
  readonly root: string;
  readonly target: SshTarget;
  readonly controlPath: string;
  private readonly localRoot: string;

  constructor(spec: HostSpec & { ssh: SshTarget }, localRoot: string, controlDir: string) {
    this.name = spec.name;
    this.roles = spec.roles;
    this.address = spec.address;
    this.cpus = spec.cpus;
    this.target = spec.ssh;
    this.localRoot = localRoot;
    this.root = spec.workdir ?? localRoot;
    mkdirSync(controlDir, { recursive: true, mode: 0o700 });
    // Unix socket paths are short (108 bytes): a short name in a private dir.
    this.controlPath = path.join(controlDir, `${spec.name}.sock`);
  }

  describe(): string {
    return `${this.name} (${this.target.destination}${this.target.port !== 22 ? `:${this.target.port}` : ''})`;
  }

  pathOf(localPath: string): string {
    const rel = path.relative(this.localRoot, localPath);
    return rel.startsWith('..') ? localPath : path.posix.join(this.root, rel.split(path.sep).join('/'));
  }

  /** ssh argv for a one-off remote shell command. */
  command(remote: string): string[] {
    return sshArgv(this.target, this.controlPath, remote);
  }

  private fail(r: { code: number | null; stderr: string }, what: string): SshProblem | null {
    const p = sshProblem(r.code, r.stderr, `host ${this.describe()}, ${what}`, this.target);
    if (p && (p.kind === 'dropped' || p.kind === 'unreachable')) this.problem ??= p;
    return p;
  }

  /** A remote shell command to completion (no process-group wrapper: for short housekeeping). */
  async shell(remote: string, timeoutMs = 30_000): Promise<RunResult> {
    if (this.problem) return { code: 255, signal: null, spawnError: this.problem.message, stdout: '', stderr: this.problem.message, timedOut: false, wallSeconds: 0 };
    const r = await runCommand(this.command(remote), { cwd: os.tmpdir(), timeoutMs });
    this.fail(r, 'a command');
    return r;
  }

  spawn(argv: readonly string[], opts: { cwd: string; env?: Record<string, string> | undefined; maxStdoutBytes?: number }): HostProcess {
    // stdin is the watcher's lifeline: it must stay open while the command runs.
    const p = spawnDetached(this.command(remoteWrapper(argv, opts.cwd, opts.env ?? {})), { cwd: os.tmpdir(), stdin: 'pipe', ...(opts.maxStdoutBytes ? { maxStdoutBytes: opts.maxStdoutBytes } : {}) });
    const stop = async (graceMs = 5000) => {
      const pgid = parsePgid(p.stderr());
      if (pgid !== null && !p.done() && !this.problem) {
        const secs = Math.max(1, Math.round(graceMs / 1000));
        await this.shell(`kill -TERM -${pgid} 2>/dev/null; for i in $(seq ${secs * 10}); do kill -0 -${pgid} 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL -${pgid} 2>/dev/null; exit 0`, graceMs + 10_000);
      }
      // Closing the channel makes the watcher kill whatever is left.
      p.child.stdin?.end();
      if (p.pid !== null) await stopGroup(p.pid, graceMs);
    };
    const proc: HostProcess = {
      ...p,
      pid: null, // a remote group: the local pid is only the ssh client's
      stderr: () => withoutMark(p.stderr()),
      stop,
      group: () => parsePgid(p.stderr()),
    };
    void p.exited.then((info) => this.fail({ code: info.code, stderr: p.stderr() }, `running ${argv[0]}`));
    return proc;
  }

  async run(argv: readonly string[], opts: RunOptions): Promise<RunResult> {
    if (this.problem) return { code: 255, signal: null, spawnError: this.problem.message, stdout: '', stderr: this.problem.message, timedOut: false, wallSeconds: 0 };
    const r = await runCommand(this.command(remoteWrapper(argv, opts.cwd, opts.env ?? {})), { cwd: os.tmpdir(), stdin: 'pipe', timeoutMs: opts.timeoutMs, ...(opts.maxStdoutBytes ? { maxStdoutBytes: opts.maxStdoutBytes } : {}) });
    const problem = this.fail(r, `running ${argv[0]}`);
    return { ...r, stderr: problem ? `${problem.message}\nfix: ${problem.fix}` : withoutMark(r.stderr) };
  }

  async runTimed(argv: readonly string[], opts: TimedOptions) {
    // One round trip: make the scratch dir, run under GNU time, print the files back between markers, clean up.
    const scratch = `/tmp/diezmil-timed-${process.pid}-${++scratchCounter}`;
    const env = opts.env ? Object.fromEntries(Object.entries(opts.env).map(([k, v]) => [k, fill(v, scratch)])) : {};
    const cmd = pinned(argv.map((a) => fill(a, scratch)), opts.cpus);
    const inner = gnuTimeAvailable() ? [GNU_TIME, '-f', '%e %U %S %M', '-o', `${scratch}/time.txt`, ...cmd] : cmd;
    const wanted = ['time.txt', ...(opts.readBack ?? [])];
    const after = [
      'code=$?',
      ...wanted.map((f, i) => `echo '${FILE_MARK}${i}--'; cat ${shellQuote([`${scratch}/${f}`])} 2>/dev/null || echo '${MISSING_MARK}'`),
      `rm -rf ${shellQuote([scratch])}`,
      'exit $code',
    ].join('\n');
    if (this.problem) return { code: 255, signal: null, spawnError: this.problem.message, stdout: '', stderr: this.problem.message, timedOut: false, wallSeconds: 0, rep: { wall_seconds: 0, user_seconds: null, sys_seconds: null, max_rss_bytes: null }, files: {} };
    const r = await runCommand(this.command(`mkdir -p ${shellQuote([scratch])} || exit 127\n${remoteWrapper(inner, scratch, env)}\n${after}`), { cwd: os.tmpdir(), stdin: 'pipe', timeoutMs: opts.timeoutMs });
    const problem = this.fail(r, `running ${argv[0]}`);
    const files: Record<string, string | null> = {};
    const sections = r.stdout.split(new RegExp(`${FILE_MARK}(\\d+)--\\n`));
    const stdout = sections[0] ?? '';
    for (let i = 1; i < sections.length; i += 2) {
      const body = sections[i + 1] ?? '';
      files[wanted[Number(sections[i])]!] = body.startsWith(MISSING_MARK) ? null : body;
    }
    const parsed = files['time.txt'] ? parseGnuTime(files['time.txt']!) : null;
    delete files['time.txt'];
    return {
      ...r,
      stdout,
      stderr: problem ? `${problem.message}\nfix: ${problem.fix}` : withoutMark(r.stderr),
      // The host's own clock for the time: the SSH round trip is not the program's.
      wallSeconds: parsed ? parsed.elapsed : r.wallSeconds,
      rep: {
        wall_seconds: parsed ? parsed.elapsed : r.wallSeconds,
        user_seconds: parsed ? parsed.user : null,
        sys_seconds: parsed ? parsed.sys : null,
        max_rss_bytes: parsed ? parsed.maxRssKb * 1024 : null,
      },
      files,
    };
  }

  async freePort(): Promise<number> {
    // A random port nothing listens on, checked with ss on the host itself.
    const r = await this.shell(`for p in $(shuf -i 20000-60999 -n 40); do ss -Hltn "sport = :$p" | grep -q . || { echo $p; exit 0; }; done; exit 1`);
    const port = Number(r.stdout.trim());
    if (r.code !== 0 || !Number.isInteger(port)) throw new Error(`host ${this.describe()}: no free port found (${r.stderr.trim() || 'ss failed'})`);
    return port;
  }

  async sampleMemory<T>(proc: HostProcess, during: () => Promise<T>): Promise<{ result: T; memory: Memory | null }> {
    let peakRss = 0;
    let peakPss: number | null = 0;
    let processes = 0;
    let samples = 0;
    const group = proc.group();
    let running = group !== null;
    const loop = (async () => {
      while (running) {
        const r = await this.shell(`for p in $(pgrep -g ${group}); do printf '%s ' $p; awk '/^(Rss|Pss):/{printf "%s %s ", $1, $2}' /proc/$p/smaps_rollup 2>/dev/null; echo; done`, 10_000);
        if (r.code === 0) {
          let rss = 0;
          let pss: number | null = 0;
          let n = 0;
          for (const line of r.stdout.split('\n')) {
            const m = /Rss: (\d+)/.exec(line);
            if (!m) continue;
            n++;
            rss += Number(m[1]) * 1024;
            const p = /Pss: (\d+)/.exec(line);
            pss = pss === null || !p ? null : pss + Number(p[1]) * 1024;
          }
          if (n > 0) {
            samples++;
            peakRss = Math.max(peakRss, rss);
            peakPss = peakPss === null || pss === null ? null : Math.max(peakPss, pss);
            processes = Math.max(processes, n);
          }
        }
        await new Promise((res) => setTimeout(res, 300));
      }
    })();
    const result = await during();
    running = false;
    await loop;
    return { result, memory: samples > 0 ? { peak_rss_bytes: peakRss, peak_pss_bytes: peakPss, processes } : null };
  }

  async waitIdle(): Promise<void> {
    // Reading another host's /proc every 100 ms would cost a round trip each: the HTTP drain suffices.
  }

  async version(argv: readonly string[], cwd: string, env?: Record<string, string>): Promise<string | null> {
    const r = await this.run(argv, { cwd, env, timeoutMs: 20_000 });
    return r.spawnError || r.code === 255 || r.code === 127 ? null : firstLine(r.stdout + r.stderr);
  }

  /** Closes the multiplexed connection. */
  async close(): Promise<void> {
    await runCommand(['ssh', '-o', `ControlPath=${this.controlPath}`, '-O', 'exit', this.target.destination], { cwd: os.tmpdir(), timeoutMs: 5000 });
  }
}
