import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellFigure, summaryTable } from '../../../scripts/bench/summary-table.ts';
import { getMetric } from '../../../src/lib/metrics.ts';
import { primaryMetricId } from '../../../src/lib/cells.ts';
import { fixtureRun } from '../helpers.ts';

test("the runner's summary prints each cell's figure and interval as the site computes them", () => {
  const run = fixtureRun('synthetic-a');
  const ok = run.cells.filter((c) => c.status === 'ok');
  assert.ok(ok.length > 10);
  for (const cell of ok) {
    const m = getMetric(run, primaryMetricId(cell), { own: true });
    const f = cellFigure(run, cell);
    if (m.kind !== 'value') {
      assert.equal(f, null);
      continue;
    }
    assert.deepEqual([f!.value, f!.low, f!.high, f!.rounds], [m.value, m.low, m.high, m.rounds], `${cell.suite}/${cell.impl}/${cell.test}`);
  }
  const text = summaryTable(run, run.cells);
  assert.match(text, /95 % interval/);
  assert.equal(text.split('\n').filter((l) => /^(http|cpu|ops|threads|build|stack) /.test(l)).length >= ok.length, true);
});
