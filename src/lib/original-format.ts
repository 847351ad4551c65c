/** Formats a 2019 figure (or a claim's original) for a page. */
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';
import type { OriginalFigure } from './originals.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey, type NumberStyle } from './format.ts';

/**
 * 2019 figures keep the precision they were published with: "4×" and "2–3×",
 * never "4.0×" or "2.0–3.0×"; "2,491.53 MiB/s", not "2,492 MiB/s"; and their
 * units as written ("85 MB", not a conversion to MiB).
 */
const AS_PUBLISHED: NumberStyle = { trailingZeros: false, exact: true };
/** A figure derived here from a published one: the usual precision, no trailing zeros. */
const DERIVED: NumberStyle = { trailingZeros: false };

/**
 * `id` ("claim.<claim id>" or an id of data/original-2019.json) finds the text
 * of a figure given in words. `part` picks one side of a per-process figure:
 * the figure per process ("85 MB"), the total ("680 MB"), or by default both
 * as the author wrote them ("85 MB × 8 processes = 680 MB").
 */
export function formatOriginal(
  original: OriginalFigure,
  ctx: PageContext,
  id?: string,
  part: 'whole' | 'perProcess' | 'total' = 'whole',
): { text: string; value: number | null } {
  if ('text' in original) {
    if (!id) throw new Error('formatOriginal: a figure given in words needs its id to find its text');
    return { text: id.startsWith('claim.') ? ctx.texts.original(id.slice('claim.'.length)) : ctx.texts.figure(id), value: null };
  }
  const unit = original.unit as Unit;
  const style = 'derived' in original && original.derived ? DERIVED : AS_PUBLISHED;
  if ('low' in original) {
    const high = withUnit(original.high, unit, ctx, style);
    return { text: `${formatNumber(original.low, unit, ctx.locale.intl, style)}–${high}`, value: null };
  }
  const processes = 'processes' in original ? original.processes : undefined;
  if (!processes) return { text: withUnit(original.value, unit, ctx, style), value: original.value };
  const total = original.value * processes;
  if (part === 'perProcess') return { text: withUnit(original.value, unit, ctx, style), value: original.value };
  if (part === 'total') return { text: withUnit(total, unit, ctx, style), value: total };
  const text = ctx.t('then.perProcess', {
    value: withUnit(original.value, unit, ctx, style),
    processes: ctx.t('count.processes', { count: processes }),
    total: withUnit(total, unit, ctx, style),
  });
  return { text, value: total };
}

function withUnit(value: number, unit: Unit, ctx: PageContext, style: NumberStyle): string {
  const scaled = scaleDuration(value, unit);
  return formatWithUnit(scaled.value, scaled.unit, ctx.locale.intl, ctx.t(unitKey(scaled.unit)), style);
}
