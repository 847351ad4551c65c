/**
 * Loads the measured runs and picks the one the site shows.
 *
 * Every file in data/runs/ is validated against the Run schema; bad files stop
 * the build before it starts (src/integrations/run-files.ts), every one of
 * them reported once with its path, the JSON path of the problem and a fix
 * that fits where the file came from (tracked by git or not).
 * Selection: DIEZMIL_RUN (run id or file path) > data/site.json > the newest
 * complete full run, preferring runs that cover every default suite.
 *
 * The web-stack suite runs on its own (`--suite stack`) and writes a run of
 * its own; its figures are read from the stack run shown beside the default
 * one: the active run itself when it measured the stacks, else
 * DIEZMIL_STACK_RUN (run id, file path or "none") > data/site.json
 * "activeStackRun" > the newest complete full run whose suites include
 * "stack". metrics.ts reads stack ids there (pairStackRun).
 *
 * 2019's runtimes (vintages) are measured in a run of their own too (`--suite
 * vintages`); the vintage run shown beside the default one is the active run
 * itself when it measured vintages, else DIEZMIL_VINTAGE_RUN (run id, file
 * path or "none") > data/site.json "activeVintageRun" > the newest complete
 * full vintage run. Claims about vintages are read there (vintage-runs.ts).
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { runFileSizeProblem, runSanityProblems } from './run-sanity.ts';
import { basename, dirname, join, resolve, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Run } from '../schemas/run.ts';
import { hasStackCells, pairStackRun } from './metrics.ts';
import { readSiteConfig, SiteConfigError, type SiteConfig } from './site-config.ts';
import { hasVintageCells, isVintageRun, pairVintageRun } from './vintage-runs.ts';

export class RunFileError extends Error {}

export interface LoadedRun {
  file: string;
  run: Run;
}

function jsonPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    '$',
  );
}

/** Where a run file came from decides the fix: git can restore a tracked file, an untracked one can only be deleted or fixed. */
export function runFileAdvice(file: string): string {
  // Asked in the file's own folder, so a run file outside the current repository is judged by its own.
  const path = resolve(file);
  const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8', cwd: dirname(path) });
  const tracked = git('ls-files', '--error-unmatch', '--', basename(path));
  if (tracked.error || tracked.status !== 0) {
    return `It is not tracked by git: delete it (rm ${file}) or fix it. Runs are written by \`npm run bench\`; never edit one by hand.`;
  }
  const changed = git('diff', '--quiet', 'HEAD', '--', basename(path)).status === 1;
  return changed
    ? `It is tracked by git and changed since the last commit: restore it with \`git checkout -- ${file}\`.`
    : `The committed version is not valid: fix it, or remove it with \`git rm ${file}\`.`;
}

/** A JSON syntax error in words; a file that stops where the error is was cut short (an interrupted copy or write). */
function jsonProblem(text: string, message: string): string {
  const end = text.trimEnd().length;
  if (end === 0) return 'the file is empty';
  const at = /position (\d+)/.exec(message);
  if (/end of (JSON )?(input|data)/i.test(message) || (at && Number(at[1]) >= end - 1)) return `it stops after ${text.length} characters, in the middle of the data (cut short?)`;
  return message;
}

/** Validates one run file's text; throws RunFileError naming the file, the JSON path and the fix. */
export function parseRunFile(file: string, text: string): Run {
  const tooLarge = runFileSizeProblem(file, Buffer.byteLength(text));
  if (tooLarge) throw new RunFileError(`${tooLarge}\n${runFileAdvice(file)}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RunFileError(`${file} is not valid JSON: ${jsonProblem(text, (error as Error).message)}.\n${runFileAdvice(file)}`);
  }
  const result = Run.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues
      .slice(0, 8)
      .map((issue) => `  at ${jsonPath(issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 8 ? `\n  …and ${result.error.issues.length - 8} more` : '';
    throw new RunFileError(`${file} is not a valid run (schema src/schemas/run.ts):\n${lines.join('\n')}${more}\n${runFileAdvice(file)}`);
  }
  // Figures no machine produces (src/lib/run-sanity.ts), and cells recorded twice.
  const implausible = runSanityProblems(result.data);
  if (implausible.length > 0) {
    const lines = implausible.slice(0, 8).map((p) => `  at ${p.path}: ${p.message}`);
    const more = implausible.length > 8 ? `\n  …and ${implausible.length - 8} more` : '';
    throw new RunFileError(`${file} has figures no measurement gives (src/lib/run-sanity.ts):\n${lines.join('\n')}${more}\n${runFileAdvice(file)}`);
  }
  return result.data;
}

export function runsDir(): string {
  return resolve(process.env.DIEZMIL_RUNS_DIR ?? 'data/runs');
}

/** A path as the reader would type it: relative inside the current folder, absolute outside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Every run file of a folder: the valid runs, and one message per bad file (all of them, not only the first). */
export function readRuns(dir = runsDir()): { runs: LoadedRun[]; problems: string[] } {
  const runs: LoadedRun[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { runs, problems };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = shownPath(join(dir, name));
    try {
      // Size first: a huge file is refused before it is read.
      const tooLarge = runFileSizeProblem(file, statSync(join(dir, name)).size);
      if (tooLarge) throw new RunFileError(`${tooLarge}\n${runFileAdvice(file)}`);
      const run = parseRunFile(file, readFileSync(join(dir, name), 'utf8'));
      const twin = runs.find((r) => r.run.id === run.id);
      // Pages and comparisons are addressed by run id.
      if (twin) problems.push(`${file} has the run id "${run.id}" of ${twin.file}: run ids must be unique. Delete one of the two files.`);
      else runs.push({ file, run });
    } catch (error) {
      if (!(error instanceof RunFileError)) throw error;
      problems.push(error.message);
    }
  }
  return { runs, problems };
}

export function loadRuns(dir = runsDir()): LoadedRun[] {
  const { runs, problems } = readRuns(dir);
  if (problems.length > 0) throw new RunFileError(problems.join('\n\n'));
  return runs;
}

// Pure, so the browser's comparison picker shares them (src/lib/run-suites.ts).
export { DEFAULT_SUITES, suitesOfRun } from './run-suites.ts';
import { DEFAULT_SUITES, suitesOfRun } from './run-suites.ts';

/**
 * The default run: complete and full (quick and partial runs — limited by
 * --impl or --test — never are), the newest among those that cover every
 * default suite, else the newest at all.
 */
export function newestComplete(runs: LoadedRun[]): LoadedRun | null {
  const covers = (r: LoadedRun) => DEFAULT_SUITES.every((s) => suitesOfRun(r.run).includes(s));
  // A stack run is shown beside the default run, never instead of one that measured a main suite.
  const main = (r: LoadedRun) => DEFAULT_SUITES.some((s) => suitesOfRun(r.run).includes(s));
  // A vintage run measures only the runtimes' members and the references: it is shown beside the default run, never as it.
  const candidates = runs.filter((r) => r.run.complete && r.run.mode === 'full' && !isVintageRun(r.run));
  candidates.sort((a, b) => Number(covers(b)) - Number(covers(a)) || Number(main(b)) - Number(main(a)) || b.run.started_at.localeCompare(a.run.started_at));
  return candidates[0] ?? null;
}

/** The newest complete full run that measured the web stacks (quick and partial ones never are shown). */
export function newestCompleteStack(runs: LoadedRun[]): LoadedRun | null {
  const candidates = runs.filter((r) => r.run.complete && r.run.mode === 'full' && suitesOfRun(r.run).includes('stack') && hasStackCells(r.run));
  candidates.sort((a, b) => b.run.started_at.localeCompare(a.run.started_at));
  return candidates[0] ?? null;
}

/**
 * The newest complete run that measured vintages (a vintage run, or a full run made with --vintages). A vintage
 * run limited by --impl (one build per runtime, say) counts: its members are a selection either way; a quick one never.
 */
export function newestCompleteVintage(runs: LoadedRun[]): LoadedRun | null {
  const candidates = runs.filter((r) => r.run.complete && r.run.mode !== 'quick' && hasVintageCells(r.run));
  candidates.sort((a, b) => b.run.started_at.localeCompare(a.run.started_at));
  return candidates[0] ?? null;
}

export function selectActiveRun(runs: LoadedRun[], choice: string): LoadedRun | null {
  if (choice === 'newest-complete') return newestComplete(runs);
  const found = runs.find((r) => r.run.id === choice);
  if (!found) {
    throw new RunFileError(
      `Active run "${choice}" not found in ${runsDir()} (known: ${runs.map((r) => r.run.id).join(', ') || 'none'}). ` +
        'Set activeRun in data/site.json or DIEZMIL_RUN to an existing run id, or to "newest-complete".',
    );
  }
  return found;
}

/** data/site.json, its errors reported like a run file's (src/lib/site-config.ts). */
function siteChoice(): SiteConfig {
  try {
    return readSiteConfig();
  } catch (error) {
    if (error instanceof SiteConfigError) throw new RunFileError(error.message);
    throw error;
  }
}

/** A run file named by an environment variable joins the runs (it wins over a file of the same run id in the folder). */
function runFromFile(runs: LoadedRun[], variable: string, value: string): LoadedRun {
  const path = resolve(value);
  if (!existsSync(path)) throw new RunFileError(`${variable}=${value}: no such file. Point it at a run file, or unset it.`);
  const file = shownPath(path);
  const loaded = { file, run: parseRunFile(file, readFileSync(path, 'utf8')) };
  const same = runs.findIndex((r) => r.run.id === loaded.run.id);
  if (same >= 0) runs[same] = loaded;
  else runs.push(loaded);
  return loaded;
}

/** The active run among `runs` (a DIEZMIL_RUN file outside the folder joins them). */
function chooseActive(runs: LoadedRun[]): LoadedRun | null {
  const override = process.env.DIEZMIL_RUN;
  if (override && override.endsWith('.json')) return runFromFile(runs, 'DIEZMIL_RUN', override);
  return selectActiveRun(runs, override || siteChoice().activeRun);
}

/**
 * The run the stack figures come from, beside `active`: the active run itself
 * when it measured the stacks; else DIEZMIL_STACK_RUN (a run id, a file, or
 * "none"), data/site.json "activeStackRun", or the newest complete stack run.
 */
function chooseStack(runs: LoadedRun[], active: LoadedRun | null): LoadedRun | null {
  if (active && hasStackCells(active.run)) return active;
  const override = process.env.DIEZMIL_STACK_RUN;
  if (override && override.endsWith('.json')) return runFromFile(runs, 'DIEZMIL_STACK_RUN', override);
  const choice = override || siteChoice().activeStackRun || 'newest-complete';
  if (choice === 'none') return null;
  if (choice === 'newest-complete') return newestCompleteStack(runs);
  const found = runs.find((r) => r.run.id === choice);
  if (!found) {
    throw new RunFileError(
      `Stack run "${choice}" not found in ${runsDir()} (known: ${runs.map((r) => r.run.id).join(', ') || 'none'}). ` +
        'Set activeStackRun in data/site.json or DIEZMIL_STACK_RUN to an existing run id, to "newest-complete" or to "none".',
    );
  }
  if (!hasStackCells(found.run)) {
    throw new RunFileError(`Stack run "${choice}" (${found.file}) has no web-stack cells: pick a run made with \`npm run bench -- --suite stack\`.`);
  }
  return found;
}

/**
 * The run 2019's runtimes come from, beside `active`: the active run itself
 * when it measured vintages; else DIEZMIL_VINTAGE_RUN (a run id, a file, or
 * "none"), data/site.json "activeVintageRun", or the newest complete vintage run.
 */
function chooseVintage(runs: LoadedRun[], active: LoadedRun | null): LoadedRun | null {
  if (active && hasVintageCells(active.run)) return active;
  const override = process.env.DIEZMIL_VINTAGE_RUN;
  if (override && override.endsWith('.json')) return runFromFile(runs, 'DIEZMIL_VINTAGE_RUN', override);
  const choice = override || readSiteConfig().activeVintageRun || 'newest-complete';
  if (choice === 'none') return null;
  if (choice === 'newest-complete') return newestCompleteVintage(runs);
  const found = runs.find((r) => r.run.id === choice);
  if (!found) {
    throw new RunFileError(
      `Vintage run "${choice}" not found in ${runsDir()} (known: ${runs.map((r) => r.run.id).join(', ') || 'none'}). ` +
        'Set activeVintageRun in data/site.json or DIEZMIL_VINTAGE_RUN to an existing run id, to "newest-complete" or to "none".',
    );
  }
  if (!hasVintageCells(found.run)) {
    throw new RunFileError(`Vintage run "${choice}" (${found.file}) measured no vintage runtime: pick a run made with \`npm run bench -- --suite vintages\`.`);
  }
  return found;
}

/**
 * Every problem the site's runs have, found in one pass: each bad run file
 * once, then the choice of the active run. The build checks this before it
 * starts (src/integrations/run-files.ts); `npm run validate` prints it.
 */
export function checkRuns(dir = runsDir()): string[] {
  const { runs, problems } = readRuns(dir);
  let active: LoadedRun | null = null;
  try {
    active = chooseActive(runs);
  } catch (error) {
    if (!(error instanceof RunFileError)) throw error;
    problems.push(error.message);
  }
  for (const choose of [chooseStack, chooseVintage]) {
    try {
      choose(runs, active);
    } catch (error) {
      if (!(error instanceof RunFileError)) throw error;
      problems.push(error.message);
    }
  }
  return problems;
}

export interface SiteRuns {
  runs: LoadedRun[];
  active: LoadedRun | null;
  /** Where the stack figures come from: the active run when it measured the stacks, else a stack run of its own; null: none. */
  stack: LoadedRun | null;
  /** Where 2019's runtimes come from: the active run when it measured them, else a vintage run of its own; null: none. */
  vintage: LoadedRun | null;
}

let cache: SiteRuns | null = null;

/** All runs, the active one and the stack run beside it, loaded once per build. */
export function getRuns(): SiteRuns {
  if (cache) return cache;
  const runs = loadRuns();
  const active = chooseActive(runs);
  const stack = chooseStack(runs, active);
  const vintage = chooseVintage(runs, active);
  if (!active) {
    console.warn(
      `[diez-mil] No complete full run in ${shownPath(runsDir())}: pages will say "not measured". ` +
        'Run `npm run bench` (every suite) to measure one, or set DIEZMIL_RUN to a run file.',
    );
  } else {
    pairStackRun(active.run, stack?.run ?? null);
    pairVintageRun(active.run, vintage?.run ?? null);
    if (!vintage) {
      console.warn(
        `[diez-mil] No complete run of 2019's runtimes in ${shownPath(runsDir())}: the then-and-now figures will say "not measured". ` +
          'Run `npm run bench -- --suite vintages` to measure one, or set DIEZMIL_VINTAGE_RUN to a run file.',
      );
    }
    if (!stack) {
      console.warn(
        `[diez-mil] No complete full web-stack run in ${shownPath(runsDir())}: stack figures will say "not measured". ` +
          'Run `npm run bench -- --suite stack` to measure one, or set DIEZMIL_STACK_RUN to a run file.',
      );
    }
  }
  cache = { runs, active, stack, vintage };
  return cache;
}

export function getActiveRun(): Run | null {
  return getRuns().active?.run ?? null;
}

/** The run the site's stack figures come from (the active run itself when it measured the stacks), or null. */
export function getStackRun(): Run | null {
  return getRuns().stack?.run ?? null;
}

/** The run 2019's runtimes are read from (the active run itself when it measured them), or null. */
export function getVintageRun(): Run | null {
  return getRuns().vintage?.run ?? null;
}
