/**
 * Why a value (or a claim) is not measured, as a code with parameters, so each
 * page says it in its own language (reasonLabel, keys "reason.<code>") and
 * terminal tools in English (reasonText). Produced by src/lib/metrics.ts and
 * src/lib/claims.ts.
 */
import type { Translate } from '../i18n/translator.ts';
import { markLang } from '../i18n/fallback-mark.ts';
import { formatList } from './format.ts';

export type MissingReason =
  | { code: 'no_run' }
  /** A stack figure, and no complete web-stack run beside the run shown (src/lib/runs.ts). */
  | { code: 'no_stack_run' }
  /** A figure of a vintage runtime (CPython 3.7…), and no complete vintage run beside the run shown (src/lib/runs.ts). */
  | { code: 'no_vintage_run' }
  | { code: 'no_cell'; suite: string; impl: string; test: string }
  /** The runner recorded the cell as failed or skipped; `detail` is its own explanation (English, from the run file). */
  | { code: 'cell_failed' | 'cell_skipped'; cell: string; detail: string | null }
  | { code: 'no_summary' | 'no_memory'; cell: string }
  | { code: 'no_instructions'; cell: string; detail: string | null }
  /** `baseline`: the implementation a vs_* metric divides by ("C" for vs_c, "C++" for vs_cpp); absent in older callers: C. */
  | { code: 'no_kernel_pair'; impl: string; baseline?: string }
  | { code: 'c_baseline'; reason: MissingReason }
  | { code: 'no_single_baseline'; impl: string }
  | { code: 'unsupported'; metric: string }
  /** A ratio whose figure `metric` is zero (a server that completed nothing): no ratio can be taken. */
  | { code: 'zero_figure'; metric: string }
  | { code: 'none_measured'; ids: string[] }
  | { code: 'not_remeasured' };

/** Language of the explanations runners write into run files. */
const RUN_FILE_LANG = 'en';

/** English, for terminal tools (npm run claims) and build warnings. */
export function reasonText(r: MissingReason): string {
  switch (r.code) {
    case 'no_run':
      return 'no run is active';
    case 'no_stack_run':
      return 'no complete web-stack run (npm run bench -- --suite stack) is bundled with the site';
    case 'no_vintage_run':
      return "no complete run of 2019's runtimes (npm run bench -- --suite vintages) is bundled with the site";
    case 'no_cell':
      return `no ${r.suite} cell for ${r.impl} × ${r.test} in this run`;
    case 'cell_failed':
    case 'cell_skipped':
      return `${r.cell} ${r.code === 'cell_failed' ? 'failed' : 'skipped'}: ${r.detail ?? 'no reason recorded'}`;
    case 'no_summary':
      return `${r.cell} has no summary`;
    case 'no_memory':
      return `${r.cell} has no memory sample`;
    case 'no_instructions':
      return r.detail ?? `${r.cell} has no instruction count`;
    case 'no_kernel_pair':
      return `no kernel has both ${r.impl} and ${r.baseline ?? 'C'} measured`;
    case 'c_baseline':
      return `C baseline: ${reasonText(r.reason)}`;
    case 'no_single_baseline':
      return `no single-thread baseline for ${r.impl}`;
    case 'unsupported':
      return `unsupported metric ${r.metric}`;
    case 'zero_figure':
      return `${r.metric} is zero, so no ratio can be taken`;
    case 'none_measured':
      return `none of ${r.ids.join(', ')} was measured`;
    case 'not_remeasured':
      return 'not re-measured';
  }
}

/** In the page's language; the runner's own explanation stays English, marked as such. */
export function reasonLabel(r: MissingReason, t: Translate, intl: string): string {
  const withDetail = (reason: string, detail: string | null) =>
    t('reason.detail', { reason, detail: detail ? markLang(RUN_FILE_LANG, detail) : t('reason.no_detail') });
  switch (r.code) {
    case 'no_run':
      return t('reason.no_run');
    case 'no_stack_run':
      return t('reason.no_stack_run');
    case 'no_vintage_run':
      return t('reason.no_vintage_run');
    case 'no_cell':
      return t('reason.no_cell', { suite: r.suite, impl: r.impl, test: r.test });
    case 'cell_failed':
    case 'cell_skipped':
      return withDetail(t(`reason.${r.code}`, { cell: r.cell }), r.detail);
    case 'no_summary':
    case 'no_memory':
      return t(`reason.${r.code}`, { cell: r.cell });
    case 'no_instructions':
      return r.detail ? withDetail(t('reason.no_instructions', { cell: r.cell }), r.detail) : t('reason.no_instructions', { cell: r.cell });
    case 'no_kernel_pair':
      return t('reason.no_kernel_pair', { impl: r.impl, baseline: r.baseline ?? 'C' });
    case 'no_single_baseline':
      return t(`reason.${r.code}`, { impl: r.impl });
    case 'c_baseline':
      return t('reason.c_baseline', { reason: reasonLabel(r.reason, t, intl) });
    case 'unsupported':
      return t('reason.unsupported', { metric: r.metric });
    case 'zero_figure':
      return t('reason.zero_figure', { metric: r.metric });
    case 'none_measured':
      return t('reason.none_measured', { ids: formatList(r.ids, intl) });
    case 'not_remeasured':
      return t('reason.not_remeasured');
  }
}
