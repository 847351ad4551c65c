/**
 * Loads the measured runs and picks the one the site shows.
 *
 * Every file in data/runs/ is validated against the Run schema; a bad file
 * stops the build with its path and the JSON path of the problem.
 * Selection: DIEZMIL_RUN (run id or file path) > data/site.json > newest complete full run.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { z } from 'zod';
import { Run } from '../schemas/run.ts';

export class RunFileError extends Error {}

export interface LoadedRun {
  file: string;
  run: Run;
}

const SiteConfig = z
  .object({ $comment: z.string().optional(), activeRun: z.string().min(1) })
  .strict();

function jsonPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    '$',
  );
}

/** Validates one run file's text; throws RunFileError naming the file and JSON path. */
export function parseRunFile(file: string, text: string): Run {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RunFileError(`${file}: not valid JSON (${(error as Error).message}). Fix or remove the file.`);
  }
  const result = Run.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues
      .slice(0, 8)
      .map((issue) => `  at ${jsonPath(issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 8 ? `\n  …and ${result.error.issues.length - 8} more` : '';
    throw new RunFileError(
      `${file} is not a valid run (schema src/schemas/run.ts):\n${lines.join('\n')}${more}\n` +
        'Runs are written by `npm run bench`; never edit one by hand. Remove the file or restore it from git.',
    );
  }
  return result.data;
}

export function runsDir(): string {
  return resolve(process.env.DIEZMIL_RUNS_DIR ?? 'data/runs');
}

export function loadRuns(dir = runsDir()): LoadedRun[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const file = relative(process.cwd(), path) || path;
      return { file, run: parseRunFile(file, readFileSync(path, 'utf8')) };
    });
}

export function newestComplete(runs: LoadedRun[]): LoadedRun | null {
  const candidates = runs.filter((r) => r.run.complete && r.run.mode === 'full');
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

function readSiteConfig(): string {
  const file = 'data/site.json';
  if (!existsSync(file)) return 'newest-complete';
  const parsed = SiteConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new RunFileError(`${file}: ${parsed.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.activeRun;
}

let cache: { runs: LoadedRun[]; active: LoadedRun | null } | null = null;

/** All runs and the active one, loaded once per build. */
export function getRuns(): { runs: LoadedRun[]; active: LoadedRun | null } {
  if (cache) return cache;
  const runs = loadRuns();
  const override = process.env.DIEZMIL_RUN;
  let active: LoadedRun | null;
  if (override && override.endsWith('.json')) {
    const path = resolve(override);
    if (!existsSync(path)) throw new RunFileError(`DIEZMIL_RUN=${override}: no such file.`);
    const file = relative(process.cwd(), path);
    active = { file, run: parseRunFile(file, readFileSync(path, 'utf8')) };
    if (!runs.some((r) => r.run.id === active!.run.id)) runs.push(active);
  } else {
    active = selectActiveRun(runs, override || readSiteConfig());
  }
  if (!active) {
    console.warn(
      `[diez-mil] No complete full run in ${relative(process.cwd(), runsDir()) || runsDir()}: pages will say "not measured". ` +
        'Run `npm run bench -- --suite all` to measure one, or set DIEZMIL_RUN to a run file.',
    );
  }
  cache = { runs, active };
  return cache;
}

export function getActiveRun(): Run | null {
  return getRuns().active?.run ?? null;
}
