/**
 * Progress display: the current cell, cells done/total and an ETA from the
 * per-cell estimates (scaled by how long finished cells really took). On a TTY
 * the status line is redrawn in place; otherwise (CI) plain lines are printed.
 */
import type { Cell } from '../../src/schemas/run.ts';
import { cellKey } from '../../src/lib/cell-ids.ts';
import type { CellId } from './cells.ts';

export interface Planned {
  id: CellId;
  estimateSeconds: number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * How a group's rounds stand against its share of --budget, for the round
 * note: "13 of 40 s"; past the share, that more rounds come only while the
 * need fits; with no share at all (earlier groups used up a small budget: the
 * minimum rounds still run), that only the minimum rounds run. Empty when the
 * rounds are not budgeted (--rounds, --quick).
 */
export function budgetNote(elapsedMs: number, budgetMs: number, minRounds: number): string {
  if (!Number.isFinite(budgetMs)) return '';
  const s = (ms: number) => Math.round(ms / 1000);
  if (s(budgetMs) === 0) return ` · ${s(elapsedMs)} s (the budget was used up by earlier tests: this one gets its minimum of ${minRounds} rounds only)`;
  if (elapsedMs <= budgetMs) return ` · ${s(elapsedMs)} of ${s(budgetMs)} s`;
  return ` · ${s(elapsedMs)} s, past its ${s(budgetMs)}-s share (more rounds only while its need fits)`;
}

export class Progress {
  private readonly estimates = new Map<string, number>();
  private readonly done = new Set<string>();
  private estimatedDone = 0;
  private actualDone = 0;
  private current: { key: string; started: number } | null = null;
  private step = '';
  /** The latest round note of the group being measured (widest interval, budget used). */
  private groupNote = '';
  private readonly tty: boolean;
  private statusShown = false;
  private readonly out: NodeJS.WriteStream;

  constructor(planned: readonly Planned[], alreadyDone: Iterable<string>, out: NodeJS.WriteStream = process.stdout) {
    for (const p of planned) this.estimates.set(cellKey(p.id), p.estimateSeconds);
    for (const k of alreadyDone) if (this.estimates.has(k)) this.done.add(k);
    this.out = out;
    this.tty = Boolean(out.isTTY) && process.env['CI'] === undefined;
  }

  get total(): number {
    return this.estimates.size;
  }
  get finished(): number {
    return this.done.size;
  }

  /** Remaining seconds: the estimates of unfinished cells, scaled by the actual/estimated ratio so far. */
  eta(): number {
    let remaining = 0;
    for (const [k, est] of this.estimates) if (!this.done.has(k)) remaining += est;
    const ratio = this.estimatedDone > 0 ? Math.min(5, Math.max(0.2, this.actualDone / this.estimatedDone)) : 1;
    let eta = remaining * ratio;
    if (this.current) eta -= Math.min((Date.now() - this.current.started) / 1000, (this.estimates.get(this.current.key) ?? 0) * ratio);
    return Math.max(0, eta);
  }

  private clearStatus(): void {
    if (this.tty && this.statusShown) {
      this.out.write('\r\x1b[2K');
      this.statusShown = false;
    }
  }

  private status(text: string): void {
    if (this.tty) {
      this.out.write(`\r\x1b[2K${text.slice(0, (this.out.columns || 100) - 1)}`);
      this.statusShown = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  /** A message that stays (printed above the status line on a TTY). */
  log(message: string): void {
    this.clearStatus();
    this.out.write(`${message}\n`);
  }

  /** `quiet` steps (one per slice of a round) only redraw a terminal's status line; in a log they would be thousands of lines. */
  start(id: CellId, step = '', quiet = false): void {
    const key = cellKey(id);
    if (!this.current || this.current.key !== key) this.current = { key, started: Date.now() };
    this.step = step;
    if (this.tty || !quiet) this.redraw();
  }

  /** Round-level news (group, round, widest interval): shown beside the current step until the next note. */
  note(text: string): void {
    this.groupNote = text;
    if (this.tty) this.redraw();
    else this.out.write(`${text}\n`);
  }

  private redraw(): void {
    if (!this.current) return;
    const note = this.groupNote ? ` · ${this.groupNote}` : '';
    this.status(`[${this.finished + 1}/${this.total}] ${this.current.key}${this.step ? ` ${this.step}` : ''}${note} · ETA ${duration(this.eta())}`);
  }

  finish(cell: Cell): void {
    const key = cellKey(cell);
    if (this.done.has(key)) return;
    this.done.add(key);
    const est = this.estimates.get(key) ?? 0;
    if (this.current?.key === key) {
      this.estimatedDone += est;
      this.actualDone += (Date.now() - this.current.started) / 1000;
      this.current = null;
    }
    // A group's cells are recorded once its rounds are over: its note would otherwise trail the next group's steps.
    this.groupNote = '';
    const mark = cell.status === 'ok' ? 'ok' : cell.status === 'failed' ? 'FAILED' : 'skipped';
    const extra = cell.status === 'ok' ? '' : `: ${(cell.reason ?? '').split('\n')[0]}`;
    this.log(`[${this.finished}/${this.total}] ${key} ${mark}${extra}`);
  }

  end(): void {
    this.clearStatus();
  }
}
