/**
 * A model of the shared 2-core VM this report was measured on, to test the
 * statistics and choose the estimator on data whose truth is known.
 *
 * Observed on the host (a CPU-bound loop pinned to one vCPU, read every
 * 0.1–0.25 s): the vCPU runs at two speeds about 1.7× apart, each held for
 * seconds at a time (sometimes minutes); inside the fast phase there are
 * short dips of a tenth to a few tenths of a second; the two vCPUs change
 * speed independently. THIS_HOST is fitted to three readings taken there:
 * 1-s readings of one workload vary by 15–20 %, two workloads compared as
 * 10-s blocks give ratios with a CV of 6 %, and the same two interleaved in
 * 0.25-s slices give a ratio of medians with a CV of 1.5 % (the model gives
 * 13 %, 8 % and 2.3 %: a little harsher than the host).
 */
import { seededRandom, type Sample, type Series } from '../../src/lib/statistics.ts';

export interface HostModel {
  /** Mean time the fast and the slow phase last (exponentially distributed), seconds. */
  fastSeconds: number;
  slowSeconds: number;
  /** Speed of the slow phase relative to the fast one. */
  slowSpeed: number;
  /** Dips inside the fast phase: how often, how long, how deep. */
  dipsPerSecond: number;
  dipSeconds: [number, number];
  dipSpeed: [number, number];
  /** Relative noise of one reading that the host's phases do not explain. */
  jitter: number;
}

export const THIS_HOST: HostModel = {
  fastSeconds: 3,
  slowSeconds: 0.8,
  slowSpeed: 1 / 1.7,
  dipsPerSecond: 0.2,
  dipSeconds: [0.1, 0.3],
  dipSpeed: [0.5, 0.8],
  jitter: 0.01,
};

/** The same host on a bad day: slow phases that last as long as a whole round. */
export const LONG_PHASES_HOST: HostModel = { ...THIS_HOST, fastSeconds: 30, slowSeconds: 10 };

/** A quiet host: what a dedicated machine looks like. */
export const QUIET_HOST: HostModel = { ...THIS_HOST, slowSeconds: 0, dipsPerSecond: 0, jitter: 0.01 };

interface Segment {
  start: number;
  end: number;
  speed: number;
}

/** The host's speed over time, drawn once; answers mean speed over an interval and the time a given amount of work takes. */
export class HostTrace {
  private readonly segs: Segment[] = [];
  /** Work done (speed × seconds) before each segment. */
  private readonly workBefore: number[] = [];
  readonly random: () => number;
  readonly model: HostModel;
  readonly horizon: number;

  constructor(model: HostModel, seed: number, horizon = 36_000) {
    this.model = model;
    this.horizon = horizon;
    this.random = seededRandom(seed);
    const exp = (m: number) => -Math.log(1 - this.random()) * m;
    const between = ([a, b]: [number, number]) => a + (b - a) * this.random();
    let t = 0;
    let fast = model.slowSeconds <= 0 || this.random() < model.fastSeconds / (model.fastSeconds + model.slowSeconds);
    while (t < horizon) {
      const length = Math.max(0.05, exp(fast ? model.fastSeconds : model.slowSeconds));
      const end = t + length;
      if (fast && model.dipsPerSecond > 0) {
        let u = t + exp(1 / model.dipsPerSecond);
        let from = t;
        while (u < end) {
          const d = between(model.dipSeconds);
          this.push(from, u, 1);
          this.push(u, Math.min(end, u + d), between(model.dipSpeed));
          from = Math.min(end, u + d);
          u = from + exp(1 / model.dipsPerSecond);
        }
        this.push(from, end, 1);
      } else {
        this.push(t, end, fast ? 1 : model.slowSpeed);
      }
      t = end;
      if (model.slowSeconds > 0) fast = !fast;
    }
  }

  private push(start: number, end: number, speed: number): void {
    if (end <= start) return;
    const prev = this.segs[this.segs.length - 1];
    this.workBefore.push(prev ? this.workBefore[this.workBefore.length - 1]! + (prev.end - prev.start) * prev.speed : 0);
    this.segs.push({ start, end, speed });
  }

  /** Index of the segment holding time t (binary search). */
  private at(t: number): number {
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segs[mid]!.start <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Work done from time 0 to t. */
  private workAt(t: number): number {
    const i = this.at(t);
    const s = this.segs[i]!;
    return this.workBefore[i]! + (Math.min(t, s.end) - s.start) * s.speed;
  }

  meanSpeed(t0: number, t1: number): number {
    return (this.workAt(t1) - this.workAt(t0)) / (t1 - t0);
  }

  /** When work started at t0 that needs `seconds` at full speed ends. */
  finish(t0: number, seconds: number): number {
    const target = this.workAt(t0) + seconds;
    let i = this.at(t0);
    while (i < this.segs.length - 1 && this.workBefore[i + 1]! < target) i++;
    const s = this.segs[i]!;
    return s.start + (target - this.workBefore[i]!) / s.speed;
  }

  noise(): number {
    return this.noiseWith(this.model.jitter);
  }

  /** 1 + sd·z for a standard normal z (Box–Muller). */
  noiseWith(sd: number): number {
    const u = 1 - this.random();
    const v = this.random();
    return 1 + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

type Protocol = 'interleaved' | 'blocked';

export interface SimulationOptions {
  /** True rate (slices) or true time (process runs) of each member at full speed. */
  truth: readonly number[];
  protocol: Protocol;
  rounds: number;
  /** 'slice': fixed-length timed slices measuring a rate; 'run': a fixed amount of work measured as a time. */
  kind: 'slice' | 'run';
  sliceSeconds?: number;
  /** Idle time between two samples (load generator start, drain). */
  gapSeconds?: number;
  /** Time after which the first sample starts (a random offset into the trace). */
  startAt?: number;
  /**
   * Layout bias (Mytkowicz et al., ASPLOS 2009): a process's environment
   * size, argv, working directory and link order shift its speed by a few
   * percent. Each process draws a factor exp(σ·z); `per: 'run'` keeps one
   * process layout per member for the whole measurement (a twin that differs
   * only in name draws its own, once), `per: 'round'` draws a new layout every
   * round, as the runner does by randomising the environment, argv[0] and
   * working directory of every process it starts.
   */
  layoutBias?: { sigma: number; per: 'run' | 'round' };
}

/**
 * Simulates one measurement of `truth.length` members on the trace. Interleaved:
 * every round visits all members in a fresh random order, and all samples
 * share one group. Blocked: all samples of a member in a row, each member a
 * group of its own (nothing pairs them up in time).
 */
export function simulate(trace: HostTrace, o: SimulationOptions): Series[] {
  const slice = o.sliceSeconds ?? 1;
  const gap = o.gapSeconds ?? 0.2;
  let t = o.startAt ?? trace.random() * (trace.horizon / 2);
  const samples: Sample[][] = o.truth.map(() => []);
  const layouts = new Map<string, number>();
  const layout = (member: number, round: number): number => {
    if (!o.layoutBias) return 1;
    const key = o.layoutBias.per === 'run' ? `${member}` : `${member}/${round}`;
    let f = layouts.get(key);
    if (f === undefined) {
      f = Math.exp(o.layoutBias.sigma * (trace.noiseWith(1) - 1));
      layouts.set(key, f);
    }
    return f;
  };
  const take = (member: number, round: number) => {
    // A layout that slows a process stretches a time and shrinks a rate.
    const truth = o.kind === 'slice' ? o.truth[member]! / layout(member, round) : o.truth[member]! * layout(member, round);
    if (o.kind === 'slice') {
      samples[member]!.push({ round, value: truth * trace.meanSpeed(t, t + slice) * trace.noise() });
      t += slice + gap;
    } else {
      const end = trace.finish(t, truth);
      samples[member]!.push({ round, value: (end - t) * trace.noise() });
      t = end + gap;
    }
  };
  if (o.protocol === 'interleaved') {
    const order = o.truth.map((_, i) => i);
    for (let r = 0; r < o.rounds; r++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(trace.random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const m of order) take(m, r);
    }
    return samples.map((s) => ({ group: 'sim', samples: s }));
  }
  for (let m = 0; m < o.truth.length; m++) for (let r = 0; r < o.rounds; r++) take(m, r);
  return samples.map((s, m) => ({ group: `sim-${m}`, samples: s }));
}
