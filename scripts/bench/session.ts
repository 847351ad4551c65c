/**
 * One benchmark session: the Run being written, where it goes, and the shared
 * settings every suite uses. `record()` validates a finished cell, adds it,
 * rewrites the run file atomically and updates the progress display.
 */
import type { Cell, Implementation, Run, SuiteId } from '../../src/schemas/run.ts';
import { cellKey } from '../../src/lib/cell-ids.ts';
import { validatedCell, type CellId } from './cells.ts';
import { parseCpuList, type CpuSplit } from './cpus.ts';
import type { Options } from './options.ts';
import { budgetNote, type Progress } from './progress.ts';
import { DEFAULT_MIN_ROUNDS, type RatioPrecision } from './rounds.ts';
import { localLayout, type Layout } from './hosts/layout.ts';
import { writeRun } from './run-file.ts';

export class Session {
  readonly run: Run;
  readonly file: string;
  readonly root: string;
  readonly benchDir: string;
  readonly dataDir: string;
  readonly options: Options;
  readonly split: CpuSplit;
  /** Each round-based suite's share of --budget (suites/*.ts), for the suites of this run. */
  readonly budgetShares: ReadonlyMap<SuiteId, number>;
  /** Which host serves, loads and holds the database: this machine unless --hosts. */
  readonly layout: Layout;
  progress: Progress | null = null;
  /** Set on SIGINT/SIGTERM: suites stop starting new work, and late results are dropped. */
  stopping = false;
  /** Set when a host of a --hosts layout went away: the run stops, keeps what is finished, and says how to resume. */
  hostLost: { message: string; fix: string } | null = null;

  /** Stops the run because a host went away (the first report wins). */
  loseHost(problem: { message: string; fix: string }): void {
    this.hostLost ??= problem;
    this.stopping = true;
  }
  private readonly keys = new Set<string>();

  constructor(init: { run: Run; file: string; root: string; benchDir: string; dataDir: string; options: Options; split: CpuSplit; budgetShares?: ReadonlyMap<SuiteId, number>; layout?: Layout }) {
    this.run = init.run;
    this.file = init.file;
    this.root = init.root;
    this.benchDir = init.benchDir;
    this.dataDir = init.dataDir;
    this.options = init.options;
    this.split = init.split;
    this.budgetShares = init.budgetShares ?? new Map();
    this.layout = init.layout ?? localLayout(init.root, init.split.server, init.split.client);
    for (const c of this.run.cells) this.keys.add(cellKey(c));
  }

  /** CPUs a server may use ("cores" workers): its share here, or what the server host was given. */
  get serverCount(): number {
    if (!this.layout.file) return this.split.serverCount;
    const cpus = this.layout.server.cpus;
    return cpus === null ? this.split.serverCount : Math.max(1, parseCpuList(cpus).length);
  }

  get noisyThreshold(): number {
    return this.run.settings.noisy_cv_threshold;
  }

  has(id: CellId): boolean {
    return this.keys.has(cellKey(id));
  }

  log(message: string): void {
    if (this.progress) this.progress.log(message);
    else process.stdout.write(`${message}\n`);
  }

  step(id: CellId, what: string, quiet = false): void {
    this.progress?.start(id, what, quiet);
  }

  /** After each round: the group, the widest interval among the ratios to the reference, and the time used. */
  roundProgress(group: string, round: number, worst: RatioPrecision | null, elapsedMs: number, budgetMs: number, target: number): void {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const width = worst ? `widest ${worst.of} ÷ ${worst.to} ${worst.half_width === null ? '(no interval yet)' : `±${pct(worst.half_width)}`} (target ±${pct(target)})` : 'no ratio yet';
    const budget = budgetNote(elapsedMs, budgetMs, this.run.settings.statistics?.min_rounds ?? DEFAULT_MIN_ROUNDS);
    this.progress?.note(`${group} round ${round + 1} · ${width}${budget}`);
  }

  /** Adds a finished cell (once) and writes the run file. */
  record(cell: Cell): void {
    if (this.stopping) return;
    const key = cellKey(cell);
    if (this.keys.has(key)) return;
    const { cell: checked, problem } = validatedCell(cell);
    if (problem) this.log(`BUG ${problem}`);
    this.keys.add(key);
    this.run.cells.push(checked);
    this.save();
    this.progress?.finish(checked);
  }

  addImplementation(key: string, impl: Implementation): void {
    this.run.implementations[key] = impl;
  }

  addToolchain(tool: string, version: string, command: string): void {
    const existing = this.run.toolchains[tool];
    if (existing && existing.version !== version) {
      // Same tool name, different binary (e.g. two venvs' python): keep both.
      let i = 2;
      while (this.run.toolchains[`${tool}-${i}`] && this.run.toolchains[`${tool}-${i}`]!.version !== version) i++;
      this.run.toolchains[`${tool}-${i}`] = { version, command };
      return;
    }
    this.run.toolchains[tool] = { version, command };
  }

  save(): void {
    writeRun(this.file, this.run);
  }
}
