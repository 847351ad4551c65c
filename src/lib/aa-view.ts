/** The A/A check in words (src/lib/aa-check.ts judges it): why a claim is inconclusive, and the caveat beside a suite's figures. */
import type { PageContext } from './page.ts';
import { suiteName } from './labels.ts';
import { formatList } from './format.ts';

const list = (items: string[], ctx: Pick<PageContext, 'locale'>) => formatList(items, ctx.locale.intl);

/** The widening a factor stands for, as a percentage with one decimal: 1.006 → "0.6 %". */
export const aaPercent = (factor: number, ctx: Pick<PageContext, 'locale'>) =>
  new Intl.NumberFormat(ctx.locale.intl, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(factor - 1);

export function aaWhyText(i: { suites: string[]; factor: number }, ctx: Pick<PageContext, 't' | 'locale'>): string {
  return ctx.t('claim.why.aa', { suites: list(i.suites.map((s) => suiteName(s, ctx.t)), ctx), pct: aaPercent(i.factor, ctx) });
}
