/**
 * Why a run has no cell that the run it is compared with has, read from the
 * run itself: it was limited to some implementations (--impl) or tests
 * (--test), it did not measure that suite, or the implementation was not
 * part of it (a checkout without it). Worded by the comparison pages.
 */
import type { Run } from '../schemas/run.ts';
import { suitesOfRun } from './run-suites.ts';

export type Absence =
  | { code: 'suite'; suite: string }
  | { code: 'impl_option'; impls: string[] }
  | { code: 'test_option'; tests: string[] }
  | { code: 'no_impl'; impl: string }
  | { code: 'not_measured' };

const listed = (v: unknown): string[] | null =>
  typeof v === 'string' && v.trim() !== '' ? v.split(',').map((s) => s.trim()).filter(Boolean) : null;

export function absenceOf(run: Run, cell: { suite: string; impl: string; test: string }): Absence {
  if (!(suitesOfRun(run) as string[]).includes(cell.suite)) return { code: 'suite', suite: cell.suite };
  const impls = listed(run.settings.options.impl);
  if (impls && !impls.includes(cell.impl)) return { code: 'impl_option', impls };
  const tests = listed(run.settings.options.test);
  if (tests && !tests.includes(cell.test)) return { code: 'test_option', tests };
  const recorded = Object.keys(run.implementations);
  // Runs record the implementations they found (`suite/id`); one missing there was not in that checkout.
  if (recorded.length > 0 && !recorded.includes(`${cell.suite}/${cell.impl}`) && !(cell.suite === 'build' && recorded.includes(`http/${cell.impl}`))) {
    return { code: 'no_impl', impl: cell.impl };
  }
  return { code: 'not_measured' };
}
