/**
 * Ops suite: the implementation's `run` command prints one JSON line per
 * operation (bench/README.md); each line becomes a cell, its checksum checked
 * against the value computed from iterations_per_sample.
 */
import { OPS, type Cell, type OpsCell } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { noisyFlag } from '../flags.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import { checksumMatches } from '../ops-checksums.ts';
import { substitute } from '../placeholders.ts';
import { lastLines } from '../processes.ts';
import type { Planned } from '../progress.ts';
import type { Session } from '../session.ts';
import { summarize } from '../stats.ts';
import { failureOf, runTimed } from '../timed.ts';

export const OPS_TIMEOUT_MS = 20 * 60 * 1000;

export function opsSamples(quick: boolean, reps: number | null): number {
  return reps ?? (quick ? 3 : 10);
}

function selected(tests: string[] | null): string[] {
  return OPS.filter((t) => !tests || tests.includes(t));
}

export function planOps(impls: readonly Impl[], tests: string[] | null): Planned[] {
  const out: Planned[] = [];
  for (const impl of impls) {
    if (impl.suite !== 'ops') continue;
    for (const op of selected(tests)) out.push({ id: { suite: 'ops', impl: impl.id, test: op }, estimateSeconds: 4 });
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

export function opsCellFrom(id: CellId, line: OpsLine, startedAt: string, noisyThreshold: number): Cell {
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
  const noisy = noisyFlag(line.samples_ns_per_op, noisyThreshold, 'Time per operation');
  cell.flags = noisy ? [noisy] : [];
  return cell;
}

export async function runOpsSuite(session: Session, impls: readonly Impl[], tests: string[] | null): Promise<void> {
  for (const impl of impls) {
    if (session.stopping) return;
    if (impl.suite !== 'ops') continue;
    const idOf = (op: string): CellId => ({ suite: 'ops', impl: impl.id, test: op });
    const todo = selected(tests).filter((op) => !session.has(idOf(op)));
    if (todo.length === 0) continue;
    const startedAt = nowIso();
    const failAll = (reason: string) => {
      for (const op of todo) session.record(failedCell(idOf(op), reason, startedAt));
    };
    const build = await buildImplementation(impl, (cmd) => session.step(idOf(todo[0]!), `build: ${cmd}`));
    if (session.stopping) return;
    if (build) {
      failAll(build);
      continue;
    }
    refreshLibraries(session, impl);
    session.step(idOf(todo[0]!), 'running all operations');
    const argv = substitute(impl.manifest.run, { samples: opsSamples(session.options.quick, session.options.reps), cores: session.split.serverCount });
    const r = await runTimed(argv, { cwd: impl.dir, env: impl.manifest.env, cpus: session.split.server, timeoutMs: OPS_TIMEOUT_MS });
    if (session.stopping) return;
    const f = failureOf(r, 'the ops program');
    if (f) {
      const tail = lastLines(r.stderr, 6);
      failAll(`${f}${tail ? `:\n${tail}` : ''}`);
      continue;
    }
    const { lines, problems } = parseOpsOutput(r.stdout);
    for (const op of todo) {
      const line = lines.get(op);
      if (!line) {
        session.record(failedCell(idOf(op), problems.get(op) ?? `the program printed no line for "${op}"`, startedAt));
        continue;
      }
      session.record(opsCellFrom(idOf(op), line, startedAt, session.noisyThreshold));
    }
  }
}
