/**
 * The vintage run (`npm run bench -- --suite vintages`): 2019's runtimes beside
 * today's, in a run file of its own that the site pairs with the default run
 * (src/lib/runs.ts, like the web-stack run), so the default run keeps its
 * time. It measures the CPU, ops and threads suites with only the members the
 * comparison needs: every member of a manifest that lists runtimes (today's
 * and each vintage: CPython 3.7 … 3.14t, Go 1.13 and 1.26, Node 12 and 24,
 * Java 17 and 25) and each group's reference (C++ and C), so that ratios to C
 * and C++ come from the same rounds.
 */
import type { SuiteId } from '../../src/schemas/run.ts';
import type { Impl } from './discovery.ts';
import { CPU_REFERENCES } from './suites/cpu.ts';
import { OPS_REFERENCE } from './suites/ops.ts';

export const VINTAGE_SUITES: readonly SuiteId[] = ['cpu', 'ops', 'threads'];

/** Members of a vintage run: those with a runtime (default or vintage), and the groups' references. */
export function vintageRunImpls<I extends Pick<Impl, 'suite' | 'id' | 'vintage'>>(impls: readonly I[]): I[] {
  const references: Record<string, readonly string[]> = { cpu: CPU_REFERENCES, ops: [OPS_REFERENCE] };
  return impls.filter((i) => i.vintage !== null || (references[i.suite]?.includes(i.id) ?? false));
}
