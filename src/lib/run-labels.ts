/**
 * How the runs pages name a run: by its machine, its start (date and time,
 * UTC), its suites and its mode, which a reader recognises, not by its id.
 * Labels are unique among the runs shown: two runs of one machine started in
 * the same minute get their seconds, then their id.
 */
import type { Run } from '../schemas/run.ts';
import type { Translate } from '../i18n/index.ts';
import { DEFAULT_SUITES, getRuns, suitesOfRun } from './runs.ts';
import { suiteName } from './labels.ts';
import { formatList } from './format.ts';

function runDate(run: Run, intl: string, seconds = false): string {
  return new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short', timeZone: 'UTC', hourCycle: 'h23' }).format(new Date(run.started_at));
}

/** The suites a run measured in words: "all suites" for a run of every default suite, else their names. */
function runSuites(run: Run, t: Translate, intl: string): string {
  const suites = suitesOfRun(run);
  if (DEFAULT_SUITES.every((s) => suites.includes(s)) && suites.length === DEFAULT_SUITES.length) return t('runs.suitesAll');
  return formatList(suites.map((s) => suiteName(s, t)), intl);
}

export interface RunLabel {
  /** "vm, 1 Dec 2026, 18:22 UTC · all suites · full": the run anywhere on the site. */
  full: string;
  /** "1 Dec 2026, 18:22 UTC · all suites · full": the run under its machine's heading. */
  short: string;
}

/** Keyed by run id. */
export function runLabelsOf(runs: readonly Run[], t: Translate, intl: string): Map<string, RunLabel> {
  const make = (run: Run, seconds: boolean, withId: boolean): RunLabel => {
    const short = t('runs.runShort', { date: runDate(run, intl, seconds), suites: runSuites(run, t, intl), mode: t(`mode.${run.mode}`) });
    const tail = withId ? ` (${run.id})` : '';
    return { full: `${t('runs.runLabel', { host: run.machine.hostname, run: short })}${tail}`, short: `${short}${tail}` };
  };
  const labels = new Map<string, RunLabel>();
  for (const run of runs) labels.set(run.id, make(run, false, false));
  const clash = (label: string) => [...labels.values()].filter((l) => l.full === label).length > 1;
  for (const run of runs) if (clash(labels.get(run.id)!.full)) labels.set(run.id, make(run, true, false));
  for (const run of runs) if (clash(labels.get(run.id)!.full)) labels.set(run.id, make(run, true, true));
  return labels;
}

const siteCache = new Map<string, Map<string, RunLabel>>();

/** The labels of every run the site has (src/lib/runs.ts getRuns), once per language of a build. */
export function siteRunLabels(t: Translate, intl: string): Map<string, RunLabel> {
  let hit = siteCache.get(intl);
  if (!hit) siteCache.set(intl, (hit = runLabelsOf(getRuns().runs.map((r) => r.run), t, intl)));
  return hit;
}
