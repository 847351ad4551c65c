/**
 * Validates run files against the run schema and the plausibility bounds
 * (src/lib/run-sanity.ts), and data/claims.json (src/lib/claims-check.ts).
 *   npm run validate                      every file in data/runs/, the site's choice of active run, and data/claims.json
 *   npm run validate -- <run.json>… [--require-ok]   those files (a claims.json is checked as claims)
 * Every bad file is reported (once each, no stack trace), not only the first.
 * Exits 1 when a file is invalid, or with --require-ok when a run is
 * incomplete, has a failed cell or has no cell. An incomplete run is only
 * noted otherwise: `npm run bench -- --resume` finishes it and the site lists it.
 * Runs on the project's pinned Node (npm scripts put node_modules/.bin first
 * on PATH); the system's Node 20 cannot run TypeScript.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { checkRuns, parseRunFile, readRuns, RunFileError, runFileAdvice, runsDir } from '../src/lib/runs.ts';
import { runFileSizeProblem } from '../src/lib/run-sanity.ts';
import { claimsFileProblems } from '../src/lib/claims-check.ts';
import type { Run } from '../src/schemas/run.ts';
import { optimisedAwayFindings } from '../src/lib/optimised-away.ts';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run validate [-- <run.json>…] [--require-ok]\n  without files: every run in data/runs/ (or $DIEZMIL_RUNS_DIR), data/site.json and data/claims.json');
  process.exit(0);
}
const requireOk = args.includes('--require-ok');
const unknown = args.filter((a) => a.startsWith('--') && a !== '--require-ok');
if (unknown.length > 0) {
  console.error(`unknown option ${unknown.join(' ')} (usage: npm run validate [-- <run.json>…] [--require-ok])`);
  process.exit(2);
}
const files = args.filter((a) => !a.startsWith('--'));

let bad = 0;

function describe(file: string, run: Run): void {
  const count = (s: string) => run.cells.filter((c) => c.status === s).length;
  console.log(`${file}: valid run ${run.id} (${run.mode}), ${run.cells.length} cells: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`);
  for (const c of run.cells.filter((c) => c.status !== 'ok')) console.log(`  ${c.suite}/${c.impl}/${c.test} ${c.status}: ${c.reason}`);
  reportOptimisedAway(run);
  if (!run.complete) {
    console.log(`  incomplete (complete: false): finish it with npm run bench -- --resume ${run.id}`);
    if (requireOk) bad++;
  }
  if (requireOk && (count('failed') > 0 || run.cells.length === 0)) bad++;
}

/** Cells timed at under one cycle or instruction per iteration (src/lib/optimised-away.ts); a note, since older runs predate the flag. */
function reportOptimisedAway(run: Run): void {
  for (const f of optimisedAwayFindings(run)) console.log(`  ${f.cell} optimised-away${f.flagged ? ' (flagged)' : ' (not flagged in the file)'}: ${f.detail}`);
}

function problem(message: string): void {
  console.error(`\n${message}`);
  bad++;
}

/** The claims: ids, rules, and metric ids resolvable against the manifests, each problem by claim id. */
function checkClaims(file: string): void {
  const problems = claimsFileProblems(file);
  for (const p of problems) problem(p);
  if (problems.length === 0) console.log(`${file}: valid claims`);
}

if (files.length === 0) {
  const dir = runsDir();
  const { runs } = readRuns(dir);
  for (const { file, run } of runs) describe(file, run);
  // checkRuns reads the folder again: every bad file once, then the choice of the active run.
  for (const message of checkRuns(dir)) problem(message);
  if (runs.length === 0 && bad === 0) console.log(`${dir}: no run files`);
  checkClaims('data/claims.json');
} else {
  for (const file of files) {
    if (!existsSync(file)) {
      problem(`${file}: no such file.`);
      continue;
    }
    if (basename(file) === 'claims.json') {
      checkClaims(file);
      continue;
    }
    try {
      // Size first: a huge file is refused before it is read (src/lib/run-sanity.ts).
      const tooLarge = runFileSizeProblem(file, statSync(file).size);
      if (tooLarge) throw new RunFileError(`${tooLarge}\n${runFileAdvice(file)}`);
      describe(file, parseRunFile(file, readFileSync(file, 'utf8')));
    } catch (error) {
      if (!(error instanceof RunFileError)) throw error;
      problem(error.message);
    }
  }
}
if (bad > 0) console.error(`\n${bad} problem${bad === 1 ? '' : 's'} found.`);
process.exit(bad ? 1 : 0);
