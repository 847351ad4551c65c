/**
 * The comparison group of a cell seeds the bootstrap, so the runner's stopping
 * rule and the site's intervals agree only if both name it the same way: for
 * every round-based suite, the group the runner's rounds use for each cell it
 * plans is the group the site reads from that cell once it has rounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cell } from '../../../src/schemas/run.ts';
import { sampleGroup } from '../../../src/lib/metrics.ts';
import { blankCell, type CellId } from '../../../scripts/bench/cells.ts';
import { discover } from '../../../scripts/bench/discovery.ts';
import { roundsGroup } from '../../../scripts/bench/groups.ts';
import { SUITE_REGISTRY } from '../../../scripts/bench/suites/index.ts';
import { FIXTURES, ROOT } from './helpers.ts';

/** The cell as the run records it after its rounds (one round is enough to place it in its group). */
function measured(id: CellId): Cell {
  const cell = blankCell(id, 'ok', null);
  if (cell.suite === 'ops') cell.runs = [{ round: 0, position: 0, samples_ns_per_op: [1] }];
  else (cell.repetitions as unknown[]) = [{ round: 0 }];
  return cell;
}

test("the runner's group of every planned cell is the site's group of that cell, in every round-based suite", () => {
  const suites = SUITE_REGISTRY.filter((s) => s.rounds !== null);
  for (const s of suites) {
    const { impls } = discover(FIXTURES, ROOT, [s.manifests]);
    const mine = impls.filter((i) => i.suite === s.manifests);
    assert.ok(mine.length > 0, `a fixture implementation of ${s.id} in tests/fixtures/bench`);
    const groups = s.groups(mine, null, mine[0]!.id, false);
    assert.ok(groups.length > 0, `${s.id} plans groups`);
    for (const g of groups) {
      const cells = s.plan({ groups: [g], impls: mine, tests: null, quick: true, budgetSeconds: () => 1 }).map((p) => p.id);
      assert.equal(cells.length, g.members.length, `${s.id}: a cell per member`);
      for (const id of cells) for (const t of g.tests) assert.equal(roundsGroup(g)(t), sampleGroup(measured(id)), `${s.id}: ${id.impl}/${id.test}`);
    }
  }
});
