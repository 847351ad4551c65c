import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { Cell } from '../../../src/schemas/run.ts';
import { Progress } from '../../../scripts/bench/progress.ts';

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
