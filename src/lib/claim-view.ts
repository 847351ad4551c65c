/** What a reader sees of a claim result: verdict label, 2019 figure and measured figure, formatted. */
import type { ClaimResult } from './claims.ts';
import { measuredUnit } from './claims.ts';
import type { PageContext } from './page.ts';
import type { UiKey } from '../i18n/keys.ts';
import { formatOriginal } from './original-format.ts';
import { reasonLabel } from './missing-reason.ts';

export interface ClaimView {
  id: string;
  verdict: ClaimResult['verdict'];
  verdictLabel: string;
  then: string | null;
  now: string | null;
  /** Raw measured value for tests (the main number). */
  raw: number | null;
  uncertain: boolean;
  reason: ClaimResult['reason'];
  /** Why it is not measured, in the page's language. */
  reasonLabel: string | null;
}

export function claimView(result: ClaimResult, ctx: PageContext): ClaimView {
  const unit = measuredUnit(result.claim);
  const m = result.measured;
  let now: string | null = null;
  let raw: number | null = null;
  if (m?.kind === 'value') {
    now = ctx.fmt(m.value, unit);
    raw = m.value;
  } else if (m?.kind === 'range') {
    now = `${ctx.num(m.low, unit)}–${ctx.fmt(m.high, unit)}`;
    raw = m.low;
  } else if (m?.kind === 'pair') {
    now = `${ctx.t('claim.threads')} ${ctx.fmt(m.threads, 'times')} · ${ctx.t('claim.processes')} ${ctx.fmt(m.processes, 'times')}`;
    raw = m.threads;
  }
  return {
    id: result.claim.id,
    verdict: result.verdict,
    verdictLabel: ctx.t(`verdict.${result.verdict}` as UiKey),
    then: result.claim.original ? formatOriginal(result.claim.original, ctx, `claim.${result.claim.id}`).text : null,
    now,
    raw,
    uncertain: result.uncertain,
    reason: result.reason,
    reasonLabel: result.reason ? reasonLabel(result.reason, ctx.t, ctx.locale.intl) : null,
  };
}
