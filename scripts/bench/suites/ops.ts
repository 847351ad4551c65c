/**
 * Ops suite: every operation timed in long-lived workers (workers.ts), one
 * comparison group per operation. A round starts a fresh worker per member
 * (random layout), warms it, then gives every member quarter-second slices of
 * the operation in several passes over the round's random order
 * (worker-rounds.ts); the round's figure is ns per operation = seconds ÷
 * iterations × 1e9. Every slice's checksum is checked against the formula of
 * its chunk size (ops-checksums.ts). Afterwards, for runtimes without a JIT,
 * instructions per iteration under callgrind.
 *
 * One group per operation, not one for the suite: each operation then stops
 * when its own ratios are precise (a slow operation of one runtime no longer
 * holds every other operation's rounds open), and its slices of different
 * runtimes lie a fraction of a second apart.
 */
import { OPS, type Cell, type OpsCell, type UnitInstructions } from '../../../src/schemas/run.ts';
import { median, summarize } from '../../../src/lib/statistics.ts';
import { optimisedAwayFlag } from '../../../src/lib/optimised-away.ts';
import { clockIsMeasured, runClockMhz } from '../../../src/lib/clock.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { groupOf, groupSchedule, recordComparison, roundsGroup, roundsSettings, twinId, twinOf, type GroupBudget, type GroupPlan } from '../groups.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { startWorker } from '../member-workers.ts';
import { checksumMatches } from '../ops-checksums.ts';
import { substitute } from '../placeholders.ts';
import { RUNNER_TOOLS, firstMissing } from '../requirements.ts';
import { runRounds } from '../rounds.ts';
import type { Session } from '../session.ts';
import { inParallel, unitInstructions } from '../unit-instructions.ts';
import { PASSES, SLICE_SECONDS, takeWorkerRound, type MemberRound, type RoundMember } from '../worker-rounds.ts';
import type { RunAnswer } from '../workers.ts';
import { memberCell, planGroups, selectedTests, type Suite } from './suite.ts';

type OpsEntry = Extract<Impl, { suite: 'ops' }>;

/** Longest one slice may take before the worker is killed. */
const SLICE_TIMEOUT_MS = 60 * 1000;
/** Ratios of the ops suite are taken to C when it is measured. */
export const OPS_REFERENCE = 'c';
/** Iterations of the two `count` runs under callgrind. */
const CALLGRIND_ITERATIONS: readonly [number, number] = [50000, 150000];
const HARNESS = 'worker: whole chunks in quarter-second slices (bench/README.md, "Workers")';

/** One group per operation: the ops implementations and the A/A twin. */
function opsGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const ids = impls.filter((i) => i.suite === 'ops').map((i) => i.id);
  if (ids.length === 0) return [];
  return selectedTests(OPS, tests).map((op) => groupOf('ops', op, ids, aa, [OPS_REFERENCE]));
}

/** Why a slice's checksum is wrong for its chunk size, or null. */
export function sliceProblem(op: string, a: RunAnswer): string | null {
  const n = a.units / a.chunks;
  const { ok, expected } = checksumMatches(op, n, a.checksum);
  return ok ? null : `wrong checksum for ${op}: ${a.checksum}, expected ${expected ?? '(unknown operation)'} for a chunk of ${n} iterations (bench/ops/README.md)`;
}

/** The cell of one member and operation from its rounds. */
export function opsCellFromRounds(id: CellId, rounds: readonly { round: number; position: number; record: MemberRound }[], startedAt: string, mhz: number | null): OpsCell {
  const cell = blankCell(id, 'ok', null) as OpsCell;
  cell.started_at = startedAt;
  cell.finished_at = nowIso();
  cell.harness = HARNESS;
  const slices = rounds.flatMap((r) => r.record.slices);
  const first = slices[0]!;
  cell.iterations_per_sample = first.units / first.chunks;
  cell.samples_ns_per_op = rounds.map((r) => r.record.secondsPerUnit * 1e9);
  cell.runs = rounds.map((r) => ({ round: r.round, position: r.position, samples_ns_per_op: [r.record.secondsPerUnit * 1e9] }));
  cell.slices = slices;
  cell.harness_overhead_ns_per_op = null;
  cell.overhead_subtracted = false;
  const sizes = [...new Set(slices.map((s) => s.units / s.chunks))];
  cell.verification = { passed: true, checks: [`every slice's checksum = the formula for its chunk size (${sizes.join(', ')} iterations; bench/ops/README.md)`], detail: null };
  cell.summary = { ns_per_op: summarize(cell.samples_ns_per_op) };
  cell.cycles_per_iteration = mhz ? (median(cell.samples_ns_per_op) * mhz) / 1000 : null;
  cell.flags = [];
  return cell;
}

async function instructions(session: Session, impl: OpsEntry, member: string, op: string): Promise<UnitInstructions | null> {
  if (impl.manifest.jit || member !== impl.id || session.options.quick) return null;
  const missing = firstMissing([RUNNER_TOOLS.valgrind], impl.dir);
  if (missing) return { tool: 'callgrind', units: [...CALLGRIND_ITERATIONS], counts: [null, null], per_unit: null, note: `valgrind not found (${missing.fix})` };
  session.step({ suite: 'ops', impl: member, test: op }, `callgrind (count ${CALLGRIND_ITERATIONS.join(' and ')} iterations)`);
  return unitInstructions({ argv: impl.manifest.worker!, cwd: impl.dir, env: impl.manifest.env, cpus: null, name: `ops/${member}` }, op, CALLGRIND_ITERATIONS);
}

async function runOpGroup(session: Session, group: GroupPlan, byId: Map<string, OpsEntry>, budget: GroupBudget): Promise<void> {
  const op = group.tests[0]!;
  const idOf = (member: string): CellId => ({ suite: 'ops', impl: member, test: op });
  const implOf = (m: string) => byId.get(m) ?? byId.get(twinOf(m) ?? '');
  const startedAt = nowIso();
  const members: string[] = [];
  for (const m of group.members) {
    const impl = implOf(m);
    if (!impl || session.has(idOf(m))) continue;
    if (!impl.manifest.worker) {
      session.record(failedCell(idOf(m), `${impl.manifestPath} has no "worker" command: add the argv of its worker (bench/README.md, "Workers")`, startedAt));
      continue;
    }
    members.push(m);
  }
  if (members.length === 0) return;
  const reference = members.includes(group.reference) ? group.reference : members[0]!;
  const settings = roundsSettings(session, group, budget);
  const roundMember = (m: string): RoundMember => {
    const impl = implOf(m)!;
    return {
      id: m,
      test: op,
      jit: impl.manifest.jit,
      timeoutMs: SLICE_TIMEOUT_MS,
      start: (round) => startWorker(session, `ops/${op}/${m}/round ${round}`, substitute(impl.manifest.worker!, { cores: session.split.serverCount }), impl.dir, impl.manifest.env, session.split.server),
      check: (a) => sliceProblem(op, a),
    };
  };
  const byMember = new Map(members.map((m) => [m, roundMember(m)]));
  const result = await runRounds<MemberRound>(roundsGroup(group), [op], members, reference, settings, {
    takeRound: (order, round) =>
      takeWorkerRound(order.map((m) => byMember.get(m)!), round, {
        sliceSeconds: SLICE_SECONDS,
        passes: session.options.quick ? 1 : PASSES,
        jitWarmup: !session.options.quick,
        scale: () => 1e9,
        step: (rm, what) => session.step(idOf(rm.id), what, true),
        stopping: () => session.stopping,
      }),
    onRound: (round, worst, elapsedMs) => session.roundProgress(`ops/${op}`, round, worst, elapsedMs, settings.budgetMs, settings.precision),
    stopping: () => session.stopping,
  });
  if (session.stopping) return;
  const mhz = runClockMhz(session.run.machine);
  const ok = (m: string) => !result.failed.has(m) && result.records.get(m)!.length > 0;
  const counted = await inParallel(members, session.split.all.length, (m) => (ok(m) ? instructions(session, implOf(m)!, m, op) : Promise.resolve(null)));
  if (session.stopping) return;
  members.forEach((m, i) => {
    const failure = result.failed.get(m) ?? null;
    const rounds = result.records.get(m)!;
    if (failure || rounds.length === 0) {
      const reason = failure ?? 'no round finished';
      const cell = failedCell(idOf(m), reason, startedAt) as OpsCell;
      if (reason.includes('wrong checksum')) cell.verification = { passed: false, checks: ["every slice's checksum = the formula for its chunk size (bench/ops/README.md)"], detail: reason };
      session.record(cell as Cell);
      return;
    }
    const cell = opsCellFromRounds(idOf(m), rounds, startedAt, mhz);
    const impl = implOf(m)!;
    if (m !== impl.id) cell.twin_of = impl.id;
    if (counted[i]) cell.instructions = counted[i];
    const flag = optimisedAwayFlag(cell, mhz, clockIsMeasured(session.run.machine));
    if (flag) cell.flags.push(flag);
    session.record(cell);
  });
  recordComparison(session, group, members, reference, result);
}

async function runOpsSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  if (groups.length === 0) return;
  const members = new Set(groups.flatMap((g) => g.members));
  const ops = groups.map((g) => g.tests[0]!);
  const byId = new Map<string, OpsEntry>();
  const startedAt = nowIso();
  const idOf = (member: string, op: string): CellId => ({ suite: 'ops', impl: member, test: op });
  const failAll = (member: string, reason: string) => {
    for (const op of ops) if (!session.has(idOf(member, op))) session.record(failedCell(idOf(member, op), reason, startedAt));
  };
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'ops' || !members.has(impl.id)) continue;
    if (ops.every((op) => session.has(idOf(impl.id, op)) && (!members.has(twinId(impl.id)) || session.has(idOf(twinId(impl.id), op))))) continue;
    const build = await buildImplementation(impl, (cmd) => session.step(idOf(impl.id, ops[0]!), `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      failAll(impl.id, build);
      if (members.has(twinId(impl.id))) failAll(twinId(impl.id), build);
      continue;
    }
    refreshLibraries(session, impl);
    byId.set(impl.id, impl);
  }
  const schedule = groupSchedule(session, 'ops', groups);
  for (const g of groups) {
    if (session.stopping) return;
    await runOpGroup(session, g, byId, schedule.budgetMs(g));
    schedule.done(g);
  }
}

export const opsSuite: Suite = {
  id: 'ops',
  manifests: 'ops',
  tests: OPS,
  inAll: true,
  // An ops round of seven members costs about 8 s here, and ops has eight groups: a share like the CPU suite's
  // (the ops groups' minimum of five rounds is what bounds them).
  rounds: { precision: 0.05, budgetShare: 0.26, quickSampleSeconds: 0.3 },
  loadGenerator: false,
  workers: true,
  everyCpu: false,
  randomLayout: true,
  toolVersions: [],
  implByRuntime: false,
  hasTest: () => true,
  groups: opsGroups,
  plan: (ctx) => planGroups(ctx.groups, ctx.budgetSeconds, 2, memberCell),
  run: runOpsSuite,
};
