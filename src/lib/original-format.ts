/** Formats a 2019 figure (or a claim's original) for a page. */
import type { Original } from '../schemas/claims.ts';
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';

/** `id` ("claim.<claim id>" or an id of data/original-2019.json) finds the text of a figure given in words. */
export function formatOriginal(original: Original, ctx: PageContext, id?: string): { text: string; value: number | null } {
  if ('text' in original) {
    if (!id) throw new Error('formatOriginal: a figure given in words needs its id to find its text');
    return { text: id.startsWith('claim.') ? ctx.texts.original(id.slice('claim.'.length)) : ctx.texts.figure(id), value: null };
  }
  const unit = original.unit as Unit;
  if ('low' in original) {
    const high = ctx.fmt(original.high, unit);
    return { text: `${ctx.num(original.low, unit)}–${high}`, value: null };
  }
  return { text: ctx.fmt(original.value, unit), value: original.value };
}
