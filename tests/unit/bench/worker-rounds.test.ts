import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { optimisedAwayFindings, optimisedAwayFlag } from '../../../src/lib/optimised-away.ts';
import { opsCellFromRounds, sliceProblem } from '../../../scripts/bench/suites/ops.ts';
import { JIT_WARMUP_MAX, JIT_WARMUP_MIN, jitSettled, secondsPerUnit, takeWorkerRound, type RoundMember } from '../../../scripts/bench/worker-rounds.ts';
import { Worker } from '../../../scripts/bench/workers.ts';
import { FIXTURES } from './helpers.ts';
import { formatRun } from '../helpers.ts';

const FAKE = path.join(FIXTURES, 'fake-ops.mjs');
const member = (id: string, variant = '', jit = false): RoundMember => ({
  id,
  test: 'call',
  jit,
  timeoutMs: 5000,
  start: () => Worker.start({ argv: [process.execPath, FAKE, 'worker', variant], cwd: FIXTURES, cpus: null, readyTimeoutMs: 10000, name: id }),
  check: (a) => sliceProblem('call', a),
});

test('a round: fresh workers, warm-up, passes over the order; the value is total seconds ÷ total units × scale', { timeout: 60000 }, async () => {
  const order = [member('b'), member('a', '', true), member('c')];
  const steps: string[] = [];
  const taken = await takeWorkerRound(order, 3, { sliceSeconds: 0.02, passes: 2, jitWarmup: true, scale: () => 1e9, step: (m, what) => steps.push(`${m.id}: ${what}`) });
  assert.equal(taken.length, 3);
  for (const [position, t] of taken.entries()) {
    if ('error' in t) throw new Error(t.error);
    const slices = t.record.slices;
    assert.deepEqual(slices.map((s) => [s.round, s.pass, s.position]), [[3, 0, position], [3, 1, position]]);
    assert.ok(slices.every((s) => s.seconds >= 0.02 && s.checksum === '500500'));
    assert.ok(slices.every((s) => typeof s.cpu_seconds === 'number' && s.cpu_seconds > 0), 'CPU time of each slice recorded');
    const expected = (slices[0]!.seconds + slices[1]!.seconds) / (slices[0]!.units + slices[1]!.units);
    assert.equal(t.record.secondsPerUnit, expected);
    assert.equal(t.values['call'], expected * 1e9);
  }
  const jit = taken[1]!;
  if ('error' in jit) throw new Error(jit.error);
  assert.ok(jit.record.warmup.length >= JIT_WARMUP_MIN, 'the JIT member warms up until its rate settles');
  assert.equal((taken[0] as { record: { warmup: unknown[] } }).record.warmup.length, 1);
  // Every member is started before any is timed, and the passes follow the order.
  const slicesInOrder = steps.filter((s) => s.includes('slice')).map((s) => s.split(':')[0]);
  assert.deepEqual(slicesInOrder, ['b', 'a', 'c', 'b', 'a', 'c']);
});

test('a member that dies or answers a wrong checksum loses the round; the others keep theirs', { timeout: 60000 }, async () => {
  const taken = await takeWorkerRound([member('ok'), member('dies', 'die'), member('wrong', 'wrong')], 0, { sliceSeconds: 0.02, passes: 2, jitWarmup: false, scale: () => 1 });
  assert.ok('values' in taken[0]!);
  assert.match((taken[1] as { error: string }).error, /round 1: dies exited with code 3/);
  assert.match((taken[2] as { error: string }).error, /wrong checksum for call: 12345, expected 500500/);
});

test('a JIT warm-up ends when a slice is no faster than the best before it (between the minimum and the maximum)', () => {
  assert.equal(jitSettled([1, 2, 3]), false);
  assert.equal(jitSettled([1, 2, 3, 4]), false, 'still rising');
  assert.equal(jitSettled([1, 2, 4, 4.05]), true, 'within 2 % of the best');
  assert.equal(jitSettled(Array.from({ length: JIT_WARMUP_MAX }, (_, i) => i + 1)), true, 'at the maximum');
  assert.equal(secondsPerUnit([{ units: 100, seconds: 1 }, { units: 300, seconds: 1 }]), 0.005);
});

const rounds = (nsPerOp: number[]) =>
  nsPerOp.map((ns, round) => ({
    round,
    position: 0,
    record: { warmup: [], secondsPerUnit: ns / 1e9, slices: [{ round, pass: 0, position: 0, units: 1000, chunks: 1, seconds: (ns * 1000) / 1e9, checksum: '1000' }] },
  }));

test('an ops cell from its rounds: one ns per op per round, every slice kept, cycles at the recorded clock', () => {
  const cell = opsCellFromRounds({ suite: 'ops', impl: 'c', test: 'empty_loop' }, rounds([2, 2.2, 1.8, 2, 2.1]), new Date().toISOString(), 2500);
  assert.deepEqual(cell.samples_ns_per_op, [2, 2.2, 1.8, 2, 2.1]);
  assert.equal(cell.runs!.length, 5);
  assert.equal(cell.slices!.length, 5);
  assert.equal(cell.iterations_per_sample, 1000);
  assert.equal(cell.cycles_per_iteration, 5);
  assert.equal(optimisedAwayFlag(cell, 2500), null);
});

test('optimised-away: under one cycle per iteration, or instructions that do not grow with n', () => {
  const fast = opsCellFromRounds({ suite: 'ops', impl: 'c', test: 'attribute' }, rounds([0.243, 0.244, 0.242, 0.243, 0.245]), new Date().toISOString(), 2596);
  const flag = optimisedAwayFlag(fast, 2596, false);
  assert.equal(flag?.kind, 'optimised_away');
  assert.match(flag!.detail, /0\.243 ns = 0\.631 clock cycles per iteration at the reported 2596 MHz/);
  // The same loop timed in a run that measured its CPU running at 4.1 GHz: a real one-cycle turn.
  const at = (mhz: number) => opsCellFromRounds({ suite: 'ops', impl: 'c', test: 'empty_loop' }, rounds([0.243, 0.244, 0.242, 0.243, 0.245]), new Date().toISOString(), mhz);
  assert.equal(optimisedAwayFlag(at(4100), 4100), null, '0.243 ns × 4.1 GHz = 1.0 cycle');
  // One cycle less 10 % for the clock's measurement; below that, flagged at the measured clock.
  assert.equal(optimisedAwayFlag(at(3750), 3750), null, '0.91 cycles: within the tolerance');
  assert.match(optimisedAwayFlag(at(3600), 3600)!.detail, /0\.875 clock cycles per iteration at the measured 3600 MHz/);
  const counted = opsCellFromRounds({ suite: 'ops', impl: 'c', test: 'call' }, rounds([3, 3, 3, 3, 3]), new Date().toISOString(), 2596);
  counted.instructions = { tool: 'callgrind', units: [100000, 300000], counts: [5_000_000, 5_000_050], per_unit: 0.00025, note: null };
  assert.match(optimisedAwayFlag(counted, 2596)!.detail, /instructions per iteration under callgrind \(the count does not grow/);
  counted.instructions = { tool: 'callgrind', units: [100000, 300000], counts: [5_000_000, 6_000_000], per_unit: 5, note: null };
  assert.equal(optimisedAwayFlag(counted, 2596), null);
  assert.equal(optimisedAwayFlag(fast, null), null, 'no clock, no cycles');
});

test('the validator finds the sub-cycle cells of the run that prompted the check (2026-12-01T18-22-45Z-vm)', () => {
  const run = formatRun('v2Slicer');
  const found = optimisedAwayFindings(run).map((f) => f.cell);
  for (const cell of ['ops/c/attribute', 'ops/go/empty_loop', 'ops/rust/attribute']) assert.ok(found.includes(cell), cell);
  // PyPy's inlined call (0.372 ns, 0.97 cycles at the reported clock) is within the clock's tolerance: a JIT that
  // inlines a call leaves a loop of about one cycle, which no cycle count can tell from a real one. The ops
  // programs now keep PyPy from inlining it (bench/ops/README.md), and its instructions cannot be counted.
  assert.ok(!found.includes('ops/pypy/call'));
  assert.ok(!found.includes('ops/cpython/call'), 'CPython does its calls');
});
