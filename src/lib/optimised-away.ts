/**
 * The `optimised_away` check: a timed operation or kernel unit that costs
 * less than one clock cycle at the run's clock (measured when the run
 * started, src/lib/clock.ts), or whose instruction
 * count under callgrind does not grow by at least one instruction per
 * iteration, cannot be doing its work: the compiler or JIT removed it (hoisted
 * a load out of the loop, folded a call), and the figure times the loop. Such
 * a cell keeps its figure but cannot make a claim hold or fail (metrics.ts
 * BLOCKING_FLAGS). The runner flags cells as it records them; the run
 * validator applies the same rule to any run, older ones included.
 */
import type { Cell, Flag, Run } from '../schemas/run.ts';
import { clockIsMeasured, runClockMhz } from './clock.ts';

/** Fewer instructions per iteration than this and the work cannot be in the loop. */
const MIN_PER_ITERATION = 1;
/**
 * Fewer cycles per iteration than this and the work cannot be in the loop: one
 * cycle (every op's loop carries its accumulator through at least one add),
 * less 10 % for the clock, which is measured (the fastest of 40 short add
 * chains) and for the median of slices taken in the host's fast phases.
 */
const MIN_CYCLES_PER_ITERATION = 0.9;

type Checked = Extract<Cell, { suite: 'ops' | 'cpu' }>;

const fmt = (x: number) => (x >= 10 ? x.toFixed(1) : x.toPrecision(3));

/** Clock cycles per iteration (ops) or per work unit (cpu) at `mhz`, from the cell's median; null when unknown. */
function cyclesPerIteration(cell: Checked, mhz: number | null): number | null {
  if (cell.status !== 'ok' || cell.summary === null || !mhz) return null;
  if (cell.suite === 'ops') return cell.cycles_per_iteration ?? (cell.summary.ns_per_op.median * mhz) / 1000;
  if (cell.cycles_per_unit !== undefined) return cell.cycles_per_unit;
  return null;
}

function instructionsPerIteration(cell: Checked): number | null {
  const i = cell.suite === 'ops' ? cell.instructions : cell.instructions?.per_unit;
  return i?.per_unit ?? null;
}

/** The flag a cell should carry, or null. */
export function optimisedAwayFlag(cell: Checked, mhz: number | null, measured = true): Flag | null {
  const what = cell.suite === 'ops' ? 'iteration' : 'unit of work';
  const reasons: string[] = [];
  const cycles = cyclesPerIteration(cell, mhz);
  if (cycles !== null && cycles < MIN_CYCLES_PER_ITERATION) {
    const ns = cell.suite === 'ops' && cell.summary ? cell.summary.ns_per_op.median : null;
    reasons.push(`${ns !== null ? `${fmt(ns)} ns = ` : ''}${fmt(cycles)} clock cycles per ${what} at the ${measured ? 'measured' : 'reported'} ${Math.round(mhz!)} MHz`);
  }
  const instr = instructionsPerIteration(cell);
  if (instr !== null && instr < MIN_PER_ITERATION) reasons.push(`${fmt(instr)} instructions per ${what} under callgrind (the count does not grow with the iterations)`);
  if (reasons.length === 0) return null;
  return { kind: 'optimised_away', detail: `${reasons.join('; ')}: less than one per ${what}, so the compiler or JIT removed the work and the figure times the loop` };
}

export interface OptimisedAwayFinding {
  cell: string;
  detail: string;
  /** Whether the cell already carries the flag. */
  flagged: boolean;
}

/** Every ops and cpu cell of a run that the rule flags. */
export function optimisedAwayFindings(run: Run): OptimisedAwayFinding[] {
  const out: OptimisedAwayFinding[] = [];
  for (const c of run.cells) {
    if (c.suite !== 'ops' && c.suite !== 'cpu') continue;
    const flag = optimisedAwayFlag(c, runClockMhz(run.machine), clockIsMeasured(run.machine));
    if (flag) out.push({ cell: `${c.suite}/${c.impl}/${c.test}`, detail: flag.detail, flagged: c.flags.some((f) => f.kind === 'optimised_away') });
  }
  return out;
}
