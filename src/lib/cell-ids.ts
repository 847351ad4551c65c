/**
 * How a cell is named, by the runner (scripts/bench) and the site alike: its
 * key `suite/impl/test`, and the comparison group its samples belong to. The
 * group's name seeds the bootstrap (src/lib/statistics.ts), so the runner's
 * stopping rule and the site's intervals agree only if both name it here.
 */
import type { SuiteId } from '../schemas/run.ts';

export interface CellName {
  suite: SuiteId;
  impl: string;
  test: string;
}

export function cellKey(c: CellName): string {
  return `${c.suite}/${c.impl}/${c.test}`;
}

/** The group of the implementations measured together on one test (`groupTest`: a threads group is one implementation's modes). */
export function groupKey(suite: SuiteId, groupTest: string): string {
  return `${suite}/${groupTest}`;
}

/**
 * The group a round-based cell's samples belong to: its test's, or for the
 * threads suite its implementation's, or in a vintage run the manifest's whose
 * runtimes share the group (`rounds_group`, scripts/bench/suites/threads.ts).
 */
export function groupOfCell(c: CellName & { rounds_group?: string | null | undefined }): string {
  return groupKey(c.suite, c.suite === 'threads' ? (c.rounds_group ?? c.impl) : c.test);
}
