/**
 * Randomised process layout (Mytkowicz, Diwan, Hauswirth & Sweeney, "Producing
 * wrong data without doing anything obviously wrong", ASPLOS 2009): the size
 * of the environment, argv[0] and the working directory's path shift where a
 * program's stack (and so its data) starts, which moves timings by several per
 * cent. A fixed setup turns that into a bias no interval sees; drawing a new
 * layout for every process, per round, turns it into variance the rounds'
 * bootstrap sees. The environment's strings sit on the initial stack, so the
 * padding variable is also the random stack offset of compiled programs.
 *
 * Every draw comes from a seed derived from the run id and the process's role
 * (suite, test, member, round), so a run is reproducible and the A/A twin,
 * having another member id, draws layouts of its own.
 */
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LayoutSettings, SuiteId } from '../../src/schemas/run.ts';
import { hashString, seededRandom } from '../../src/lib/statistics.ts';

/** Inclusive bounds, bytes. The environment's 4 KiB spans a page: every stack alignment the paper varied. */
export const LAYOUT_BOUNDS = {
  envPadding: [0, 4096],
  argv0Padding: [0, 256],
  cwdPadding: [0, 200],
} as const satisfies Record<string, readonly [number, number]>;

/** The environment variable that carries the padding. */
export const PADDING_VARIABLE = 'DIEZMIL_LAYOUT_PAD';

/** One process's draw: how many bytes of each kind of padding it gets. */
export interface LayoutDraw {
  envPadding: number;
  argv0Padding: number;
  cwdPadding: number;
}

/** The seed of one process's layout. `role` names it uniquely within the run, e.g. "cpu/nbody/go-aa/round 3". */
export function layoutSeed(runId: string, role: string): number {
  return hashString(`${runId}/layout/${role}`);
}

/** The seed recorded in the run (the base every role's seed is derived from). */
export function runLayoutSeed(runId: string): number {
  return hashString(`${runId}/layout`);
}

function between(random: () => number, [lo, hi]: readonly [number, number]): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

export function drawLayout(seed: number): LayoutDraw {
  const random = seededRandom(seed);
  return {
    envPadding: between(random, LAYOUT_BOUNDS.envPadding),
    argv0Padding: between(random, LAYOUT_BOUNDS.argv0Padding),
    cwdPadding: between(random, LAYOUT_BOUNDS.cwdPadding),
  };
}

/**
 * argv[0] lengthened without changing what it names: "./" segments before the
 * file name (`bin/././nbody`, `/usr/bin/./././python3`). Runtimes that find
 * their libraries from argv[0] still do; a bare command name is looked up on
 * PATH first. An odd padding rounds down (each segment is two bytes).
 */
export function paddedProgram(program: string, padding: number, pathVar = process.env['PATH'] ?? ''): string {
  let p = program;
  if (!p.includes('/')) {
    const found = pathVar.split(':').filter(Boolean).map((d) => path.join(d, p)).find((f) => isExecutable(f));
    if (!found) return program;
    p = found;
  }
  const slash = p.lastIndexOf('/');
  return `${p.slice(0, slash + 1)}${'./'.repeat(Math.floor(padding / 2))}${p.slice(slash + 1)}`;
}

function isExecutable(file: string): boolean {
  try {
    const s = statSync(file);
    return s.isFile() && (s.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The per-run folder of working-directory links: each link, named by a
 * counter and padded to its draw's length, points at an implementation's
 * folder. Removed at the end of the run (and on exit).
 */
export class LayoutLinks {
  private dir: string | null = null;
  private next = 0;

  /** A path of random length that leads to `target`. */
  linkTo(target: string, padding: number): string {
    if (this.dir === null) {
      this.dir = mkdtempSync(path.join(os.tmpdir(), 'diezmil-layout-'));
      const dir = this.dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const name = `${this.next++}`;
    const link = path.join(this.dir, name + '_'.repeat(Math.max(0, padding - name.length)));
    symlinkSync(path.resolve(target), link);
    return link;
  }

  remove(): void {
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** The shared links of this runner process. */
export const layoutLinks = new LayoutLinks();

/** What a process is started with once its layout is applied. */
export interface LaidOut {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  draw: LayoutDraw;
}

/** Applies a draw to a command: padded argv[0], a working directory through a link of random length (PWD says so), the padding variable. */
export function applyLayout(argv: readonly string[], cwd: string, env: Record<string, string>, draw: LayoutDraw, links: LayoutLinks = layoutLinks): LaidOut {
  const link = links.linkTo(cwd, draw.cwdPadding);
  return {
    argv: [paddedProgram(argv[0]!, draw.argv0Padding, env['PATH'] ?? process.env['PATH'] ?? ''), ...argv.slice(1)],
    cwd: link,
    env: { ...env, PWD: link, [PADDING_VARIABLE]: 'x'.repeat(draw.envPadding) },
    draw,
  };
}

/** The run's record of what is randomised, and in which suites (those of the run whose processes get a layout). */
export function layoutSettings(runId: string, suites: readonly SuiteId[]): LayoutSettings {
  return {
    randomised: [
      `environment size: a variable ${PADDING_VARIABLE} of random length (also a random offset of the initial stack)`,
      'argv[0] length: "./" segments before the program name',
      'working-directory path length: a link of random length to the implementation folder (PWD set to it)',
    ],
    env_padding_bytes: [...LAYOUT_BOUNDS.envPadding],
    argv0_padding_bytes: [...LAYOUT_BOUNDS.argv0Padding],
    cwd_padding_bytes: [...LAYOUT_BOUNDS.cwdPadding],
    seed: runLayoutSeed(runId),
    suites: [...suites],
  };
}
