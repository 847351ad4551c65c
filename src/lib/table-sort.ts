/**
 * Sortable tables (issue 22: "tables can't be sorted"): the order rows take
 * when a reader sorts a column. Pure, so it is tested without a browser; the
 * page script (src/components/SortableTables.astro) reads the keys from the
 * cells and moves the rows. A cell's key is its `data-sort` number when it has
 * one (the figure as measured, not as printed: "12.300" and "12,300" are the
 * same number), else its text. Cells with no key (an unmeasured "–") go last
 * in either direction, so sorting never hides them among the figures.
 */
export type SortKey = number | string | null;
export type Direction = 'ascending' | 'descending';

/** A cell's key: its data-sort number, else its trimmed text; null for an empty cell or a dash. */
export function sortKey(dataSort: string | null | undefined, text: string): SortKey {
  if (dataSort !== null && dataSort !== undefined && dataSort.trim() !== '') {
    const n = Number(dataSort);
    if (Number.isFinite(n)) return n;
  }
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' || /^[–—-]$/.test(t) ? null : t;
}

/**
 * The new order of rows (their indices), stable: equal keys keep the order the
 * page had. Numbers sort before text, text in the page language's collation.
 */
export function sortedOrder(keys: readonly SortKey[], direction: Direction, lang: string): number[] {
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
  const sign = direction === 'ascending' ? 1 : -1;
  const rank = (k: SortKey) => (k === null ? 2 : typeof k === 'number' ? 0 : 1);
  return keys
    .map((key, index) => ({ key, index }))
    .sort((x, y) => {
      const rx = rank(x.key);
      const ry = rank(y.key);
      if (rx !== ry) return rx - ry;
      if (x.key === null || y.key === null) return x.index - y.index;
      const c = typeof x.key === 'number' && typeof y.key === 'number' ? x.key - y.key : collator.compare(String(x.key), String(y.key));
      return c !== 0 ? sign * c : x.index - y.index;
    })
    .map((r) => r.index);
}

/** The direction a click gives: ascending first, then it flips. */
export function nextDirection(current: string | null): Direction {
  return current === 'ascending' ? 'descending' : 'ascending';
}
