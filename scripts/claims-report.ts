/**
 * Prints the active run's claim verdicts and headline ratios in the terminal,
 * so an engineer who just measured sees the outcome before building the site.
 *   npm run claims            (DIEZMIL_RUN=<id or path> to pick another run)
 */
import { getRuns } from '../src/lib/runs.ts';
import { loadClaims, evaluateClaim, measuredUnit } from '../src/lib/claims.ts';
import { getRatio } from '../src/lib/metrics.ts';
import { formatNumber } from '../src/lib/format.ts';
import { reasonText } from '../src/lib/missing-reason.ts';
import { HTTP_TESTS } from '../src/schemas/run.ts';

const { active } = getRuns();
if (!active) {
  console.error('No complete full run in data/runs. Measure one with `npm run bench -- --suite all`, or set DIEZMIL_RUN.');
  process.exit(1);
}
const run = active.run;
const n = (v: number) => formatNumber(v, 'times', 'en-US');
console.log(`Run ${run.id} (${active.file}) on ${run.machine.cpu_model}, ${run.machine.cpu_cores} cores\n`);

console.log('Claims');
for (const claim of loadClaims()) {
  const r = evaluateClaim(claim, run);
  const m = r.measured;
  const unit = measuredUnit(claim);
  const value =
    m?.kind === 'value' ? `${formatNumber(m.value, unit, 'en-US')} ${unit}` :
    m?.kind === 'range' ? `${n(m.low)}–${n(m.high)} ×` :
    m?.kind === 'pair' ? `threads ${n(m.threads)}×, processes ${n(m.processes)}×` : r.reason ? reasonText(r.reason) : '';
  console.log(`  ${r.verdict.padEnd(16)}${r.uncertain ? '?' : ' '} ${claim.id.padEnd(30)} ${value}`);
}

console.log('\nHTTP ratios of requests per second, per test');
const pairs: Array<[string, string]> = [['rust-actix', 'go'], ['rust-axum', 'go'], ['go', 'pypy'], ['go', 'cpython'], ['pypy', 'cpython']];
console.log(`  ${'ratio'.padEnd(22)}${HTTP_TESTS.map((t) => t.padStart(11)).join('')}`);
for (const [a, b] of pairs) {
  const cells = HTTP_TESTS.map((t) => {
    const r = getRatio(run, `http.${a}.${t}.rps`, `http.${b}.${t}.rps`);
    return (r.kind === 'value' ? `${n(r.value)}×` : '–').padStart(11);
  });
  console.log(`  ${`${a} ÷ ${b}`.padEnd(22)}${cells.join('')}`);
}

console.log('\nCPU ladder (geometric mean of time ÷ C over the kernels)');
for (const impl of ['cpp', 'rust', 'go', 'java', 'node', 'pypy', 'cpython']) {
  const r = getRatio(run, `cpu.${impl}.geomean.vs_c`, `cpu.c.geomean.vs_c`);
  console.log(`  ${impl.padEnd(10)} ${r.kind === 'value' ? `${n(r.value)}×` : reasonText(r.reason)}`);
}
