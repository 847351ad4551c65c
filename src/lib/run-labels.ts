/** How the runs pages name a run: by its machine and date, which a reader recognises, not by its id. */
import type { Run } from '../schemas/run.ts';
import type { Translate } from '../i18n/index.ts';

export function runDate(run: Run, intl: string): string {
  return new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(run.started_at));
}

/**
 * "vm, 26 Nov 2026" for each run; runs that would read the same (one machine,
 * one day) also get their start time, then their id.
 */
/** Keyed by run id. */
export function runLabels(runs: readonly Run[], t: Translate, intl: string): Map<string, string> {
  const base = (run: Run) => t('runs.runLabel', { host: run.machine.hostname, date: runDate(run, intl) });
  const withTime = (run: Run) =>
    t('runs.runLabel', {
      host: run.machine.hostname,
      date: new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(run.started_at)),
    });
  const labels = new Map<string, string>();
  for (const run of runs) labels.set(run.id, base(run));
  const clash = (label: string) => [...labels.values()].filter((l) => l === label).length > 1;
  for (const run of runs) if (clash(labels.get(run.id)!)) labels.set(run.id, withTime(run));
  for (const run of runs) if (clash(labels.get(run.id)!)) labels.set(run.id, `${labels.get(run.id)} (${run.id})`);
  return labels;
}
