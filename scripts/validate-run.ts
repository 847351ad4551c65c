/**
 * Validates run files against the run schema and reports their cells.
 *   node scripts/validate-run.ts <run.json>… [--require-ok]
 * Exits 1 when a file is invalid, incomplete, or (with --require-ok) has a failed cell.
 */
import { readFileSync } from 'node:fs';
import { parseRunFile } from '../src/lib/runs.ts';

const args = process.argv.slice(2);
const requireOk = args.includes('--require-ok');
const files = args.filter((a) => !a.startsWith('--'));
if (!files.length) {
  console.error('usage: node scripts/validate-run.ts <run.json>… [--require-ok]');
  process.exit(2);
}
let bad = 0;
for (const file of files) {
  try {
    const run = parseRunFile(file, readFileSync(file, 'utf8'));
    const count = (s: string) => run.cells.filter((c) => c.status === s).length;
    console.log(`${file}: valid run ${run.id} (${run.mode}), ${run.cells.length} cells: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`);
    for (const c of run.cells.filter((c) => c.status !== 'ok')) console.log(`  ${c.suite}/${c.impl}/${c.test} ${c.status}: ${c.reason}`);
    if (!run.complete) {
      console.error(`${file}: the run is incomplete (complete: false).`);
      bad++;
    }
    if (requireOk && (count('failed') > 0 || run.cells.length === 0)) bad++;
  } catch (error) {
    console.error((error as Error).message);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
