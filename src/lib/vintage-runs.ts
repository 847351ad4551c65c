/**
 * The vintage run beside the default one. 2019's runtimes (CPython 3.7, Go
 * 1.13, Node 12…) are measured in a run of their own (`npm run bench --
 * --suite vintages`, scripts/bench/vintage-run.ts), so that the default run
 * keeps its time; runs.ts picks it (the active run itself when it measured
 * vintages, else DIEZMIL_VINTAGE_RUN > data/site.json "activeVintageRun" > the
 * newest complete one) and records the pairing here. A claim that names a
 * vintage member (cpu.cpython-3-7.…) is evaluated against that run as a
 * whole, so its ratios pair round by round (src/lib/claims.ts).
 */
import type { Run } from '../schemas/run.ts';
import { measureMetricIds } from './claims-check.ts';
import { listVintageMembers } from './implementations.ts';
import { parseMetricId } from './metric-ids.ts';
import type { Claim } from '../schemas/claims.ts';

/** A run made with `--suite vintages`. */
export function isVintageRun(run: Run): boolean {
  return run.settings.options['suite'] === 'vintages';
}

/** Whether a run measured an implementation under a vintage runtime (--vintages or --suite vintages). */
export function hasVintageCells(run: Run): boolean {
  return run.cells.some((c) => run.implementations[`${c.suite}/${c.impl}`]?.runtime_build?.default === false);
}

const paired = new WeakMap<Run, Run | null>();

/** Reads `run`'s vintage figures from `vintage` (null: there is none; say so). */
export function pairVintageRun(run: Run, vintage: Run | null): void {
  paired.set(run, vintage);
}

/** The run vintage figures of `run` come from: itself when it measured vintages, else the paired one; a run never paired is read as it is. */
export function vintageRunOf(run: Run): Run | null {
  if (hasVintageCells(run)) return run;
  return paired.has(run) ? paired.get(run)! : run;
}

/** Whether a metric id names a member under a vintage runtime (per the manifests). */
function namesVintageMember(id: string, benchDir = 'bench'): boolean {
  const m = parseMetricId(id);
  if ('error' in m || m.suite === 'http' || m.suite === 'stack' || m.suite === 'build') return false;
  return listVintageMembers(m.suite, benchDir).some((v) => v.id === m.impl);
}

/** Whether a claim is about vintage runtimes: then it is read from the vintage run. */
export function isVintageClaim(claim: Pick<Claim, 'measure'>, benchDir = 'bench'): boolean {
  return measureMetricIds(claim.measure).some(({ id }) => namesVintageMember(id, benchDir));
}
