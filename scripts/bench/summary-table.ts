/**
 * What a run prints at the end: every cell's figure with its 95 % interval
 * and status, then every comparison group's ratios to its reference with
 * their intervals and why the rounds stopped. A cell's figure and interval are
 * the site's own (src/lib/metrics.ts getMetric on the cell's headline metric,
 * as the results page's tables show them), so the terminal and the site never
 * print two intervals for one cell.
 */
import type { Cell, Run } from '../../src/schemas/run.ts';
import { relativeHalfWidth } from '../../src/lib/statistics.ts';
import { getMetric } from '../../src/lib/metrics.ts';
import { primaryMetricId } from '../../src/lib/cells.ts';
import type { Unit } from '../../src/lib/metric-ids.ts';

const UNIT_TEXT: Partial<Record<Unit, string>> = { rps: 'req/s', s: 's', ns: 'ns/op', ms: 'ms', us: 'µs', mibps: 'MiB/s' };

/** A cell's headline figure as the site computes it: value, 95 % interval (null below five rounds) and rounds. */
export function cellFigure(run: Run, cell: Cell): { value: number; low: number | null; high: number | null; rounds: number; unit: string } | null {
  if (cell.status !== 'ok') return null;
  const m = getMetric(run, primaryMetricId(cell), { own: true });
  if (m.kind !== 'value') return null;
  return { value: m.value, low: m.low, high: m.high, rounds: m.rounds, unit: UNIT_TEXT[m.unit] ?? m.unit };
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

export function summaryTable(run: Run, cells: readonly Cell[]): string {
  const comparisons = run.comparisons ?? [];
  const rows: string[][] = [['suite', 'impl', 'test', 'figure', '95 % interval', 'rounds', 'status']];
  const notes: string[] = [];
  for (const c of cells) {
    const f = cellFigure(run, c);
    const st = statusOf(c);
    rows.push([
      c.suite,
      c.impl,
      c.test,
      f ? `${fmt(f.value)} ${f.unit}` : '-',
      f && f.low !== null && f.high !== null ? `${fmt(f.low)}–${fmt(f.high)}` : '-',
      f ? String(f.rounds) : '-',
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
