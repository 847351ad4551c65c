/**
 * The active run's claim verdicts and ratios, for an engineer who just
 * measured (and for tools that check a run):
 *   npm run claims              a readable report
 *   npm run claims -- --json    one JSON document on stdout
 * DIEZMIL_RUN=<id or path> picks another run. Numbers come from the same
 * code as the site's (src/lib/metrics.ts, src/lib/claims.ts).
 * Bad input (a run file, data/claims.json, data/site.json) is reported with
 * the file, the key and the fix, and exit status 1; never a stack trace.
 */
import { getRuns, RunFileError } from '../src/lib/runs.ts';
import { claimsFileProblems, ClaimsFileError } from '../src/lib/claims-check.ts';
import { loadClaims, evaluateClaim, measuredUnit, type ClaimResult, type Estimate } from '../src/lib/claims.ts';
import { getRatio, type MetricResult } from '../src/lib/metrics.ts';
import { reasonText } from '../src/lib/missing-reason.ts';
import { relativeHalfWidth } from '../src/lib/statistics.ts';
import { formatNumber } from '../src/lib/format.ts';
import type { Comparison, Run } from '../src/schemas/run.ts';

const json = process.argv.includes('--json');

/** Stops with a message a reader can act on (as JSON with --json). */
function fail(message: string): never {
  if (json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  else console.error(message);
  process.exit(1);
}

// Anything wrong with the input says so before a number is computed.
const claimProblems = claimsFileProblems();
if (claimProblems.length > 0) fail(`data/claims.json has ${claimProblems.length === 1 ? 'a problem' : `${claimProblems.length} problems`}:\n  ${claimProblems.join('\n  ')}`);
let loaded: ReturnType<typeof getRuns>;
try {
  loaded = getRuns();
} catch (error) {
  if (error instanceof RunFileError || error instanceof ClaimsFileError) fail(error.message);
  throw error;
}
const { active, stack } = loaded;
if (!active) fail('No complete full run in data/runs. Measure one with `npm run bench -- --suite all`, or set DIEZMIL_RUN=<id or path>.');
const run = active.run;

// ------------------------------------------------------------------ claims

function estimateOf(r: ClaimResult): { value: number | null; low: number | null; high: number | null } {
  const m = r.measured;
  if (!m) return { value: null, low: null, high: null };
  if (m.kind === 'value') return { value: m.value, low: m.low, high: m.high };
  if (m.kind === 'range') return { value: null, low: m.low.low, high: m.high.high };
  return { value: null, low: null, high: null };
}

const claims = loadClaims().map((claim) => {
  const r = evaluateClaim(claim, run);
  const e = estimateOf(r);
  const part = (x: Estimate) => ({ value: x.value, ci_low: x.low, ci_high: x.high });
  return {
    id: claim.id,
    essay: claim.essay,
    verdict: r.verdict,
    leaning: r.leaning,
    unit: measuredUnit(claim),
    value: e.value,
    ci_low: e.low,
    ci_high: e.high,
    ...(r.measured?.kind === 'range' ? { range: { low: part(r.measured.low), high: part(r.measured.high) } } : {}),
    ...(r.measured?.kind === 'pair' ? { pair: { threads: part(r.measured.threads), processes: part(r.measured.processes) } } : {}),
    inconclusive: r.inconclusive?.why ?? null,
    blocking_flags: r.inconclusive?.why === 'blocked' ? r.inconclusive.flags.map((f) => ({ cell: f.cell, flag: f.kind })) : [],
    reason: r.reason ? reasonText(r.reason) : null,
    sources: r.sources,
    omitted: r.omitted,
  };
});

// ------------------------------------------------------------------ ratios

const HEADLINE: Array<[string, string]> = [['rust-actix', 'go'], ['rust-axum', 'go'], ['go', 'pypy'], ['go', 'cpython'], ['pypy', 'cpython']];
const METRIC: Record<string, string> = { http: 'rps', stack: 'rps', cpu: 'seconds', ops: 'ns', threads: 'seconds' };

interface RatioRow {
  suite: string;
  test: string;
  numerator: string;
  denominator: string;
  headline: boolean;
  /** The comparison group's reference is the denominator: its precision target applies. */
  to_reference: boolean;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  half_width: number | null;
  target: number | null;
  met: boolean | null;
  rounds: number | null;
  /** Why the target was not met, as the run recorded it. */
  reason: string | null;
}

function metricOf(suite: string, impl: string, test: string): string {
  return suite === 'threads' ? `threads.${test}.${impl}.seconds` : `${suite}.${impl}.${test}.${METRIC[suite]}`;
}

function ratioRow(cmp: Comparison | null, suite: string, test: string, of: string, to: string, headline: boolean): RatioRow {
  const r: MetricResult = getRatio(run, metricOf(suite, of, test), metricOf(suite, to, test));
  const target = run.settings.statistics?.precision_target[suite] ?? null;
  const hw = r.kind === 'value' ? relativeHalfWidth(r) : null;
  const toReference = cmp !== null && cmp.reference === to;
  const met = toReference && target !== null ? hw !== null && hw <= target : null;
  return {
    suite,
    test,
    numerator: of,
    denominator: to,
    headline,
    to_reference: toReference,
    value: r.kind === 'value' ? r.value : null,
    ci_low: r.kind === 'value' ? r.low : null,
    ci_high: r.kind === 'value' ? r.high : null,
    half_width: hw,
    target: toReference ? target : null,
    met,
    rounds: r.kind === 'value' ? r.rounds : null,
    reason: r.kind === 'missing' ? reasonText(r.reason) : met === false && cmp ? shortfall(cmp, of === cmp.reference ? to : of) : null,
  };
}

/** Why a ratio stopped short: the group's stop, and how many rounds the spread seen would have needed. */
function shortfall(cmp: Comparison, of: string): string {
  const p = cmp.precision.find((x) => x.of === of);
  const needed = p?.rounds_needed != null && p.rounds != null ? `; about ${p.rounds_needed} rounds would reach the target (${p.rounds} run)` : '';
  return `${cmp.stop.reason}: ${cmp.stop.detail}${needed}`;
}

const ratios: RatioRow[] = [];
const comparisons = run.comparisons ?? [];
for (const cmp of comparisons) {
  if (cmp.suite === 'threads') {
    for (const mode of cmp.members) if (mode !== cmp.reference) ratios.push(ratioRow(cmp, 'threads', cmp.test, cmp.reference, mode, false));
    continue;
  }
  for (const m of cmp.members) if (m !== cmp.reference) ratios.push(ratioRow(cmp, cmp.suite, cmp.test, m, cmp.reference, false));
}
for (const t of ['plaintext', 'msgpack', 'json', 'transfer', 'loop']) {
  const cmp = comparisons.find((c) => c.suite === 'http' && c.test === t) ?? null;
  for (const [a, b] of HEADLINE) {
    const existing = ratios.find((x) => x.suite === 'http' && x.test === t && x.numerator === a && x.denominator === b);
    if (existing) existing.headline = true;
    else ratios.push(ratioRow(cmp, 'http', t, a, b, true));
  }
}

// ------------------------------------------------------------------ output

function describe(r: Run) {
  return {
    id: r.id,
    file: active!.file,
    schema_version: r.schema_version,
    mode: r.mode,
    machine: `${r.machine.cpu_model}, ${r.machine.cpu_cores} cores`,
    estimator: r.settings.statistics?.estimator ?? null,
    precision_target: r.settings.statistics?.precision_target ?? null,
  };
}

if (json) {
  // Stack claims are read from the web-stack run beside the active one (src/lib/runs.ts).
  const stackRun = stack ? { id: stack.run.id, file: stack.file } : null;
  const doc = `${JSON.stringify({ run: describe(run), stack_run: stackRun, claims, ratios, aa: run.aa ?? [] }, null, 2)}\n`;
  // A pipe takes the document in pieces: exiting before the last one is written would cut it at 64 KiB.
  await new Promise((done) => process.stdout.write(doc, done));
  process.exit(0);
}

const n = (v: number | null, unit = 'times') => (v === null ? '–' : formatNumber(v, unit as never, 'en-US'));
const ci = (lo: number | null, hi: number | null, unit = 'times') => (lo === null || hi === null ? '(no interval)' : `[${n(lo, unit)}–${n(hi, unit)}]`);
console.log(`Run ${run.id} (${active.file}) on ${describe(run).machine}`);
console.log(stack ? `Web-stack figures from run ${stack.run.id} (${stack.file})\n` : 'No complete web-stack run: stack claims are not measured (npm run bench -- --suite stack)\n');
console.log('Claims (verdict at both ends of the 95 % interval)');
for (const c of claims) {
  const value = c.value !== null ? `${n(c.value, c.unit)} ${ci(c.ci_low, c.ci_high, c.unit)}` : c.range ? `${n(c.range.low.value)}–${n(c.range.high.value)}× ${ci(c.ci_low, c.ci_high)}` : c.pair ? `threads ${n(c.pair.threads.value)}×, processes ${n(c.pair.processes.value)}×` : (c.reason ?? '');
  const why = c.inconclusive === 'blocked' ? ` — blocked by ${c.blocking_flags.map((f) => `${f.flag} (${f.cell})`).join(', ')}` : c.inconclusive ? ` — ${c.inconclusive}, leaning ${c.leaning}` : '';
  console.log(`  ${c.verdict.padEnd(16)} ${c.id.padEnd(32)} ${value}${why}`);
}
console.log('\nRatios to each test\'s reference (req/s for http: > 1 is faster; seconds and ns for cpu and ops: < 1 is faster)');
for (const r of ratios.filter((x) => x.to_reference)) {
  const hw = r.half_width === null ? '   –   ' : `±${(r.half_width * 100).toFixed(1).padStart(4)} %`;
  const mark = r.met === false ? `  over target ±${((r.target ?? 0) * 100).toFixed(0)} %` : '';
  console.log(`  ${`${r.suite}/${r.test}`.padEnd(22)} ${`${r.numerator} ÷ ${r.denominator}`.padEnd(22)} ${n(r.value).padStart(8)} ${ci(r.ci_low, r.ci_high).padEnd(18)} ${hw}${mark}`);
}
if ((run.aa ?? []).length > 0) {
  console.log('\nA/A check (the same implementation under two names; the interval should contain 1)');
  for (const a of run.aa!) console.log(`  ${`${a.suite}/${a.test}`.padEnd(22)} ${a.twin} ÷ ${a.impl}  ${n(a.value)} ${ci(a.low, a.high)}${a.contains_one === false ? '  does NOT contain 1' : ''}`);
}
