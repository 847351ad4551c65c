/**
 * The run file: data/runs/<id>.json. Validated against the Run schema before
 * every write and written atomically (temporary file + rename), after every
 * finished cell, so an interrupted run loses nothing it measured.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Run } from '../../src/schemas/run.ts';
import { UserError, formatZodIssues } from './errors.ts';
import { createExclusive } from './exclusive-file.ts';

export class InvalidRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRunError';
  }
}

/** "2026-11-26T06-10-00Z-<hostname>", made unique in `outDir` with a -2, -3… suffix. */
export function newRunId(date: Date, hostname: string, outDir: string): string {
  const stamp = date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const host = hostname.replace(/[^A-Za-z0-9._-]/g, '-') || 'host';
  const base = `${stamp}-${host}`;
  let id = base;
  for (let i = 2; existsSync(path.join(outDir, `${id}.json`)); i++) {
    if (i > 1000) throw new Error(`too many runs named ${base} in ${outDir}`);
    id = `${base}-${i}`;
  }
  return id;
}

/** The run as it goes into its file; throws InvalidRunError (with zod paths) instead of writing an invalid file. */
function runText(run: Run): string {
  const parsed = Run.safeParse(run);
  if (!parsed.success) {
    throw new InvalidRunError(`the run does not match src/schemas/run.ts (a bug in scripts/bench):\n${formatZodIssues(parsed.error.issues)}`);
  }
  return `${JSON.stringify(parsed.data, null, 2)}\n`;
}

/** Validates and writes atomically (temporary file + rename). */
export function writeRun(file: string, run: Run): void {
  const text = runText(run);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Writes `run` to a new file only: false when the file exists, even if
 * another process created it an instant ago (link() fails then, where a
 * check before writing would not see it). Readers never see half a file.
 */
export function writeNewRun(file: string, run: Run): boolean {
  const text = runText(run);
  mkdirSync(path.dirname(file), { recursive: true });
  return createExclusive(file, text);
}

/**
 * Gives a new run its id and its file: the first free "<date>-<host>[-N]" in
 * `outDir`, claimed atomically, so that two runs started in the same second
 * get two ids and two files. Sets run.id; returns the file.
 */
export function createRunFile(outDir: string, date: Date, hostname: string, run: Run): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    run.id = newRunId(date, hostname, outDir);
    const file = path.join(outDir, `${run.id}.json`);
    if (writeNewRun(file, run)) return file;
  }
  throw new Error(`could not find a free run id in ${outDir}`);
}

export function readRun(file: string): Run {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: cannot read the run (${(e as Error).message}); pass another run to --resume`);
  }
  const parsed = Run.safeParse(json);
  if (!parsed.success) {
    throw new UserError(`${file}: not a valid run file (src/schemas/run.ts):\n${formatZodIssues(parsed.error.issues)}`);
  }
  return parsed.data;
}

/** Finds the run to resume: a path, an id in `outDir`, or (true) the newest incomplete run there. */
export function resolveResume(target: string | true, outDir: string): string {
  if (target !== true) {
    const candidates = [target, path.join(outDir, target), path.join(outDir, `${target}.json`)];
    const found = candidates.find((c) => existsSync(c) && c.endsWith('.json'));
    if (!found) throw new UserError(`--resume ${target}: no such run; expected an id of a file in ${outDir}/ or a path to it`);
    return found;
  }
  const files = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.json')).sort() : [];
  for (const f of files.reverse()) {
    try {
      const json = JSON.parse(readFileSync(path.join(outDir, f), 'utf8')) as { complete?: unknown };
      if (json.complete === false) return path.join(outDir, f);
    } catch {
      /* not a run */
    }
  }
  throw new UserError(`--resume: no incomplete run in ${outDir}/; start a new run without --resume`);
}
