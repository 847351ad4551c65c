import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { Cell } from '../../../src/schemas/run.ts';
import { Progress, budgetNote } from '../../../scripts/bench/progress.ts';

/** A log (not a terminal): every status is a line of its own. */
function logStream(): { out: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out: w as unknown as NodeJS.WriteStream, lines: () => text.split('\n').filter(Boolean) };
}

test('a group’s round note does not trail the next group’s steps once its cells are recorded', () => {
  const { out, lines } = logStream();
  const a = { suite: 'stack', impl: 'php', test: 'loop' } as const;
  const b = { suite: 'stack', impl: 'go-pgx', test: 'db' } as const;
  const p = new Progress([{ id: a, estimateSeconds: 10 }, { id: b, estimateSeconds: 10 }], [], out);
  p.start(a, 'warm-up');
  p.note('stack/loop round 8 · widest php ±4.0 %');
  p.start(a, 'slice', false);
  assert.match(lines().at(-1)!, /stack\/php\/loop slice · stack\/loop round 8/);
  p.finish({ ...a, status: 'ok' } as Cell);
  p.start(b, 'verifying');
  assert.equal(lines().at(-1)!.includes('round 8'), false, lines().at(-1));
  assert.match(lines().at(-1)!, /^\[2\/2\] stack\/go-pgx\/db verifying · ETA/);
});

test('budget notes make sense for any budget (--budget 60 printed "13 of 0 s (past its share…)")', () => {
  assert.equal(budgetNote(13_000, 40_000, 5), ' · 13 of 40 s');
  assert.equal(budgetNote(13_000, 9_000, 5), ' · 13 s, past its 9-s share (more rounds only while its need fits)');
  // Earlier groups used up a small budget: this group's share is nothing, its minimum rounds still run.
  for (const share of [0, 300]) {
    const note = budgetNote(13_000, share, 5);
    assert.doesNotMatch(note, /of 0 s|0-s share/);
    assert.equal(note, ' · 13 s (the budget was used up by earlier tests: this one gets its minimum of 5 rounds only)');
  }
  assert.equal(budgetNote(13_000, Number.POSITIVE_INFINITY, 5), '', '--rounds: no budget to speak of');
});
