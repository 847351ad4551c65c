/**
 * Long-lived worker processes driven over stdin/stdout (the protocol of
 * bench/README.md, "Workers"): the CPU and ops suites time kernels and
 * operations in quarter-second slices inside a warm process, so the members of
 * a group can be interleaved as finely as the HTTP suite's servers.
 *
 *   worker → {"ready":true,"tests":[…]}                       once, when ready
 *   run <test> <seconds>  → {"test","units","chunks","seconds","checksum"}
 *   count <test> <n>      → {"test","units","checksum"}        (one chunk of n, untimed)
 *   quit (or EOF)         → exit 0;  a failure → {"error":"…"} and a non-zero exit
 *
 * A worker is spawned like every child (detached, in its own process group,
 * pinned by taskset), so Ctrl-C kills it with the rest; every answer is awaited
 * with a timeout, after which the worker's group is killed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pinned } from './cpus.ts';
import { lastLines, spawnDetached, stopGroup, type Spawned } from './processes.ts';

/** A worker's answer to `run`. */
export interface RunAnswer {
  test: string;
  units: number;
  chunks: number;
  seconds: number;
  checksum: string;
  /**
   * CPU time the worker's threads got while it answered, from the kernel's
   * scheduler statistics (/proc/PID/task/TID/schedstat, nanoseconds); null where
   * they cannot be read. Beside the worker's own clock it shows how much of a
   * slice other processes took.
   */
  cpuSeconds?: number | null;
}

/** Nanoseconds on a CPU of every thread of a process so far, or null. */
function schedCpuNs(pid: number): number | null {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const first = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0];
      total += Number(first);
    }
    return Number.isFinite(total) ? total : null;
  } catch {
    return null;
  }
}

/** A worker's answer to `count`. */
export interface CountAnswer {
  test: string;
  units: number;
  checksum: string;
}

export class WorkerError extends Error {}

export interface WorkerStart {
  argv: readonly string[];
  cwd: string;
  env?: Record<string, string>;
  cpus: string | null;
  /** How long the worker may take to print its ready line. */
  readyTimeoutMs: number;
  /** What to call it in errors, e.g. "cpu/go/nbody worker". */
  name: string;
}

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const checksumOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

/** Parses one answer line; throws WorkerError naming what is wrong. */
export function parseAnswer(line: string, name: string): Record<string, unknown> {
  let j: unknown;
  try {
    j = JSON.parse(line);
  } catch {
    throw new WorkerError(`${name} answered a line that is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new WorkerError(`${name} answered ${JSON.stringify(line.slice(0, 200))}, not a JSON object`);
  const o = j as Record<string, unknown>;
  if (typeof o['error'] === 'string') throw new WorkerError(`${name} reported an error: ${o['error']}`);
  return o;
}

/** Checks a `run` answer for `test`. */
export function runAnswer(o: Record<string, unknown>, test: string, name: string): RunAnswer {
  const checksum = checksumOf(o['checksum']);
  const seconds = o['seconds'];
  const bad = (why: string) => new WorkerError(`${name}: the answer to "run ${test}" ${why}: ${JSON.stringify(o).slice(0, 200)}`);
  if (o['test'] !== test) throw bad(`names test ${JSON.stringify(o['test'])}`);
  if (!positiveInt(o['units'])) throw bad('has no whole positive "units"');
  if (!positiveInt(o['chunks'])) throw bad('has no whole positive "chunks"');
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) throw bad('has no positive "seconds"');
  if (checksum === null) throw bad('has no "checksum"');
  if ((o['units'] as number) % (o['chunks'] as number) !== 0) throw bad('has units that are not a whole number of chunks');
  return { test, units: o['units'] as number, chunks: o['chunks'] as number, seconds, checksum };
}

function countAnswer(o: Record<string, unknown>, test: string, n: number, name: string): CountAnswer {
  const checksum = checksumOf(o['checksum']);
  const bad = (why: string) => new WorkerError(`${name}: the answer to "count ${test} ${n}" ${why}: ${JSON.stringify(o).slice(0, 200)}`);
  if (o['test'] !== test) throw bad(`names test ${JSON.stringify(o['test'])}`);
  if (o['units'] !== n) throw bad(`says ${JSON.stringify(o['units'])} units`);
  if (checksum === null) throw bad('has no "checksum"');
  return { test, units: n, checksum };
}

/** One running worker process. */
export class Worker {
  readonly tests: string[];
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private gone = false;

  private readonly p: Spawned;
  readonly name: string;

  private constructor(p: Spawned, name: string, tests: string[], buffered: { lines: string[]; attach: (w: Worker) => void }) {
    this.p = p;
    this.name = name;
    this.tests = tests;
    this.lines.push(...buffered.lines);
    buffered.attach(this);
  }

  /** Starts a worker and waits for its ready line. */
  static async start(s: WorkerStart): Promise<Worker> {
    const p = spawnDetached(pinned(s.argv, s.cpus), { cwd: s.cwd, ...(s.env ? { env: s.env } : {}), stdin: 'pipe', maxStdoutBytes: 64 * 1024 });
    // stdin errors (EPIPE from a worker that died) surface as exits, not as crashes of the runner.
    p.child.stdin?.on('error', () => {});
    const pending: string[] = [];
    let owner: Worker | null = null;
    let partial = '';
    let wake: (() => void) | null = null;
    p.child.stdout?.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, nl).trim();
        partial = partial.slice(nl + 1);
        if (line === '') continue;
        if (owner) owner.push(line);
        else {
          pending.push(line);
          wake?.();
        }
      }
    });
    const failure = async (why: string): Promise<never> => {
      if (p.pid !== null) await stopGroup(p.pid, 1000);
      const tail = lastLines(p.stderr(), 6);
      throw new WorkerError(`${s.name} ${why}${tail ? `:\n${tail}` : ''}`);
    };
    const deadline = Date.now() + s.readyTimeoutMs;
    let exited = false;
    void p.exited.then(() => {
      exited = true;
      wake?.();
    });
    for (;;) {
      const line = pending.shift();
      if (line !== undefined) {
        // Lines before the ready line that are not JSON objects (a runtime's banner) are not answers: skip them.
        if (!line.startsWith('{')) continue;
        let o: Record<string, unknown>;
        try {
          o = parseAnswer(line, s.name);
        } catch (e) {
          return failure(`did not start: ${(e as Error).message.replace(`${s.name} `, '')}`);
        }
        if (o['ready'] !== true) continue;
        const tests = o['tests'];
        if (!Array.isArray(tests) || !tests.every((t) => typeof t === 'string')) return failure('printed a ready line without a "tests" list of names');
        return new Worker(p, s.name, tests as string[], { lines: pending.splice(0), attach: (w) => (owner = w) });
      }
      if (exited) {
        const info = await p.exited;
        return failure(`exited before it was ready (${info.spawnError ?? (info.signal ? `killed by ${info.signal}` : `exit code ${info.code}`)})`);
      }
      const left = deadline - Date.now();
      if (left <= 0) return failure(`printed no ready line within ${Math.round(s.readyTimeoutMs / 1000)} s and was killed`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(t);
          wake = null;
          resolve();
        };
      });
    }
  }

  private push(line: string): void {
    this.lines.push(line);
    this.waiter?.();
  }

  get pid(): number | null {
    return this.p.pid;
  }

  /** Sends one command and waits for one answer line (bounded); kills the worker on a timeout or a bad answer. */
  private async ask(command: string, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.gone || this.p.done()) throw await this.died(command);
    this.p.child.stdin!.write(`${command}\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        try {
          return parseAnswer(line, this.name);
        } catch (e) {
          await this.kill();
          throw e;
        }
      }
      if (this.p.done()) throw await this.died(command);
      const left = deadline - Date.now();
      if (left <= 0) {
        await this.kill();
        throw new WorkerError(`${this.name} did not answer "${command}" within ${(timeoutMs / 1000).toFixed(1)} s and was killed`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = null;
          resolve();
        };
        void this.p.exited.then(() => this.waiter?.());
      });
    }
  }

  private async died(command: string): Promise<WorkerError> {
    const info = await this.p.exited;
    this.gone = true;
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    const tail = lastLines(this.p.stderr(), 6);
    return new WorkerError(`${this.name} ${how} while answering "${command}"${tail ? `:\n${tail}` : ''}`);
  }

  /** Runs whole chunks of `test` for at least `seconds` of the worker's own clock. */
  async run(test: string, seconds: number, timeoutMs: number): Promise<RunAnswer> {
    const pid = this.p.pid;
    const before = pid === null ? null : schedCpuNs(pid);
    const answer = runAnswer(await this.ask(`run ${test} ${seconds}`, timeoutMs), test, this.name);
    const after = pid === null ? null : schedCpuNs(pid);
    return { ...answer, cpuSeconds: before === null || after === null ? null : (after - before) / 1e9 };
  }

  /** One untimed chunk of exactly `n` units (for callgrind). */
  async count(test: string, n: number, timeoutMs: number): Promise<CountAnswer> {
    return countAnswer(await this.ask(`count ${test} ${n}`, timeoutMs), test, n, this.name);
  }

  /** Asks the worker to quit; kills its group if it does not within `graceMs`. */
  async quit(graceMs = 2000): Promise<void> {
    if (!this.p.done()) {
      this.p.child.stdin?.end('quit\n');
      await Promise.race([this.p.exited, new Promise((r) => setTimeout(r, graceMs))]);
    }
    await this.kill();
  }

  /** Asks the worker to quit and waits for it to exit (bounded); its exit and the tail of its stderr (callgrind's totals are there). */
  async quitAndWait(timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
    if (!this.p.done()) {
      this.p.child.stdin?.end('quit\n');
      await Promise.race([this.p.exited, new Promise((r) => setTimeout(r, timeoutMs))]);
    }
    const done = this.p.done();
    await this.kill();
    const info = await this.p.exited;
    return { code: done ? info.code : null, stderr: this.p.stderr() };
  }

  private async kill(): Promise<void> {
    this.gone = true;
    if (this.p.pid !== null) await stopGroup(this.p.pid, 1000);
  }
}
