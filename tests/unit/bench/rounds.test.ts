import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needFits, roundsToTarget, runRounds, type RoundsSettings } from '../../../scripts/bench/rounds.ts';
import { shareOf } from '../../../scripts/bench/groups.ts';
import { HostTrace, QUIET_HOST, THIS_HOST } from '../../../scripts/bench/host-model.ts';
import { bootstrap, ratioOf } from '../../../src/lib/statistics.ts';

const settings = (o: Partial<RoundsSettings> = {}): RoundsSettings => ({
  precision: 0.05,
  minRounds: 6,
  maxRounds: 60,
  budgetMs: Number.POSITIVE_INFINITY,
  estimator: 'biweight',
  seed: 1,
  replicates: 300,
  ...o,
});

/** Members with known rates on a simulated host; a fake clock advances one second per sample. */
function simulated(model = QUIET_HOST, seed = 3) {
  const trace = new HostTrace(model, seed, 20_000);
  const truth: Record<string, number> = { ref: 1000, fast: 3000, slow: 250 };
  let t = 100;
  return {
    now: () => t * 1000,
    take: async (member: string) => {
      const v = truth[member]! * trace.meanSpeed(t, t + 1) * trace.noise();
      t += 1.3;
      return { values: { x: v }, record: { member, t } };
    },
  };
}

test('rounds: every round visits every member once, orders recorded, and a quiet host stops early on precision', async () => {
  const sim = simulated();
  const r = await runRounds((t) => `g/${t}`, ['x'], ['ref', 'fast', 'slow'], 'ref', settings(), { take: sim.take, now: sim.now });
  assert.equal(r.stop, 'precision');
  assert.ok(r.rounds.length >= 6 && r.rounds.length < 20, `${r.rounds.length} rounds`);
  for (const round of r.rounds) assert.deepEqual([...round.order].sort(), ['fast', 'ref', 'slow']);
  for (const p of r.precision) assert.ok(p.half_width !== null && p.half_width <= 0.05);
  const fast = r.precision.find((p) => p.of === 'fast')!;
  assert.ok(Math.abs(fast.value - 3) < 0.1, `fast ÷ ref ≈ 3, got ${fast.value}`);
  assert.equal(r.records.get('slow')!.length, r.rounds.length);
  assert.deepEqual(
    r.records.get('ref')!.map((p) => p.round),
    r.rounds.map((x) => x.index),
  );
});

test('rounds: the same seed draws the same orders', async () => {
  const a = await runRounds((t) => t, ['x'], ['a', 'b', 'c', 'd'], 'a', settings({ minRounds: 5, maxRounds: 5 }), simulated());
  const b = await runRounds((t) => t, ['x'], ['a', 'b', 'c', 'd'], 'a', settings({ minRounds: 5, maxRounds: 5 }), simulated());
  assert.deepEqual(a.rounds.map((r) => r.order), b.rounds.map((r) => r.order));
});

test('rounds: a noisy host spends the budget, never more than one round over, and says so', async () => {
  const sim = simulated(THIS_HOST, 9);
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast', 'slow'], 'ref', settings({ precision: 0.01, budgetMs: 60_000 }), sim);
  assert.equal(r.stop, 'budget');
  const elapsed = Date.parse(r.rounds.at(-1)!.finished_at) - Date.parse(r.rounds[0]!.started_at);
  assert.ok(elapsed <= 60_000 + 3 * 1300, `ran ${elapsed} ms`);
  assert.ok(r.precision.some((p) => p.half_width! > 0.01));
});

test('rounds: at least minRounds even when the budget is gone', async () => {
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast'], 'ref', settings({ budgetMs: 0, minRounds: 6, precision: 0.0001 }), simulated());
  assert.equal(r.rounds.length, 6);
  assert.equal(r.stop, 'budget');
});

test('rounds: a member that fails is dropped and named; the others go on', async () => {
  const sim = simulated();
  let calls = 0;
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast', 'slow'], 'ref', settings({ minRounds: 8, maxRounds: 8 }), {
    now: sim.now,
    take: async (m, round) => {
      calls++;
      if (m === 'slow' && round === 3) return { error: 'the server died during the benchmark' };
      return sim.take(m);
    },
  });
  assert.equal(r.failed.get('slow'), 'the server died during the benchmark');
  assert.equal(r.records.get('slow')!.length, 3, 'its earlier samples are kept');
  assert.equal(r.rounds.length, 8);
  assert.ok(r.rounds.slice(4).every((x) => !x.order.includes('slow')));
  assert.ok(calls < 8 * 3);
});

test('rounds: an interrupted round is dropped whole', async () => {
  const sim = simulated();
  let stop = false;
  let n = 0;
  const r = await runRounds((t) => t, ['x'], ['a', 'b', 'c'], 'a', settings({ minRounds: 10, maxRounds: 10 }), {
    now: sim.now,
    stopping: () => stop,
    take: async (m) => {
      if (++n === 8) stop = true; // in the middle of round 3
      return sim.take(m === 'a' ? 'ref' : m === 'b' ? 'fast' : 'slow');
    },
  });
  assert.equal(r.stop, 'interrupted');
  assert.equal(r.rounds.length, 2);
  for (const list of r.records.values()) assert.ok(list.every((p) => p.round < 2));
});

test('rounds: a member already within the target sits out later rounds; the reference and the others go on', async () => {
  const sim = simulated();
  // 'noisy' jitters by ±30 % per sample: it needs many rounds, the others few.
  let k = 0;
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast', 'noisy'], 'ref', settings({ minRounds: 5, maxRounds: 12, precision: 0.03 }), {
    now: sim.now,
    take: async (m) => {
      const base = await sim.take(m === 'noisy' ? 'slow' : m);
      if (m !== 'noisy') return base;
      const wobble = [1.3, 0.7, 1.2, 0.8, 1.1, 0.9][k++ % 6]!;
      return { values: { x: base.values.x! * wobble }, record: base.record };
    },
  });
  const late = r.rounds.slice(6);
  assert.ok(late.length > 0, `${r.rounds.length} rounds`);
  assert.ok(late.every((x) => !x.order.includes('fast')), 'fast sits out once settled');
  assert.ok(late.every((x) => x.order.includes('ref') && x.order.includes('noisy')));
  const fast = r.precision.find((p) => p.of === 'fast')!;
  assert.ok(fast.half_width! <= 0.03);
});

test('rounds: the A/A twin never sits out: it checks the method, so it sees every round', async () => {
  const sim = simulated();
  let k = 0;
  const take = async (m: string) => {
    const base = await sim.take(m === 'noisy' ? 'slow' : m === 'twin' ? 'fast' : m);
    if (m !== 'noisy') return base;
    return { values: { x: base.values.x! * [1.3, 0.7, 1.2, 0.8, 1.1, 0.9][k++ % 6]! }, record: base.record };
  };
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast', 'twin', 'noisy'], 'ref', settings({ minRounds: 5, maxRounds: 12, precision: 0.03, neverSettle: ['twin'] }), { now: sim.now, take });
  const late = r.rounds.slice(6);
  assert.ok(late.length > 0);
  assert.ok(late.every((x) => !x.order.includes('fast')), 'an ordinary member within the target sits out');
  assert.ok(late.every((x) => x.order.includes('twin')), 'the twin, as precise, does not');
});

test('rounds: a group a little short of the target borrows the rounds it needs; a hopeless one stops at its share', async () => {
  // Same host and members, a share of five rounds; only the target and what may be borrowed differ.
  const run = (precision: number, borrowMs: number) =>
    runRounds((t) => t, ['x'], ['ref', 'fast', 'slow'], 'ref', settings({ precision, minRounds: 5, budgetMs: 5 * 3 * 1300 - 100, borrowMs }), simulated(QUIET_HOST, 3));
  const alone = await run(0.02, 0);
  assert.equal(alone.stop, 'budget');
  assert.equal(alone.rounds.length, 5);
  const near = await run(0.02, 600_000);
  assert.equal(near.stop, 'precision', `borrowing reached the target (${near.rounds.length} rounds)`);
  assert.ok(near.rounds.length > 5);
  const hopeless = await run(0.002, 60_000);
  assert.equal(hopeless.stop, 'budget');
  assert.equal(hopeless.rounds.length, 5, 'a need that cannot fit borrows nothing');
});

test('rounds: the need is read from half-widths (∝ 1/√rounds), unknown without an interval', () => {
  const r = (half_width: number | null) => ({ test: 'x', of: 'a', to: 'ref', value: 1, low: null, high: null, half_width });
  assert.equal(roundsToTarget([r(0.04), r(0.1)], 0.05, 10), 30);
  assert.equal(roundsToTarget([r(0.04)], 0.05, 10), 0);
  assert.equal(roundsToTarget([r(0.04), r(null)], 0.05, 10), null);
  const s = settings({ budgetMs: 10_000, borrowMs: 20_000 });
  assert.equal(needFits([r(0.1)], s, 10, 10_000), false, '30 more rounds of 1 s do not fit in 20 s');
  assert.equal(needFits([r(0.06)], s, 10, 10_000), true, '5 more rounds fit');
  assert.equal(needFits([r(0.06)], { ...s, borrowMs: 0 }, 10, 10_000), false);
});

test('group budget: an equal share of what is left, and half of the later groups\' time to borrow; the last group borrows nothing', () => {
  assert.deepEqual(shareOf(100_000, 4), { shareMs: 25_000, borrowMs: 37_500 });
  assert.deepEqual(shareOf(30_000, 1), { shareMs: 30_000, borrowMs: 0 });
  assert.deepEqual(shareOf(0, 3), { shareMs: 0, borrowMs: 0 });
});

test('rounds: a suite may take a whole round at once; samples land by position and a failed member is dropped', async () => {
  const sim = simulated();
  const seen: string[][] = [];
  const r = await runRounds((t) => t, ['x'], ['ref', 'fast', 'slow'], 'ref', settings({ minRounds: 6, maxRounds: 6 }), {
    now: sim.now,
    takeRound: async (order, round) => {
      seen.push([...order]);
      return Promise.all(order.map((m) => (m === 'slow' && round === 2 ? { error: 'slow died' } : sim.take(m))));
    },
  });
  assert.deepEqual(seen, r.rounds.map((x) => x.order));
  assert.equal(r.failed.get('slow'), 'slow died');
  assert.ok(seen.slice(3).every((o) => !o.includes('slow')), 'dropped after it failed');
  assert.equal(r.records.get('slow')!.length, 2);
  assert.equal(r.records.get('fast')!.length, 6);
  assert.ok(Math.abs(r.precision.find((p) => p.of === 'fast')!.value - 3) < 0.15);
});

test('rounds: without take or takeRound there is nothing to measure', async () => {
  await assert.rejects(runRounds((t) => t, ['x'], ['a', 'b'], 'a', settings(), {}), /take or takeRound/);
});

test('rounds: by default the stopping rule uses the site\'s own bootstrap, so the interval that stopped a group is the one the site shows', async () => {
  const { replicates: _drop, ...s } = settings({ minRounds: 6, maxRounds: 6 });
  const r = await runRounds((t) => `g/${t}`, ['x'], ['ref', 'fast', 'slow'], 'ref', s, simulated(THIS_HOST, 5));
  for (const p of r.precision) {
    const site = bootstrap(ratioOf({ group: 'g/x', samples: r.samples.get('x')!.get(p.of)! }, { group: 'g/x', samples: r.samples.get('x')!.get('ref')! }, 'biweight'));
    assert.equal(p.low, site!.low, `${p.of}: the same interval as the site's`);
    assert.equal(p.high, site!.high);
  }
});
