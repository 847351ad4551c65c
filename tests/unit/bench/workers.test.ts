import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { Worker, WorkerError, parseAnswer, runAnswer } from '../../../scripts/bench/workers.ts';
import { groupAlive } from '../../../scripts/bench/processes.ts';
import { FIXTURES } from './helpers.ts';

const FAKE = path.join(FIXTURES, 'fake-ops.mjs');
const start = (variant = '', readyTimeoutMs = 10000) =>
  Worker.start({ argv: [process.execPath, FAKE, 'worker', variant], cwd: FIXTURES, cpus: null, readyTimeoutMs, name: `fake ${variant || 'worker'}` });

test('a worker prints its ready line (after a banner) and answers run and count', { timeout: 30000 }, async () => {
  const w = await start();
  assert.ok(w.tests.includes('call') && w.tests.includes('record_logic'));
  const a = await w.run('call', 0.05, 10000);
  assert.equal(a.test, 'call');
  assert.equal(a.units % a.chunks, 0);
  assert.ok(a.seconds >= 0.05, 'at least the seconds asked for, by its own clock');
  assert.equal(a.checksum, '500500');
  // The scheduler's CPU time of the slice: some, and not more than the slice plus the answer's round trip.
  assert.ok(a.cpuSeconds !== undefined && a.cpuSeconds !== null && a.cpuSeconds > 0 && a.cpuSeconds < a.seconds + 0.5, String(a.cpuSeconds));
  const c = await w.count('format', 1000, 10000);
  assert.deepEqual(c, { test: 'format', units: 1000, checksum: '7890' });
  const pid = w.pid!;
  await w.quit();
  assert.equal(groupAlive(pid), false, 'quit leaves no process behind');
});

test('a worker that never gets ready is killed after the ready timeout', { timeout: 30000 }, async () => {
  await assert.rejects(start('noready', 1500), (e: Error) => e instanceof WorkerError && /printed no ready line within 2 s and was killed/.test(e.message));
});

test('a worker that dies mid-slice, hangs, answers bad JSON or an error is reported and gone', { timeout: 60000 }, async () => {
  const cases: Array<[string, RegExp]> = [
    ['die', /exited with code 3 while answering "run call 0.05"/],
    ['badjson', /answered a line that is not JSON: "\{\\"test\\": oops"/],
    ['hang', /did not answer "run call 0.05" within 1\.0 s and was killed/],
    ['error', /reported an error: out of cheese/],
  ];
  for (const [variant, expected] of cases) {
    const w = await start(variant);
    await w.run('call', 0.05, 1000); // the first slice is fine
    const pid = w.pid!;
    await assert.rejects(w.run('call', 0.05, 1000), (e: Error) => e instanceof WorkerError && expected.test(e.message), variant);
    await w.quit(200);
    assert.equal(groupAlive(pid), false, `${variant}: no process left`);
  }
});

test('a command that cannot start is a WorkerError, not a crash', { timeout: 30000 }, async () => {
  await assert.rejects(
    Worker.start({ argv: ['/nonexistent/worker'], cwd: FIXTURES, cpus: null, readyTimeoutMs: 5000, name: 'ghost' }),
    (e: Error) => e instanceof WorkerError && /ghost exited before it was ready/.test(e.message),
  );
});

test('answers are checked: the test, whole units of whole chunks, positive seconds, a checksum', () => {
  const ok = { test: 'call', units: 3000, chunks: 3, seconds: 0.25, checksum: 1 };
  assert.deepEqual(runAnswer(ok, 'call', 'w'), { test: 'call', units: 3000, chunks: 3, seconds: 0.25, checksum: '1' });
  assert.throws(() => runAnswer({ ...ok, test: 'alloc' }, 'call', 'w'), /names test "alloc"/);
  assert.throws(() => runAnswer({ ...ok, units: 3001 }, 'call', 'w'), /not a whole number of chunks/);
  assert.throws(() => runAnswer({ ...ok, seconds: 0 }, 'call', 'w'), /positive "seconds"/);
  assert.throws(() => runAnswer({ ...ok, checksum: undefined }, 'call', 'w'), /no "checksum"/);
  assert.throws(() => parseAnswer('[1]', 'w'), /not a JSON object/);
});
