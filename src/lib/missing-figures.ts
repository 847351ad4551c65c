/**
 * Figures an essay cites that the active run lacks, worded for a reader: the
 * sentence left in place of one whose figures are missing
 * (src/components/Cited.astro), and the note at the top of the essay that
 * says which implementations or cells are missing and why.
 */
import type { Run } from '../schemas/run.ts';
import { getMetric, stackRunOf, type MetricMissing } from './metrics.ts';
import { parseMetricId } from './metric-ids.ts';
import { reasonLabel, type MissingReason } from './missing-reason.ts';
import { implName, testName } from './labels.ts';
import type { Translate } from '../i18n/translator.ts';
import { formatList } from './format.ts';

/** The cited figures (metric ids) the run lacks; every one of them when there is no run. */
export function missingFigures(run: Run | null, ids: readonly string[]): MetricMissing[] {
  return [...new Set(ids)].map((id) => getMetric(run, id)).filter((m): m is MetricMissing => m.kind === 'missing');
}

/** "Go (One-million loop)": which figure a left-out sentence needed. */
export function figureLabel(id: string, t: Translate): string {
  const m = parseMetricId(id);
  if ('error' in m) return id;
  return t('cited.figure', { impl: implName(m.impl), test: testName(m.suite, m.test, t) });
}

/** The cell a missing figure really waits for (a ratio to C waits for C's cell). */
function absentCell(reason: MissingReason): { suite: string; impl: string } | null {
  if (reason.code === 'no_cell') return { suite: reason.suite, impl: reason.impl };
  if (reason.code === 'c_baseline') return absentCell(reason.reason);
  // A geometric mean or a speedup with nothing to divide: perhaps the implementation itself is absent.
  if (reason.code === 'no_kernel_pair') return { suite: 'cpu', impl: reason.impl };
  if (reason.code === 'no_single_baseline') return { suite: 'threads', impl: reason.impl };
  return null;
}

/**
 * What the note at the top of an essay lists, one item per implementation:
 * not measured at all, not measured in a suite, or the reasons its figures
 * are missing.
 */
export function missingItems(run: Run, missing: readonly MetricMissing[], t: Translate, intl: string): string[] {
  const byImpl = new Map<string, { suites: Set<string>; reasons: Map<string, string> }>();
  // Without a stack run every stack figure is missing for the same reason: one item, not one per stack.
  const noStackRun = missing.some((m) => m.reason.code === 'no_stack_run');
  for (const m of missing) {
    if (m.reason.code === 'no_stack_run') continue;
    const cell = absentCell(m.reason);
    const parsed = parseMetricId(m.id);
    const impl = cell?.impl ?? ('error' in parsed ? m.id : parsed.impl);
    const entry = byImpl.get(impl) ?? { suites: new Set<string>(), reasons: new Map<string, string>() };
    byImpl.set(impl, entry);
    // A stack cell is looked for in the run the stack figures come from.
    const source = cell?.suite === 'stack' ? (stackRunOf(run) ?? run) : run;
    const suiteAbsent = cell && !source.cells.some((c) => c.suite === cell.suite && c.impl === cell.impl);
    if (suiteAbsent) entry.suites.add(cell.suite);
    else entry.reasons.set(JSON.stringify(m.reason), reasonLabel(m.reason, t, intl));
  }
  const list = (xs: string[]) => formatList(xs, intl);
  const stackItem = noStackRun ? [t('essay.missingStackRun', { reason: reasonLabel({ code: 'no_stack_run' }, t, intl) })] : [];
  return [...stackItem, ...[...byImpl.entries()].flatMap(([impl, e]) => {
    const name = implName(impl);
    const items: string[] = [];
    if (e.suites.size > 0) {
      items.push(run.cells.some((c) => c.impl === impl) ? list([...e.suites].map((suite) => t('essay.missingSuite', { impl: name, suite }))) : t('essay.missingAbsent', { impl: name }));
    }
    if (e.reasons.size > 0) items.push(t('essay.missingReasons', { impl: name, reasons: list([...e.reasons.values()]) }));
    return items;
  })];
}
