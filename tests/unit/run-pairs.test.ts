/**
 * Which runs the runs pages compare (src/lib/run-pairs.ts) and how they name
 * them (src/lib/run-labels.ts): a bounded set of comparison pages that grows
 * linearly with the runs, only between runs that share cells; labels that
 * tell every run apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeFor, comparisonPairs, previousOnMachine, sharedCells } from '../../src/lib/run-pairs.ts';
import { runLabelsOf } from '../../src/lib/run-labels.ts';
import type { LoadedRun, SiteRuns } from '../../src/lib/runs.ts';
import type { Run } from '../../src/schemas/run.ts';
import { fixtureRun, translator } from './helpers.ts';

const t = translator('en');
const a = fixtureRun('synthetic-a');
const stackRun = fixtureRun('synthetic-stack');

/** A copy of a run under another id, started `hours` later. */
function copy(run: Run, id: string, hours: number, change: Partial<Run> = {}): LoadedRun {
  const r = structuredClone(run);
  r.id = id;
  r.started_at = new Date(Date.parse(run.started_at) + hours * 3_600_000).toISOString();
  return { file: `${id}.json`, run: { ...r, ...change } };
}

function site(n: number): SiteRuns {
  const runs: LoadedRun[] = [];
  for (let i = 0; i < n; i++) runs.push(i % 3 === 2 ? copy(stackRun, `stack-${i}`, i) : copy(a, `main-${i}`, i));
  const main = runs.filter((r) => r.run.id.startsWith('main-'));
  const stacks = runs.filter((r) => r.run.id.startsWith('stack-'));
  return { runs, active: main.at(-1)!, stack: stacks.at(-1) ?? null, vintage: null };
}

test('comparison pages: at most two per run (its active run, the previous run of its machine), so they grow linearly', () => {
  for (const n of [6, 12, 50]) {
    const pairs = comparisonPairs(site(n));
    assert.ok(pairs.length <= 2 * n, `${n} runs: ${pairs.length} pages`);
    assert.ok(pairs.length >= n - 2, `${n} runs: ${pairs.length} pages`);
    // Never a pair that shares no cell (a web-stack run and a main run), never a run with itself.
    for (const p of pairs) {
      assert.ok(sharedCells(p.a.run, p.b.run) > 0, `${p.a.run.id} / ${p.b.run.id}`);
      assert.notEqual(p.a, p.b);
    }
  }
  // With 50 runs, the pairs of every ordered pair would be 2,450.
  assert.ok(comparisonPairs(site(50)).length < 100);
});

test('a web-stack run is compared with the active web-stack run; a main run with the active run', () => {
  const s = site(9);
  const stack = s.runs.find((r) => r.run.id === 'stack-2')!;
  const main = s.runs.find((r) => r.run.id === 'main-0')!;
  assert.equal(activeFor(stack.run, s), s.stack);
  assert.equal(activeFor(main.run, s), s.active);
  assert.equal(sharedCells(stack.run, s.active!.run), 0);
  // The previous run of the machine that shares cells: the previous stack run, not the main run just before it.
  const later = s.runs.find((r) => r.run.id === 'stack-5')!;
  assert.equal(previousOnMachine(later.run, s.runs)?.run.id, 'stack-2');
});

test('labels tell every run apart: date and time, suites and mode; the same minute adds the seconds, then the id', () => {
  const x = copy(a, 'x', 0).run;
  const y = copy(a, 'y', 1).run;
  const quick = copy(a, 'q', 0, { mode: 'quick' }).run;
  const sameMinute = copy(a, 'z', 0).run;
  sameMinute.started_at = new Date(Date.parse(x.started_at) + 20_000).toISOString();
  const labels = runLabelsOf([x, y, quick, sameMinute, stackRun], t, 'en-US');
  const full = [...labels.values()].map((l) => l.full);
  assert.equal(new Set(full).size, full.length, full.join('\n'));
  assert.match(labels.get('y')!.full, /^synthetic-fixture, .*2026.* UTC · all suites · full$/);
  assert.match(labels.get('q')!.full, /· quick$/);
  assert.match(labels.get(stackRun.id)!.full, /Web stacks · full$/);
  // Same machine, same minute: seconds tell them apart.
  assert.match(labels.get('x')!.full, /:\d\d:\d\d UTC/);
  assert.doesNotMatch(labels.get('y')!.full, /:\d\d:\d\d UTC/);
});
