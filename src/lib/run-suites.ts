/**
 * The suites of a run: pure functions of the run, with no file access, so the
 * comparison picker can use them in the browser as the build does.
 */
import { SUITES, type Run, type SuiteId } from '../schemas/run.ts';

/** What `npm run bench` (`--suite all`) measures; the stack suite runs on its own. */
export const DEFAULT_SUITES: readonly SuiteId[] = SUITES.filter((s) => s !== 'stack');

/** The suites a run measured (runs made before `suites` was recorded: from its --suite option). */
export function suitesOfRun(run: Run): SuiteId[] {
  if (run.suites) return run.suites;
  const option = run.settings.options.suite;
  if (option === 'all') return [...DEFAULT_SUITES];
  return (SUITES as readonly string[]).includes(String(option)) ? [option as SuiteId] : [...new Set(run.cells.map((c) => c.suite))];
}
