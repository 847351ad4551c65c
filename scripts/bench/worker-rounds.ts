/**
 * One round of a worker-timed group (CPU kernels, ops): a fresh worker for
 * every member (each with a layout of its own), a warm-up, then several passes
 * over the round's random order in which every member runs its test for a
 * slice of about a quarter second. A member's value for the round is its
 * total seconds ÷ its total units (times a scale: units per problem, or 1e9
 * for ns per operation), so a member whose single chunk outlasts the slice
 * simply gets longer slices, and only it does.
 */
import type { WorkerSlice } from '../../src/schemas/run.ts';
import type { Taken } from './rounds.ts';
import { WorkerError, type RunAnswer, type Worker } from './workers.ts';

/** The slice a member is asked for, seconds (the HTTP suite's, for the same reason: the host changes speed every few seconds). */
export const SLICE_SECONDS = 0.25;
/** Passes over the round's order (quick runs: 1). */
export const PASSES = 3;
/** Warm-up of a JIT runtime: half-slices until the rate stops rising, at least this many… */
export const JIT_WARMUP_MIN = 4;
/** …and at most this many (3 s). */
export const JIT_WARMUP_MAX = 24;
/** A JIT's rate counts as settled when a slice is no more than this much faster than the best before it. */
const JIT_SETTLED = 0.02;
/** Ahead-of-time compiled and interpreted members: one short slice (page faults, caches, branch predictors). */
const PLAIN_WARMUP_SECONDS = 0.1;

export interface RoundMember {
  id: string;
  test: string;
  jit: boolean;
  /** Starts this member's worker for `round` (a fresh layout each time). */
  start(round: number): Promise<Worker>;
  /** Why a slice's answer is wrong (checksum), or null. */
  check(answer: RunAnswer): string | null;
  /** Longest a slice may take before the worker is killed, ms. */
  timeoutMs: number;
}

export interface RoundSettings {
  sliceSeconds: number;
  passes: number;
  /** Warm JIT members until their rate settles (false in quick runs: one short slice, like everyone). */
  jitWarmup: boolean;
  /** Seconds per unit → the value the ratios are taken on (units per problem; 1e9 for ns). */
  scale(member: RoundMember): number;
  /** Called before each step, for progress. */
  step?(member: RoundMember, what: string): void;
  stopping?(): boolean;
}

/** What a round keeps of a member: its warm-up and its timed slices. */
export interface MemberRound {
  warmup: RunAnswer[];
  slices: WorkerSlice[];
  /** Total seconds ÷ total units of the timed slices. */
  secondsPerUnit: number;
}

/** Whether a JIT member's warm-up rates (units per second, in order) have settled. */
export function jitSettled(rates: readonly number[]): boolean {
  if (rates.length < JIT_WARMUP_MIN) return false;
  if (rates.length >= JIT_WARMUP_MAX) return true;
  const best = Math.max(...rates.slice(0, -1));
  return rates[rates.length - 1]! <= best * (1 + JIT_SETTLED);
}

/** Total seconds ÷ total units over a member's slices. */
export function secondsPerUnit(slices: readonly { units: number; seconds: number }[]): number {
  const units = slices.reduce((a, s) => a + s.units, 0);
  const seconds = slices.reduce((a, s) => a + s.seconds, 0);
  return units > 0 ? seconds / units : Number.NaN;
}

/**
 * Takes one round for `order` (the members sitting in this round, in its
 * random order). A member whose worker fails to start, dies or answers wrongly
 * gets an error for the round; the others go on. Workers are always stopped.
 */
export async function takeWorkerRound(order: readonly RoundMember[], round: number, s: RoundSettings): Promise<Taken<MemberRound>[]> {
  const workers = new Map<string, Worker>();
  const errors = new Map<string, string>();
  const kept = new Map<string, MemberRound>(order.map((m) => [m.id, { warmup: [], slices: [], secondsPerUnit: Number.NaN }]));
  const fail = (m: RoundMember, e: unknown) => {
    if (!(e instanceof WorkerError)) throw e;
    errors.set(m.id, `round ${round + 1}: ${e.message}`);
    const w = workers.get(m.id);
    workers.delete(m.id);
    return w?.quit(200);
  };
  try {
    for (const m of order) {
      if (s.stopping?.()) break;
      s.step?.(m, `round ${round + 1}: starting`);
      try {
        const w = await m.start(round);
        workers.set(m.id, w);
        if (!w.tests.includes(m.test)) await fail(m, new WorkerError(`${w.name} does not offer "${m.test}" (its ready line lists ${w.tests.join(', ') || 'nothing'})`));
      } catch (e) {
        await fail(m, e);
      }
    }
    for (const m of order) {
      const w = workers.get(m.id);
      if (!w || s.stopping?.()) continue;
      try {
        const rec = kept.get(m.id)!;
        if (m.jit && s.jitWarmup) {
          const rates: number[] = [];
          while (!jitSettled(rates) && !s.stopping?.()) {
            s.step?.(m, `round ${round + 1}: JIT warm-up ${rates.length + 1}`);
            const a = await w.run(m.test, s.sliceSeconds / 2, m.timeoutMs);
            rec.warmup.push(a);
            rates.push(a.units / a.seconds);
          }
        } else {
          s.step?.(m, `round ${round + 1}: warm-up`);
          rec.warmup.push(await w.run(m.test, PLAIN_WARMUP_SECONDS, m.timeoutMs));
        }
      } catch (e) {
        await fail(m, e);
      }
    }
    for (let pass = 0; pass < s.passes; pass++) {
      for (let position = 0; position < order.length; position++) {
        const m = order[position]!;
        const w = workers.get(m.id);
        if (!w || s.stopping?.()) continue;
        s.step?.(m, `round ${round + 1}: slice ${pass + 1} of ${s.passes}`);
        try {
          const a = await w.run(m.test, s.sliceSeconds, m.timeoutMs);
          const wrong = m.check(a);
          if (wrong) throw new WorkerError(`${w.name}: ${wrong}`);
          kept.get(m.id)!.slices.push({ round, pass, position, units: a.units, chunks: a.chunks, seconds: a.seconds, checksum: a.checksum, cpu_seconds: a.cpuSeconds ?? null });
        } catch (e) {
          await fail(m, e);
        }
      }
    }
  } finally {
    await Promise.all([...workers.values()].map((w) => w.quit()));
  }
  return order.map((m): Taken<MemberRound> => {
    const error = errors.get(m.id);
    if (error) return { error };
    const rec = kept.get(m.id)!;
    if (rec.slices.length === 0) return { error: `round ${round + 1}: no slice was taken` };
    rec.secondsPerUnit = secondsPerUnit(rec.slices);
    return { values: { [m.test]: rec.secondsPerUnit * s.scale(m) }, record: rec };
  });
}
