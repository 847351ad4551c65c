/**
 * Ops suite: the implementation's `run` command prints one JSON line per
 * operation (bench/README.md); each line becomes a cell, its checksum checked
 * against the value computed from iterations_per_sample.
 */
import { OPS, type Cell, type OpsCell } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { checksumMatches } from '../ops-checksums.ts';
import { substitute } from '../placeholders.ts';
import { lastLines } from '../processes.ts';
import type { Planned } from '../progress.ts';
import type { Session } from '../session.ts';
import { median, summarize } from '../../../src/lib/statistics.ts';
import { groupSchedule, recordComparison, roundsSettings, twinId, type GroupPlan } from '../groups.ts';
import { runRounds, type Taken } from '../rounds.ts';
import { failureOf, runTimed } from '../timed.ts';

export const OPS_TIMEOUT_MS = 20 * 60 * 1000;

function selected(tests: string[] | null): string[] {
  return OPS.filter((t) => !tests || tests.includes(t));
}

export function planOps(groups: readonly GroupPlan[], budgetSeconds: (g: GroupPlan) => number): Planned[] {
  const out: Planned[] = [];
  for (const g of groups) {
    const est = budgetSeconds(g) / (g.members.length * g.tests.length) + 1;
    for (const impl of g.members) for (const op of g.tests) out.push({ id: { suite: 'ops', impl, test: op }, estimateSeconds: est });
  }
  return out;
}

interface OpsLine {
  op: string;
  harness: string;
  iterations_per_sample: number;
  samples_ns_per_op: number[];
  harness_overhead_ns_per_op: number | null;
  overhead_subtracted: boolean;
  checksum: string;
}

/** Parses the program's stdout; lines that are not JSON objects with an "op" are ignored. */
export function parseOpsOutput(stdout: string): { lines: Map<string, OpsLine>; problems: Map<string, string> } {
  const lines = new Map<string, OpsLine>();
  const problems = new Map<string, string>();
  for (const raw of stdout.split('\n')) {
    const t = raw.trim();
    if (!t.startsWith('{')) continue;
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(t) as Record<string, unknown>;
    } catch {
      continue;
    }
    const op = j['op'];
    if (typeof op !== 'string') continue;
    const samples = j['samples_ns_per_op'];
    const iters = j['iterations_per_sample'];
    const bad = (why: string) => problems.set(op, `line for ${op}: ${why}`);
    if (!Array.isArray(samples) || samples.length === 0 || !samples.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0)) {
      bad('samples_ns_per_op should be a non-empty array of non-negative numbers');
      continue;
    }
    if (typeof iters !== 'number' || !Number.isInteger(iters) || iters < 0) {
      bad('iterations_per_sample should be a whole number');
      continue;
    }
    const checksum = typeof j['checksum'] === 'string' ? (j['checksum'] as string) : typeof j['checksum'] === 'number' ? String(j['checksum']) : null;
    if (checksum === null) {
      bad('checksum is missing');
      continue;
    }
    const overhead = j['harness_overhead_ns_per_op'];
    lines.set(op, {
      op,
      harness: typeof j['harness'] === 'string' ? (j['harness'] as string) : 'unknown',
      iterations_per_sample: iters,
      samples_ns_per_op: samples as number[],
      harness_overhead_ns_per_op: typeof overhead === 'number' && Number.isFinite(overhead) && overhead >= 0 ? overhead : null,
      overhead_subtracted: j['overhead_subtracted'] === true,
      checksum,
    });
  }
  return { lines, problems };
}

export function opsCellFrom(id: CellId, line: OpsLine, startedAt: string): Cell {
  const { ok, expected } = checksumMatches(line.op, line.iterations_per_sample, line.checksum);
  const checks = [`checksum for ${line.iterations_per_sample} iterations = ${expected ?? '(unknown operation)'}`];
  const cell = blankCell(id, 'ok', null) as OpsCell;
  cell.started_at = startedAt;
  cell.finished_at = nowIso();
  cell.harness = line.harness;
  cell.iterations_per_sample = line.iterations_per_sample;
  cell.samples_ns_per_op = line.samples_ns_per_op;
  cell.harness_overhead_ns_per_op = line.harness_overhead_ns_per_op;
  cell.overhead_subtracted = line.overhead_subtracted;
  if (!ok) {
    const detail = `checksum was ${line.checksum}, expected ${expected} for ${line.iterations_per_sample} iterations (bench/ops/README.md)`;
    cell.verification = { passed: false, checks, detail };
    return { ...cell, status: 'failed', reason: `wrong checksum: ${detail}`, summary: null };
  }
  cell.verification = { passed: true, checks, detail: null };
  cell.summary = { ns_per_op: summarize(line.samples_ns_per_op) };
  cell.flags = [];
  return cell;
}

/** Samples of every operation per process run: a round runs each implementation once. */
export function opsSamplesPerRun(quick: boolean): number {
  return quick ? 1 : 2;
}

/** Ratios of the ops suite are taken to C when it is measured. */
export const OPS_REFERENCE = 'c';

/** One group for the whole suite: a process run times every operation, so every operation shares the rounds. */
export function opsGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const ids = impls.filter((i) => i.suite === 'ops').map((i) => i.id);
  const ops = selected(tests);
  if (ids.length === 0 || ops.length === 0) return [];
  const members = aa && ids.includes(aa) ? [...ids, twinId(aa)] : ids;
  return [{ suite: 'ops', tests: ops, members, reference: ids.includes(OPS_REFERENCE) ? OPS_REFERENCE : [...ids].sort()[0]! }];
}

interface OpsRun {
  round: number;
  position: number;
  started_at: string;
  finished_at: string;
  lines: Map<string, OpsLine>;
  /** Operations this run got wrong (no line, or a wrong checksum): their cells fail, the others go on. */
  problems: Map<string, string>;
}

/** One process run of a member: every operation's samples, each checksum checked. */
async function opsRun(session: Session, impl: Extract<Impl, { suite: 'ops' }>, member: string, ops: readonly string[], round: number, position: number): Promise<Taken<OpsRun>> {
  session.step({ suite: 'ops', impl: member, test: ops[0]! }, `round ${round + 1}: all operations`, true);
  const argv = substitute(impl.manifest.run, { samples: opsSamplesPerRun(session.options.quick), cores: session.split.serverCount });
  const startedAt = nowIso();
  const r = await runTimed(argv, { cwd: impl.dir, env: impl.manifest.env, cpus: session.split.server, timeoutMs: OPS_TIMEOUT_MS });
  const f = failureOf(r, 'the ops program');
  if (f) {
    const tail = lastLines(r.stderr, 6);
    return { error: `${f}${tail ? `:\n${tail}` : ''}` };
  }
  const { lines, problems } = parseOpsOutput(r.stdout);
  const values: Record<string, number> = {};
  const wrong = new Map<string, string>();
  for (const op of ops) {
    const line = lines.get(op);
    if (!line) {
      wrong.set(op, problems.get(op) ?? `the program printed no line for "${op}"`);
      continue;
    }
    const { ok, expected } = checksumMatches(line.op, line.iterations_per_sample, line.checksum);
    if (!ok) {
      wrong.set(op, `wrong checksum: checksum was ${line.checksum}, expected ${expected} for ${line.iterations_per_sample} iterations (bench/ops/README.md)`);
      continue;
    }
    values[op] = median(line.samples_ns_per_op);
  }
  return { values, record: { round, position, started_at: startedAt, finished_at: nowIso(), lines, problems: wrong } };
}

export async function runOpsSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  const group = groups[0];
  if (!group) return;
  const ops = group.tests;
  const byId = new Map<string, Extract<Impl, { suite: 'ops' }>>();
  const startedAt = nowIso();
  const idOf = (member: string, op: string): CellId => ({ suite: 'ops', impl: member, test: op });
  const failAll = (member: string, reason: string) => {
    for (const op of ops) if (!session.has(idOf(member, op))) session.record(failedCell(idOf(member, op), reason, startedAt));
  };
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'ops' || !group.members.includes(impl.id)) continue;
    if (ops.every((op) => session.has(idOf(impl.id, op)))) continue;
    const build = await buildImplementation(impl, (cmd) => session.step(idOf(impl.id, ops[0]!), `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      failAll(impl.id, build);
      if (group.members.includes(twinId(impl.id))) failAll(twinId(impl.id), build);
      continue;
    }
    refreshLibraries(session, impl);
    byId.set(impl.id, impl);
  }
  const members = group.members.filter((m) => byId.has(m.replace(/-aa$/, '')) && !ops.every((op) => session.has(idOf(m, op))));
  if (members.length === 0) return;
  const implOf = (m: string) => byId.get(m) ?? byId.get(m.replace(/-aa$/, ''))!;
  const reference = members.includes(group.reference) ? group.reference : members[0]!;
  const budget = groupSchedule(session, 'ops', groups).budgetMs(group);
  const settings = roundsSettings(session, group, budget);
  const result = await runRounds<OpsRun>((op) => `ops/${op}`, ops, members, reference, settings, {
    take: (m, round, position) => opsRun(session, implOf(m), m, ops, round, position),
    onRound: (round, worst, elapsedMs) => session.roundProgress('ops', round, worst, elapsedMs, settings.budgetMs, settings.precision),
    stopping: () => session.stopping,
  });
  if (session.stopping) return;
  for (const m of members) {
    const runs = result.records.get(m)!.map((p) => p.record);
    const failure = result.failed.get(m) ?? null;
    for (const op of ops) {
      const id = idOf(m, op);
      if (session.has(id)) continue;
      const wrong = runs.map((r) => r.problems.get(op)).find((p) => p !== undefined);
      if (wrong) {
        // The checksum check belongs to verification: report it as such, with the line that failed.
        const bad = runs.find((r) => r.problems.has(op))!.lines.get(op);
        const c = bad ? (opsCellFrom(id, bad, startedAt) as OpsCell) : (failedCell(id, wrong, startedAt) as OpsCell);
        session.record(c.status === 'failed' ? c : { ...c, status: 'failed', reason: wrong, summary: null });
        continue;
      }
      const lines = runs.map((r) => r.lines.get(op)!);
      if (failure || lines.length === 0) {
        session.record(failedCell(id, failure ?? 'no round finished', startedAt));
        continue;
      }
      const cell = opsCellFrom(id, { ...lines[0]!, samples_ns_per_op: lines.flatMap((l) => l.samples_ns_per_op) }, startedAt) as OpsCell;
      cell.runs = runs.map((r) => ({ round: r.round, position: r.position, started_at: r.started_at, finished_at: r.finished_at, samples_ns_per_op: r.lines.get(op)!.samples_ns_per_op }));
      if (m !== implOf(m).id) cell.twin_of = implOf(m).id;
      session.record(cell);
    }
  }
  recordComparison(session, group, members, reference, result);
}
