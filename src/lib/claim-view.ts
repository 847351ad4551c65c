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
  /** The 95 % interval of the main number, formatted; null without one. */
  interval: string | null;
  inconclusive: ClaimResult['inconclusive'];
  reason: ClaimResult['reason'];
  /** Why it is not measured, in the page's language. */
  reasonLabel: string | null;
}

export function claimView(result: ClaimResult, ctx: PageContext): ClaimView {
  const unit = measuredUnit(result.claim);
  const m = result.measured;
  let now: string | null = null;
  let raw: number | null = null;
  let interval: string | null = null;
  const range = (e: { low: number | null; high: number | null }, u: typeof unit) => (e.low === null || e.high === null ? null : `${ctx.num(e.low, u)}–${ctx.fmt(e.high, u)}`);
  if (m?.kind === 'value') {
    now = ctx.fmt(m.value, unit);
    raw = m.value;
    interval = range(m, unit);
  } else if (m?.kind === 'range') {
    now = `${ctx.num(m.low.value, unit)}–${ctx.fmt(m.high.value, unit)}`;
    raw = m.low.value;
    interval = range({ low: m.low.low, high: m.high.high }, unit);
  } else if (m?.kind === 'pair') {
    now = `${ctx.t('claim.threads')} ${ctx.fmt(m.threads.value, 'times')} · ${ctx.t('claim.processes')} ${ctx.fmt(m.processes.value, 'times')}`;
    raw = m.threads.value;
  }
  return {
    id: result.claim.id,
    verdict: result.verdict,
    verdictLabel: ctx.t(`verdict.${result.verdict}` as UiKey),
    then: result.claim.original ? formatOriginal(result.claim.original, ctx, `claim.${result.claim.id}`).text : null,
    now,
    raw,
    interval,
    inconclusive: result.inconclusive,
    reason: result.reason,
    reasonLabel: result.reason ? reasonLabel(result.reason, ctx.t, ctx.locale.intl) : null,
  };
}
