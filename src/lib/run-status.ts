/**
 * Why a run is, or is not, the one the site's essays quote: the runs page
 * names each run's suites and this reason, so that a complete full run that is
 * not shown (it measured the CPU suite only, or a newer one replaced it) says
 * why instead of reading "full · 36 / 36" beside the active one.
 *
 * The rules are src/lib/runs.ts's (newestComplete): complete and full, the
 * newest among those that cover every default suite, unless data/site.json or
 * DIEZMIL_RUN pins another.
 */
import type { Run, SuiteId } from '../schemas/run.ts';
import type { Translate } from '../i18n/index.ts';
import { DEFAULT_SUITES, newestComplete, suitesOfRun } from './runs.ts';
import { isVintageRun } from './vintage-runs.ts';
import type { SettingDifference } from './run-comparison.ts';

export type ActiveReason =
  /** The newest complete full run that covers every default suite (or the best there is). */
  | { active: true; code: 'newest_full' }
  /** Pinned in data/site.json (activeRun) or by DIEZMIL_RUN. */
  | { active: true; code: 'pinned' }
  /** The web-stack run shown beside the active one (stack figures come from it). */
  | { active: true; code: 'stack_beside'; of: string | null }
  /** The run of 2019's runtimes shown beside the active run (the then-and-now figures come from it). */
  | { active: true; code: 'vintage_beside'; of: string | null }
  | { active: false; code: 'incomplete' }
  | { active: false; code: 'quick' }
  /** Limited by --impl or --test. */
  | { active: false; code: 'partial' }
  /** A complete full run that lacks default suites, while the active run covers them. */
  | { active: false; code: 'missing_suites'; missing: SuiteId[]; active_id: string }
  /** A newer complete full run (as wide) is active. */
  | { active: false; code: 'newer'; active_id: string }
  /** Another run is pinned. */
  | { active: false; code: 'pinned_other'; active_id: string }
  /** A web-stack run that is not the one shown beside the active run. */
  | { active: false; code: 'other_stack'; stack_id: string | null }
  /** A vintage run that is not the one shown beside the active run. */
  | { active: false; code: 'other_vintage'; vintage_id: string | null };

export interface RunStatus {
  suites: SuiteId[];
  reason: ActiveReason;
}

/** Suites, and why `run` is or is not quoted, given every run, the active run and the stack run shown beside it. */
export function activeReason(run: Run, runs: readonly Run[], active: Run | null, stack: Run | null = null, vintage: Run | null = null): RunStatus {
  const suites = suitesOfRun(run);
  const status = (reason: ActiveReason): RunStatus => ({ suites, reason });
  if (active && run === active) {
    const natural = newestComplete(runs.map((r) => ({ file: '', run: r })))?.run ?? null;
    return status(natural === run ? { active: true, code: 'newest_full' } : { active: true, code: 'pinned' });
  }
  if (stack && run === stack) return status({ active: true, code: 'stack_beside', of: active?.id ?? null });
  if (vintage && run === vintage) return status({ active: true, code: 'vintage_beside', of: active?.id ?? null });
  if (!run.complete) return status({ active: false, code: 'incomplete' });
  if (run.mode === 'quick') return status({ active: false, code: 'quick' });
  if (run.mode === 'partial') return status({ active: false, code: 'partial' });
  // A vintage run is never the active run: it is shown beside one.
  if (isVintageRun(run)) return status({ active: false, code: 'other_vintage', vintage_id: vintage?.id ?? null });
  // A stack run is never the active run: it is shown beside one.
  const mainSuites = suites.filter((s) => (DEFAULT_SUITES as readonly string[]).includes(s));
  if (mainSuites.length === 0 && suites.includes('stack')) return status({ active: false, code: 'other_stack', stack_id: stack?.id ?? null });
  if (!active) return status({ active: false, code: 'incomplete' });
  const natural = newestComplete(runs.map((r) => ({ file: '', run: r })))?.run ?? null;
  if (natural !== active) return status({ active: false, code: 'pinned_other', active_id: active.id });
  const missing = DEFAULT_SUITES.filter((s) => !suites.includes(s));
  const activeSuites = suitesOfRun(active);
  if (missing.length > 0 && missing.some((s) => activeSuites.includes(s))) return status({ active: false, code: 'missing_suites', missing: [...missing], active_id: active.id });
  return status({ active: false, code: 'newer', active_id: active.id });
}

/** The reason in words, in the page's language. `name(id)` says how to name another run (its label). */
export function activeReasonText(r: ActiveReason, t: Translate, name: (id: string) => string = (id) => id): string {
  switch (r.code) {
    case 'newest_full':
    case 'pinned':
    case 'incomplete':
    case 'quick':
    case 'partial':
      return t(`runStatus.${r.code}`);
    case 'stack_beside':
      return t('runStatus.stack_beside');
    case 'other_stack':
      return t('runStatus.other_stack');
    case 'vintage_beside':
      return t('runStatus.vintage_beside');
    case 'other_vintage':
      return t('runStatus.other_vintage');
    case 'missing_suites':
      return t('runStatus.missing_suites', { suites: r.missing.join(', '), active: name(r.active_id) });
    case 'newer':
    case 'pinned_other':
      return t(`runStatus.${r.code}`, { active: name(r.active_id) });
  }
}

/** The note a comparison row carries when the two runs measured it under different settings (run-comparison.ts settingDifferences). */
export function unlikeNote(diffs: readonly SettingDifference[], t: Translate): string | null {
  if (diffs.length === 0) return null;
  const what = diffs.map((d) => t(`runStatus.unlike.${d.setting}`, { a: d.a ?? '–', b: d.b ?? '–' })).join('; ');
  return t('runStatus.unlike', { what });
}
