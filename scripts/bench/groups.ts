/**
 * Comparison groups: the implementations of one test, measured together in
 * interleaved rounds. This module holds what every round-based suite shares:
 * the group plan, the A/A twin's name, how the time budget is shared between
 * groups, the settings of the rounds, and the record a group leaves in the run.
 */
import type { AaResult, Comparison, SuiteId } from '../../src/schemas/run.ts';
import { groupKey } from '../../src/lib/cell-ids.ts';
import { BOOTSTRAP_DEFAULTS, bootstrap, DEFAULT_ESTIMATOR, hashString, ratioOf, relativeHalfWidth, type Sample } from '../../src/lib/statistics.ts';
import { DEFAULT_MAX_ROUNDS, DEFAULT_MIN_ROUNDS, type RatioPrecision, type RoundsResult, type RoundsSettings } from './rounds.ts';
import type { Session } from './session.ts';

export interface GroupPlan {
  suite: SuiteId;
  /** The tests measured in the same rounds: one for http and cpu; every operation for ops (one process run times them all). */
  tests: string[];
  /** Cell ids measured in the group's rounds (implementations and the A/A twin). */
  members: string[];
  reference: string;
}

/** The A/A twin's cell id. */
export function twinId(impl: string): string {
  return `${impl}-aa`;
}

/** The implementation an A/A twin measures again, or null for an implementation itself. */
export function twinOf(member: string): string | null {
  return member.endsWith('-aa') ? member.slice(0, -3) : null;
}

/**
 * The group of one test: the implementations that have it, plus the A/A twin
 * when the twin's implementation is among them. The reference is the first of
 * `references` that is measured, else the first id in sort order.
 */
export function groupOf(suite: SuiteId, test: string, ids: readonly string[], aa: string | null, references: readonly string[]): GroupPlan {
  const members = aa && ids.includes(aa) ? [...ids, twinId(aa)] : [...ids];
  const reference = references.find((r) => ids.includes(r)) ?? [...ids].sort()[0]!;
  return { suite, tests: [test], members, reference };
}

/** Names the bootstrap group of each test of a group's rounds, as the site names it (src/lib/cell-ids.ts). */
export function roundsGroup(g: GroupPlan): (test: string) => string {
  return (test) => groupKey(g.suite, test);
}

function planKey(g: GroupPlan): string {
  return `${g.suite}/${g.tests.join('+')}`;
}

/** A group's time for its rounds: its share, and what it may borrow from later groups while its need fits (scripts/bench/rounds.ts). */
export interface GroupBudget {
  shareMs: number;
  borrowMs: number;
}

/**
 * Shares a suite's budget between its groups as they come, by need: each
 * group's share is what is left of the suite's budget divided by the groups
 * still to run (time a quick group saves goes to the later ones), and a group
 * whose share is spent may borrow up to half of what the later groups would
 * share, but only while the rounds its widest ratio still needs fit in it. So
 * a test a little short of the target gets the rounds it needs, and one that
 * could not reach it in any case stops at its share. Only rounds count
 * against the budget (as recorded in the run's comparisons): warm-ups,
 * answer checks and builds come on top.
 */
export function groupSchedule(session: Session, suite: SuiteId, groups: readonly GroupPlan[]) {
  const suiteMs = suiteBudgetSeconds(session.options.budgetSeconds, session.budgetShares, suite) * 1000;
  const done = new Set<string>();
  // A group of several tests (ops) records one comparison per test, all with the same rounds: count each set of rounds once.
  const spentMs = () => {
    const seen = new Map<string, number>();
    for (const c of session.run.comparisons ?? []) if (c.suite === suite) seen.set(c.rounds[0]?.started_at ?? c.test, c.seconds * 1000);
    return [...seen.values()].reduce((a, b) => a + b, 0);
  };
  return {
    budgetMs(_g: GroupPlan): GroupBudget {
      return shareOf(Math.max(0, suiteMs - spentMs()), groups.filter((x) => !done.has(planKey(x))).length);
    },
    done(g: GroupPlan): void {
      done.add(planKey(g));
    },
  };
}

/** Share and borrowable time of the next group, given what is left of the suite's budget and the groups still to run (it included). */
export function shareOf(leftMs: number, groupsLeft: number): GroupBudget {
  const n = Math.max(1, groupsLeft);
  const shareMs = leftMs / n;
  return { shareMs, borrowMs: (leftMs - shareMs) / 2 };
}

/** A suite's seconds of --budget: its share (suites/*.ts), normalised over the shares of the suites that run. */
export function suiteBudgetSeconds(budgetSeconds: number, shares: ReadonlyMap<SuiteId, number>, suite: SuiteId): number {
  const total = [...shares.values()].reduce((a, b) => a + b, 0);
  const share = shares.get(suite) ?? 0;
  return total > 0 ? (budgetSeconds * share) / total : 0;
}

/** Settings of one group's rounds. --rounds N (and --quick) fixes the count; otherwise the precision target and the budget decide. */
export function roundsSettings(session: Session, group: GroupPlan, budget: GroupBudget): RoundsSettings {
  const o = session.options;
  const fixed = o.rounds;
  return {
    precision: o.precision[group.suite] ?? 0.05,
    minRounds: fixed ?? DEFAULT_MIN_ROUNDS,
    maxRounds: fixed ?? DEFAULT_MAX_ROUNDS,
    budgetMs: fixed !== null ? Number.POSITIVE_INFINITY : budget.shareMs,
    borrowMs: fixed !== null ? 0 : budget.borrowMs,
    estimator: DEFAULT_ESTIMATOR,
    seed: orderSeed(session, group),
    neverSettle: o.aa ? [twinId(o.aa)] : [],
  };
}

/** Seed of a group's round orders: from the run id, so a resumed run draws the same orders. */
function orderSeed(session: Session, group: GroupPlan): number {
  return hashString(`${session.run.id}/${planKey(group)}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function stopDetail(session: Session, result: RoundsResult<unknown>, precision: readonly RatioPrecision[], reference: string, target: number, seconds: number): string {
  const n = result.rounds.length;
  const worst = precision.reduce<RatioPrecision | null>(
    (w, r) => (w === null || (r.half_width ?? Infinity) > (w.half_width ?? Infinity) ? r : w),
    null,
  );
  const worstText = worst
    ? worst.half_width === null
      ? `; no interval yet (an interval needs at least ${BOOTSTRAP_DEFAULTS.minRounds} rounds)`
      : `; widest: ${worst.of} ÷ ${worst.to} ±${pct(worst.half_width)}`
    : '';
  switch (result.stop) {
    case 'precision':
      return `every ratio to ${reference} within ±${pct(target)} after ${n} rounds (${Math.round(seconds)} s)${worstText}`;
    case 'budget':
      return `stopped by the time budget after ${n} rounds (${Math.round(seconds)} s of rounds) before every ratio reached ±${pct(target)}${worstText}`;
    case 'max_rounds':
      return session.options.rounds !== null
        ? `fixed at ${n} rounds (--rounds or --quick)${worstText}`
        : `stopped at the maximum of ${n} rounds${worstText}`;
    case 'interrupted':
      return `interrupted after ${n} rounds`;
    case 'members_failed':
      return `stopped after ${n} rounds: too few implementations still answering (${[...result.failed.keys()].join(', ')})`;
  }
}

/** Adds the group's comparison for each of its tests (and the A/A result, if the twin is a member) to the run. */
export function recordComparison(session: Session, group: GroupPlan, members: string[], reference: string, result: RoundsResult<unknown>): void {
  if (result.rounds.length === 0) return;
  const first = Date.parse(result.rounds[0]!.started_at);
  const last = Date.parse(result.rounds[result.rounds.length - 1]!.finished_at);
  const seconds = Math.max(0, (last - first) / 1000);
  const target = session.options.precision[group.suite] ?? 0.05;
  for (const test of group.tests) {
    const precision = result.precision.filter((p) => p.test === test);
    const comparison: Comparison = {
      suite: group.suite,
      test,
      members,
      reference,
      order_seed: orderSeed(session, group),
      rounds: result.rounds,
      stop: { reason: result.stop, detail: stopDetail(session, result, precision, reference, target, seconds) },
      precision: precision.map(({ test: _test, ...p }) => {
        const rounds = result.rounds.filter((r) => r.order.includes(p.of)).length;
        const short = p.half_width !== null && p.half_width > target;
        return { ...p, rounds, rounds_needed: short ? Math.ceil(rounds * (p.half_width! / target) ** 2) : null };
      }),
      seconds,
    };
    const list = (session.run.comparisons ??= []);
    const at = list.findIndex((c) => c.suite === group.suite && c.test === test);
    if (at >= 0) list[at] = comparison;
    else list.push(comparison);
    recordAa(session, group.suite, test, result.samples.get(test));
  }
  session.save();
}

function recordAa(session: Session, suite: SuiteId, test: string, samples: ReadonlyMap<string, readonly Sample[]> | undefined): void {
  const aa = session.options.aa;
  if (!aa || !samples?.has(aa) || !samples.has(twinId(aa))) return;
  const key = groupKey(suite, test);
  const i = bootstrap(ratioOf({ group: key, samples: samples.get(twinId(aa))! }, { group: key, samples: samples.get(aa)! }, DEFAULT_ESTIMATOR));
  if (!i) return;
  const entry: AaResult = {
    suite,
    test,
    impl: aa,
    twin: twinId(aa),
    value: i.value,
    low: i.low,
    high: i.high,
    contains_one: i.low === null || i.high === null ? null : i.low <= 1 && i.high >= 1,
  };
  const results = (session.run.aa ??= []);
  const k = results.findIndex((r) => r.suite === suite && r.test === test);
  if (k >= 0) results[k] = entry;
  else results.push(entry);
  const hw = relativeHalfWidth(i);
  session.log(
    `A/A ${key}: ${twinId(aa)} ÷ ${aa} = ${i.value.toFixed(3)}${i.low !== null ? ` [${i.low.toFixed(3)}, ${i.high!.toFixed(3)}]` : ''}${hw !== null ? ` ±${pct(hw)}` : ''}${entry.contains_one === false ? ' — the interval does NOT contain 1' : ''}`,
  );
}
