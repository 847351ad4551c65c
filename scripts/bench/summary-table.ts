/** The table printed at the end of a run: implementation × test, median, CV and status. */
import type { Cell, Summary } from '../../src/schemas/run.ts';

function headline(cell: Cell): { value: Summary; unit: string } | null {
  if (!cell.summary) return null;
  switch (cell.suite) {
    case 'http':
      return { value: cell.summary.requests_per_second, unit: 'req/s' };
    case 'cpu':
      return { value: cell.summary.wall_seconds, unit: 's' };
    case 'ops':
      return { value: cell.summary.ns_per_op, unit: 'ns/op' };
    case 'threads':
    case 'build':
      return { value: cell.summary.wall_seconds, unit: 's' };
  }
}

function fmt(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toPrecision(3);
}

export function summaryTable(cells: readonly Cell[]): string {
  const rows: string[][] = [['suite', 'impl', 'test', 'median', 'cv', 'status']];
  for (const c of cells) {
    const h = headline(c);
    const status = c.status === 'ok' ? (c.flags.length > 0 ? `ok (${c.flags.map((f) => f.kind).join(', ')})` : 'ok') : `${c.status}: ${(c.reason ?? '').split('\n')[0]!.slice(0, 60)}`;
    rows.push([
      c.suite,
      c.impl,
      c.test,
      h ? `${fmt(h.value.median)} ${h.unit}` : '-',
      h && h.value.cv !== null ? `${(h.value.cv * 100).toFixed(1)} %` : '-',
      status,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, ri) => {
    const line = r.map((v, i) => (i === 3 || i === 4 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
    return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}
