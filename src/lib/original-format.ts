/** Formats a 2019 figure (or a claim's original) for a page. */
import type { Original } from '../schemas/claims.ts';
import type { PageContext } from './page.ts';
import type { Unit } from './metric-ids.ts';

export function formatOriginal(original: Original, ctx: PageContext): { text: string; value: number | null } {
  if ('text' in original) return { text: original.text[ctx.lang] ?? original.text.en!, value: null };
  const unit = original.unit as Unit;
  if ('low' in original) {
    const high = ctx.fmt(original.high, unit);
    return { text: `${ctx.num(original.low, unit)}–${high}`, value: null };
  }
  return { text: ctx.fmt(original.value, unit), value: original.value };
}
