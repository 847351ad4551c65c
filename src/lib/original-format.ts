/** Formats a 2019 figure (or a claim's original) for a page. */
import type { Original } from '../schemas/claims.ts';
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey, type NumberStyle } from './format.ts';

/** 2019 figures keep the precision they were published with: "4×" and "2–3×", never "4.0×" or "2.0–3.0×". */
const AS_PUBLISHED: NumberStyle = { trailingZeros: false };

/** `id` ("claim.<claim id>" or an id of data/original-2019.json) finds the text of a figure given in words. */
export function formatOriginal(original: Original, ctx: PageContext, id?: string): { text: string; value: number | null } {
  if ('text' in original) {
    if (!id) throw new Error('formatOriginal: a figure given in words needs its id to find its text');
    return { text: id.startsWith('claim.') ? ctx.texts.original(id.slice('claim.'.length)) : ctx.texts.figure(id), value: null };
  }
  const unit = original.unit as Unit;
  if ('low' in original) {
    const high = asPublished(original.high, unit, ctx);
    return { text: `${formatNumber(original.low, unit, ctx.locale.intl, AS_PUBLISHED)}–${high}`, value: null };
  }
  return { text: asPublished(original.value, unit, ctx), value: original.value };
}

/** Like ctx.fmt, without trailing zeros the 2019 figure never had. */
function asPublished(value: number, unit: Unit, ctx: PageContext): string {
  const scaled = scaleDuration(value, unit);
  return formatWithUnit(scaled.value, scaled.unit, ctx.locale.intl, ctx.t(unitKey(scaled.unit)), AS_PUBLISHED);
}
