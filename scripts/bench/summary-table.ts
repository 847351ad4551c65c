/**
 * What a run prints at the end: every cell's median with its 95 % interval
 * and status, then every comparison group's ratios to its reference with
 * their intervals and why the rounds stopped. Numbers come from the same
 * statistics module as the site's (src/lib/statistics.ts).
 */
import type { Cell, Comparison } from '../../src/schemas/run.ts';
import { medianInterval, relativeHalfWidth } from '../../src/lib/statistics.ts';

function headline(cell: Cell): { values: number[]; unit: string } | null {
  if (cell.status !== 'ok') return null;
  switch (cell.suite) {
    case 'http':
    case 'stack':
      return { values: cell.repetitions.map((r) => r.requests_per_second), unit: 'req/s' };
    case 'cpu':
    case 'threads':
    case 'build':
      return { values: cell.repetitions.map((r) => r.wall_seconds), unit: 's' };
    case 'ops':
      return { values: cell.samples_ns_per_op, unit: 'ns/op' };
  }
}

function fmt(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  return x.toPrecision(3);
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(rows: string[][], right: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r, ri) => {
      const line = r.map((v, i) => (right.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
      return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

/** Status text: the whole reason, its first line on the row and any further lines (a program's error output) below it. */
function statusOf(c: Cell): { text: string; more: string[] } {
  if (c.status === 'ok') return { text: c.flags.length > 0 ? `ok (${c.flags.map((f) => f.kind).join(', ')})` : 'ok', more: [] };
  const [first, ...rest] = (c.reason ?? '').split('\n');
  return { text: `${c.status}: ${first}`, more: rest.filter((l) => l.trim() !== '') };
}

export function summaryTable(cells: readonly Cell[], comparisons: readonly Comparison[] = []): string {
  const rows: string[][] = [['suite', 'impl', 'test', 'median', '95 % interval', 'n', 'status']];
  const notes: string[] = [];
  for (const c of cells) {
    const h = headline(c);
    const st = statusOf(c);
    const ci = h && h.values.length > 0 ? medianInterval(h.values) : null;
    const median = h && c.summary ? ('requests_per_second' in c.summary ? c.summary.requests_per_second.median : 'wall_seconds' in c.summary ? c.summary.wall_seconds.median : c.summary.ns_per_op.median) : null;
    rows.push([
      c.suite,
      c.impl,
      c.test,
      median !== null ? `${fmt(median)} ${h!.unit}` : '-',
      ci ? `${fmt(ci.low)}–${fmt(ci.high)}` : '-',
      h ? String(h.values.length) : '-',
      st.text,
    ]);
    for (const line of st.more) notes.push(`  ${c.suite}/${c.impl}/${c.test}: ${line}`);
  }
  let out = table(rows, new Set([3, 4, 5]));
  if (notes.length > 0) out += `\n\n${notes.join('\n')}`;

  if (comparisons.length > 0) {
    const r2: string[][] = [['group', 'ratio', 'value', '95 % interval', '±', 'rounds', 'stopped']];
    for (const cmp of comparisons) {
      const ratios = cmp.precision.length > 0 ? cmp.precision : [];
      if (ratios.length === 0) r2.push([`${cmp.suite}/${cmp.test}`, '-', '-', '-', '-', String(cmp.rounds.length), cmp.stop.reason]);
      for (const r of ratios) {
        const hw = relativeHalfWidth(r);
        r2.push([
          `${cmp.suite}/${cmp.test}`,
          `${r.of} ÷ ${r.to}`,
          fmt(r.value),
          r.low !== null && r.high !== null ? `${fmt(r.low)}–${fmt(r.high)}` : 'none (too few rounds)',
          hw !== null ? pct(hw) : '-',
          String(cmp.rounds.length),
          cmp.stop.reason,
        ]);
      }
    }
    out += `\n\nRatios to each group's reference (a robust mean of per-round ratios; 95 % bootstrap interval over rounds)\n${table(r2, new Set([2, 3, 4, 5]))}`;
  }
  return out;
}
