/** Building cells of every suite: blank ones, failed and skipped ones, and the keys that identify them. */
import type { Cell, CellStatus } from '../../src/schemas/run.ts';
import { Cell as CellSchema } from '../../src/schemas/run.ts';
import { cellKey, type CellName } from '../../src/lib/cell-ids.ts';
import { formatZodIssues } from './errors.ts';

/** A cell's suite, implementation and test (keys and groups: src/lib/cell-ids.ts). */
export type CellId = CellName;

export function nowIso(): string {
  return new Date().toISOString();
}

/** A cell with every measured field empty; callers fill in what they measured. */
export function blankCell(id: CellId, status: CellStatus, reason: string | null, fix: string | null = null): Cell {
  const base = {
    impl: id.impl,
    status,
    reason,
    fix,
    verification: null,
    flags: [],
    started_at: null,
    finished_at: null,
  };
  switch (id.suite) {
    case 'http':
      return { suite: 'http', test: id.test as never, ...base, load: null, response_bytes: null, repetitions: [], summary: null, memory: null };
    case 'stack':
      return { suite: 'stack', test: id.test as never, ...base, load: null, response_bytes: null, repetitions: [], summary: null, memory: null };
    case 'cpu':
      return {
        suite: 'cpu',
        test: id.test as never,
        ...base,
        argument: null,
        warmup_runs: 0,
        repetitions: [],
        summary: null,
        jit_warmup_seconds: null,
        instructions: null,
      };
    case 'ops':
      return {
        suite: 'ops',
        test: id.test as never,
        ...base,
        harness: null,
        iterations_per_sample: null,
        samples_ns_per_op: [],
        summary: null,
        harness_overhead_ns_per_op: null,
        overhead_subtracted: false,
      };
    case 'threads':
      return { suite: 'threads', test: id.test as never, ...base, workers: null, free_threaded: null, repetitions: [], summary: null };
    case 'build':
      return { suite: 'build', test: id.test as never, ...base, command: null, touched_file: null, repetitions: [], summary: null };
  }
}

export function failedCell(id: CellId, reason: string, startedAt: string | null = null): Cell {
  const c = blankCell(id, 'failed', reason);
  c.started_at = startedAt;
  c.finished_at = startedAt ? nowIso() : null;
  return c;
}

export function skippedCell(id: CellId, reason: string, fix: string | null): Cell {
  return blankCell(id, 'skipped', reason, fix);
}

/**
 * Checks a finished cell against the schema. An invalid cell is a runner bug:
 * it is reported with its zod paths and replaced by a failed cell, so the run
 * file stays valid and the rest of the run goes on.
 */
export function validatedCell(cell: Cell): { cell: Cell; problem: string | null } {
  const r = CellSchema.safeParse(cell);
  if (r.success) return { cell: r.data, problem: null };
  const detail = formatZodIssues(r.error.issues);
  const id = { suite: cell.suite, impl: cell.impl, test: cell.test };
  const replacement = failedCell(id, `internal error: the runner produced an invalid cell (a bug in scripts/bench):\n${detail}`);
  replacement.started_at = cell.started_at;
  replacement.finished_at = cell.finished_at;
  return { cell: replacement, problem: `${cellKey(id)}: invalid cell (runner bug):\n${detail}` };
}
