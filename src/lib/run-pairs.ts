/** The comparison pages of the runs page: one static page per ordered pair of runs (A, then B: ratios > 1 = faster on B). */
import type { Run } from '../schemas/run.ts';

/** `runs/compare/<A id>/<B id>/` (run ids are [A-Za-z0-9._-], safe in a path). */
export function comparePath(a: Pick<Run, 'id'>, b: Pick<Run, 'id'>): string {
  return `runs/compare/${a.id}/${b.id}/`;
}

export function orderedPairs<R>(runs: readonly R[]): Array<{ a: R; b: R }> {
  return runs.flatMap((a) => runs.filter((b) => b !== a).map((b) => ({ a, b })));
}
