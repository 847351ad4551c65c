/**
 * The suites, in the order `--suite all` runs them: bench.ts plans, checks and
 * runs them by looping over this list, each through the one interface of
 * suite.ts. A new suite is a module of this folder and a line here
 * (scripts/bench/README.md, "Add a suite").
 */
import type { SuiteId } from '../../../src/schemas/run.ts';
import { buildSuite } from './build.ts';
import { cpuSuite } from './cpu.ts';
import { httpSuite } from './http.ts';
import { opsSuite } from './ops.ts';
import { stackSuite } from './stack.ts';
import type { Suite } from './suite.ts';
import { threadsSuite } from './threads.ts';

export const SUITE_REGISTRY: readonly Suite[] = [httpSuite, cpuSuite, opsSuite, threadsSuite, buildSuite, stackSuite];

export function suiteById(id: SuiteId): Suite {
  const s = SUITE_REGISTRY.find((x) => x.id === id);
  if (!s) throw new Error(`no suite ${id} in scripts/bench/suites/index.ts`);
  return s;
}

/** Default precision target per round-based suite (--precision P sets every one to P). */
export function defaultPrecision(): Record<string, number> {
  return Object.fromEntries(SUITE_REGISTRY.flatMap((s) => (s.rounds ? [[s.id, s.rounds.precision]] : [])));
}
