/**
 * The host probe: is the machine running at its usual speed right now?
 *
 * On shared virtual machines the host can slow one virtual CPU down by up to
 * 2× for seconds to minutes (measured here: an in-process JSON encoder on an
 * otherwise idle guest swung between 240 and 480 operations/s, with no steal
 * time and no guest process to blame). A repetition that falls into such a
 * phase measures the neighbours, not the server. So before each timed
 * repetition the runner times a fixed JSON-encoding task on the server's CPUs
 * (the server is idle then) and waits, within a limit, while it runs slower
 * than the best speed seen minus a tolerance; after the repetition, once the
 * server is idle again, it times the task once more. A repetition with a slow
 * reading on either side is kept in the run file as discarded and rerun, a
 * limited number of times. The decision never looks at the repetition's own
 * result.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { HostProbeSettings, HostSpeed } from '../../src/schemas/run.ts';
import { pinned } from './cpus.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host-probe-child.ts');

export interface HostProbeLimits {
  windowMs: number;
  tolerance: number;
  calibrationWindows: number;
  maxWaitSeconds: number;
  maxExtraRepetitions: number;
}

export const HOST_PROBE_DEFAULTS: HostProbeLimits = {
  windowMs: 500,
  /** A probe slower than (1 − tolerance) × the best speed seen counts as a disturbed host. */
  tolerance: 0.1,
  calibrationWindows: 10,
  // Kept short: a host slowed for minutes would otherwise stretch a run by
  // hours (measured here: 30 s and 4 reruns made HTTP cells take 2 min each).
  maxWaitSeconds: 10,
  maxExtraRepetitions: 2,
};
export const HOST_PROBE_QUICK: HostProbeLimits = { ...HOST_PROBE_DEFAULTS, calibrationWindows: 3, maxWaitSeconds: 2, maxExtraRepetitions: 0 };

export const HOST_PROBE_WORKLOAD = 'JSON.stringify of bench/data/records.json in Node, on the server CPUs';

export function relativeSpeed(speed: number, reference: number): number {
  return reference > 0 ? speed / reference : 1;
}

export function isCalm(relative: number, tolerance: number): boolean {
  return relative >= 1 - tolerance;
}

/** Whether a repetition measured around these probe readings is kept (the other case reruns it while reruns are left). */
export function keepRepetition(host: HostSpeed, tolerance: number, rerunsLeft: number): boolean {
  return rerunsLeft <= 0 || (isCalm(host.before, tolerance) && isCalm(host.after, tolerance));
}

export class HostProbe {
  private reference = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  readonly limits: HostProbeLimits;
  private constructor(child: ChildProcessWithoutNullStreams, lines: Interface, limits: HostProbeLimits) {
    this.child = child;
    this.lines = lines;
    this.limits = limits;
    // A failed spawn or a dead worker surfaces as a failed measure(), never as a crash.
    child.on('error', () => {});
    child.stdin.on('error', () => {});
  }

  /** Starts the worker pinned to the server CPUs; null when it cannot run (the suite then runs ungated). */
  static async start(cpus: string | null, recordsPath: string, limits: HostProbeLimits): Promise<HostProbe | null> {
    const child = spawn(...splitArgv(pinned([process.execPath, CHILD, recordsPath], cpus)), { stdio: ['pipe', 'pipe', 'pipe'] });
    const probe = new HostProbe(child, createInterface({ input: child.stdout }), limits);
    try {
      for (let i = 0; i < limits.calibrationWindows; i++) await probe.measure();
      return probe;
    } catch {
      probe.stop();
      return null;
    }
  }

  get referenceOpsPerSecond(): number {
    return this.reference;
  }

  settings(): HostProbeSettings {
    return {
      workload: HOST_PROBE_WORKLOAD,
      window_ms: this.limits.windowMs,
      tolerance: this.limits.tolerance,
      max_wait_seconds: this.limits.maxWaitSeconds,
      max_extra_repetitions: this.limits.maxExtraRepetitions,
      reference_ops_per_second: this.reference,
    };
  }

  /** One window; returns its speed relative to the best seen so far (which it may raise). */
  async measure(): Promise<number> {
    const line = await new Promise<string>((resolve, reject) => {
      const done = (err: Error | null, l?: string) => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        this.lines.off('line', onLine);
        if (err) reject(err);
        else resolve(l!);
      };
      const onLine = (l: string) => done(null, l);
      const onExit = () => done(new Error('host probe exited'));
      const timer = setTimeout(() => done(new Error('host probe did not answer')), this.limits.windowMs + 10_000);
      if (this.child.exitCode !== null || this.child.signalCode !== null) return done(new Error('host probe exited'));
      this.child.once('exit', onExit);
      this.lines.once('line', onLine);
      this.child.stdin.write(`${this.limits.windowMs}\n`);
    });
    const speed = Number(line);
    if (!Number.isFinite(speed) || speed <= 0) throw new Error(`host probe answered ${JSON.stringify(line)}`);
    this.reference = Math.max(this.reference, speed);
    return relativeSpeed(speed, this.reference);
  }

  /** Probes until the host is calm or the wait is over; returns the last reading. */
  async waitCalm(stopping: () => boolean): Promise<number> {
    const start = Date.now();
    let relative = await this.measure();
    while (!isCalm(relative, this.limits.tolerance) && !stopping() && Date.now() - start < this.limits.maxWaitSeconds * 1000) {
      relative = await this.measure();
    }
    return relative;
  }

  stop(): void {
    this.lines.close();
    this.child.kill('SIGKILL');
  }
}

function splitArgv(argv: string[]): [string, string[]] {
  return [argv[0]!, argv.slice(1)];
}
