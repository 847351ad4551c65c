/**
 * The host probe's worker (see host-probe.ts): for each line on stdin (a window
 * in milliseconds) it serialises the benchmark's 1000 records with
 * JSON.stringify for that long and answers with operations per second. A
 * fixed, allocation-heavy task like the servers' own, so it slows down when
 * they would.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const records: unknown = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
let sink = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const ms = Math.min(10_000, Math.max(10, Number(line) || 0));
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    sink += JSON.stringify(records).length;
    n++;
  }
  process.stdout.write(`${(n / ((performance.now() - start) / 1000)).toFixed(3)}\n`);
}
if (sink < 0) process.stdout.write('unreachable\n');
