/**
 * Interleaved rounds: the measuring loop shared by the HTTP, CPU, ops and
 * threads suites. Every round visits every member of a comparison group (the
 * implementations of one test) in a fresh random order and takes one sample
 * of each; after each round the ratios to the group's reference get a
 * bootstrap interval, and rounds go on until every one is as precise as asked
 * or the time budget is spent. Randomised interleaving makes two members
 * compared in a ratio share the host's slow phases (Abedi & Brecht 2017).
 */
import {
  BOOTSTRAP_DEFAULTS,
  bootstrap,
  ratioOf,
  relativeHalfWidth,
  seededRandom,
  shuffled,
  type EstimatorId,
  type Sample,
} from '../../src/lib/statistics.ts';

/** Rounds of a group unless --rounds fixes them: at least enough for an interval, at most what a budget could hold. */
export const DEFAULT_MIN_ROUNDS = 5;
export const DEFAULT_MAX_ROUNDS = 200;

type StopReason = 'precision' | 'budget' | 'max_rounds' | 'interrupted' | 'members_failed';

export interface RoundsSettings {
  /** Target relative half-width of every ratio to the reference (0.05 = ±5 %). */
  precision: number;
  minRounds: number;
  maxRounds: number;
  /** Wall-clock share of this group's rounds, ms. A round that starts before it is finished. */
  budgetMs: number;
  /**
   * Time beyond the share a group may borrow, ms, only while its projected
   * need fits: the rounds its widest ratio still needs (rounds_needed, from
   * half-width ∝ 1/√rounds) at its mean round cost must end within
   * budgetMs + borrowMs. A group that cannot reach the target in that time
   * stops at its share and leaves the time to later groups.
   */
  borrowMs?: number;
  estimator: EstimatorId;
  /** Seeds the round orders. */
  seed: number;
  /** Members that never sit out (the A/A twin: it checks the method, so it sees every round). */
  neverSettle?: readonly string[];
  /**
   * Bootstrap replicates for the stopping rule. Default: the site's own
   * (BOOTSTRAP_DEFAULTS, same seed), so the interval that stops a group is the
   * interval the site shows: with fewer, a lucky narrow estimate could stop
   * rounds that the site then finds short of the target.
   */
  replicates?: number;
}

/**
 * One sample as the suite took it: `values` holds what ratios are computed on
 * (req/s, seconds), one per test the group covers (a process run of the ops
 * suite times every operation at once); `record` is the raw measurement the
 * run file keeps.
 */
export type Taken<R> = { values: Record<string, number>; record: R } | { error: string };

/** A raw record with where it was taken. */
interface Placed<R> {
  round: number;
  position: number;
  record: R;
}

interface RoundRecord {
  index: number;
  order: string[];
  started_at: string;
  finished_at: string;
}

export interface RatioPrecision {
  /** The test (of the group's tests) this ratio belongs to. */
  test: string;
  of: string;
  to: string;
  value: number;
  low: number | null;
  high: number | null;
  half_width: number | null;
}

export interface RoundsResult<R> {
  /** Completed rounds only: a round cut short by Ctrl-C pairs badly and is dropped. */
  rounds: RoundRecord[];
  stop: StopReason;
  /** Members dropped after a failed sample, with the reason. */
  failed: Map<string, string>;
  precision: RatioPrecision[];
  /** test → member → samples. */
  samples: Map<string, Map<string, Sample[]>>;
  records: Map<string, Placed<R>[]>;
}

export interface RoundsHooks<R> {
  /** Takes one sample of `member` (round and position for the record). Required unless `takeRound` is given. */
  take?(member: string, round: number, position: number): Promise<Taken<R>>;
  /**
   * Takes a whole round at once, one sample per member in `order` (the HTTP
   * suite's load generator alternates between servers in one process, with
   * connections opened before the first slice). Used instead of `take` when
   * given; the result is in the order's positions.
   */
  takeRound?(order: readonly string[], round: number): Promise<Taken<R>[]>;
  /** Called after every round with the current worst ratio, for progress. */
  onRound?(round: number, worst: RatioPrecision | null, elapsedMs: number): void;
  stopping?(): boolean;
  now?(): number;
}

/** Ratios of every member to the reference on the samples so far, per test; `group(test)` names the bootstrap group. */
function precisionOf(
  samples: ReadonlyMap<string, ReadonlyMap<string, readonly Sample[]>>,
  reference: string,
  group: (test: string) => string,
  estimator: EstimatorId,
  replicates: number,
  seed: number,
  skip: ReadonlySet<string> = new Set(),
): RatioPrecision[] {
  const out: RatioPrecision[] = [];
  for (const [test, byMember] of samples) {
    const ref = byMember.get(reference);
    if (!ref || skip.has(reference)) continue;
    for (const [member, s] of byMember) {
      if (member === reference || skip.has(member)) continue;
      const g = group(test);
      const i = bootstrap(ratioOf({ group: g, samples: s }, { group: g, samples: ref }, estimator), { replicates, seed });
      if (!i) continue;
      out.push({ test, of: member, to: reference, value: i.value, low: i.low, high: i.high, half_width: relativeHalfWidth(i) });
    }
  }
  return out;
}

/**
 * Further rounds the ratios need to reach the target, from half-width ∝
 * 1/√rounds: the most any ratio short of the target needs; 0 when all are
 * within it; null when a ratio has no interval yet (need unknown).
 */
export function roundsToTarget(ratios: readonly RatioPrecision[], target: number, rounds: number): number | null {
  let more = 0;
  for (const r of ratios) {
    if (r.half_width === null) return null;
    if (r.half_width > target) more = Math.max(more, Math.ceil(rounds * (r.half_width / target) ** 2) - rounds);
  }
  return more;
}

/** Whether a group whose share is spent may go on: its projected need fits in what it may borrow. */
export function needFits(ratios: readonly RatioPrecision[], s: RoundsSettings, rounds: number, elapsedMs: number): boolean {
  const borrow = s.borrowMs ?? 0;
  if (borrow <= 0 || rounds === 0) return false;
  const more = roundsToTarget(ratios, s.precision, rounds);
  if (more === null || more === 0) return false;
  return elapsedMs + more * (elapsedMs / rounds) <= s.budgetMs + borrow;
}

/** The ratio furthest from the target (no interval counts as worst). */
function worstRatio(ratios: readonly RatioPrecision[]): RatioPrecision | null {
  let worst: RatioPrecision | null = null;
  for (const r of ratios) {
    if (!worst) worst = r;
    else if (r.half_width === null) {
      if (worst.half_width !== null) worst = r;
    } else if (worst.half_width !== null && r.half_width > worst.half_width) worst = r;
  }
  return worst;
}

function precise(ratios: readonly RatioPrecision[], target: number): boolean {
  return ratios.length > 0 && ratios.every((r) => r.half_width !== null && r.half_width <= target);
}

/**
 * Runs rounds over `members` until the ratios to `reference` reach the target
 * precision in every test, the budget is spent, maxRounds is reached or the
 * session stops. After `minRounds`, a member whose ratios to the reference
 * are all within the target sits out later rounds (a sequential design: its
 * interval only narrows with more rounds, and the time goes to the members
 * still short of it); the reference stays while any member measures. A member
 * whose sample fails is dropped from later rounds (its earlier samples are
 * kept); when the reference fails, rounds continue for the others without a
 * stopping rule until the budget or maxRounds. `group(test)` names the
 * samples' comparison group, e.g. "http/json".
 */
export async function runRounds<R>(
  group: (test: string) => string,
  tests: readonly string[],
  members: readonly string[],
  reference: string,
  s: RoundsSettings,
  hooks: RoundsHooks<R>,
): Promise<RoundsResult<R>> {
  const now = hooks.now ?? Date.now;
  const take = hooks.take;
  if (!take && !hooks.takeRound) throw new Error('runRounds: give take or takeRound');
  const random = seededRandom(s.seed);
  const replicates = s.replicates ?? BOOTSTRAP_DEFAULTS.replicates;
  const samples = new Map<string, Map<string, Sample[]>>(tests.map((t) => [t, new Map(members.map((m) => [m, [] as Sample[]]))]));
  const records = new Map<string, Placed<R>[]>(members.map((m) => [m, []]));
  const failed = new Map<string, string>();
  /** Members whose every ratio to the reference reached the target: they sit out the remaining rounds. */
  const settled = new Set<string>();
  const rounds: RoundRecord[] = [];
  const began = now();
  let stop: StopReason = 'max_rounds';
  let precision: RatioPrecision[] = [];

  for (let round = 0; round < s.maxRounds; round++) {
    if (hooks.stopping?.()) {
      stop = 'interrupted';
      break;
    }
    if (round >= s.minRounds && now() - began >= s.budgetMs) {
      // Unsettled members' ratios only: the settled ones no longer cost rounds.
      const open = precision.filter((p) => !settled.has(p.of));
      if (!needFits(open, s, round, now() - began)) {
        stop = 'budget';
        break;
      }
    }
    const alive = members.filter((m) => !failed.has(m));
    if (alive.length === 0 || (alive.length === 1 && members.length > 1)) {
      stop = 'members_failed';
      break;
    }
    const order = shuffled(alive.filter((m) => !settled.has(m)), random);
    const startedAt = new Date(now()).toISOString();
    const whole = hooks.takeRound ? await hooks.takeRound(order, round) : null;
    for (let position = 0; position < order.length; position++) {
      if (hooks.stopping?.()) break;
      const member = order[position]!;
      const t = whole ? (whole[position] ?? { error: 'the round returned no sample for this member' }) : await take!(member, round, position);
      if ('error' in t) {
        failed.set(member, t.error);
      } else {
        for (const [test, value] of Object.entries(t.values)) samples.get(test)?.get(member)!.push({ round, value });
        records.get(member)!.push({ round, position, record: t.record });
      }
    }
    if (hooks.stopping?.()) {
      for (const byMember of samples.values()) for (const list of byMember.values()) while (list.length > 0 && list[list.length - 1]!.round === round) list.pop();
      for (const list of records.values()) while (list.length > 0 && list[list.length - 1]!.round === round) list.pop();
      stop = 'interrupted';
      break;
    }
    rounds.push({ index: round, order, started_at: startedAt, finished_at: new Date(now()).toISOString() });
    precision = failed.has(reference) ? [] : precisionOf(samples, reference, group, s.estimator, replicates, BOOTSTRAP_DEFAULTS.seed, new Set(failed.keys()));
    hooks.onRound?.(round, worstRatio(precision), now() - began);
    if (round + 1 >= s.minRounds && !failed.has(reference) && precise(precision, s.precision)) {
      stop = 'precision';
      break;
    }
    if (round + 1 >= s.minRounds && !failed.has(reference)) {
      for (const m of alive) {
        if (m === reference || s.neverSettle?.includes(m)) continue;
        const mine = precision.filter((p) => p.of === m);
        if (mine.length === tests.length && precise(mine, s.precision)) settled.add(m);
      }
    }
  }
  return { rounds, stop, failed, precision, samples, records };
}
