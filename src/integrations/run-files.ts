/**
 * Astro integration: before a build starts (before Astro empties the output
 * folder), checks every run file in data/runs/ and the choice of the active
 * run (src/lib/runs.ts checkRuns), and data/claims.json by claim id
 * (src/lib/claims-check.ts). With a problem, the build stops there: each
 * bad file is reported once, all of them in one pass, with no stack trace, and
 * the last good dist/ is left as it was.
 *
 * Without this check the first page that reads the runs would throw: Astro
 * prints that error once per rendering pass, with a stack, after it has
 * already emptied dist/.
 */
import type { AstroIntegration } from 'astro';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRuns } from '../lib/runs.ts';
import { claimsFileProblems } from '../lib/claims-check.ts';

/** The report a reader sees; empty when there is nothing to say. */
function runFilesReport(problems: string[], outDir = 'dist/', claimProblems: string[] = []): string {
  if (problems.length === 0 && claimProblems.length === 0) return '';
  const parts: string[] = [];
  if (problems.length > 0) parts.push(`${problems.length === 1 ? 'The run files have 1 problem:' : `The run files have ${problems.length} problems:`}\n\n${problems.join('\n\n')}`);
  // data/claims.json: by claim id (src/lib/claims-check.ts), before any page would throw on it.
  if (claimProblems.length > 0) parts.push(`${claimProblems.length === 1 ? 'The claims have 1 problem:' : `The claims have ${claimProblems.length} problems:`}\n\n${claimProblems.join('\n')}`);
  return `${parts.join('\n\n')}\n\nThe build stopped before it started: ${outDir} still holds the last good site.`;
}

export function runFiles(): AstroIntegration {
  let outDir = 'dist/';
  return {
    name: 'diezmil:run-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        // npm run build builds beside dist/ and names dist/ here (scripts/build.ts).
        outDir = process.env['DIEZMIL_OUT_DIR'] || `${relative(process.cwd(), fileURLToPath(config.outDir)) || '.'}/`;
      },
      'astro:build:start': ({ logger }) => {
        const report = runFilesReport(checkRuns(), outDir, claimsFileProblems());
        if (!report) return;
        logger.error(report);
        // A thrown error would come back with Astro's stack trace and error box;
        // the report above already says everything (file, JSON path, fix).
        process.exit(1);
      },
    },
  };
}
