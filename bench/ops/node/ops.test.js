// Proves the Node loops really run: node --test bench/ops/node/
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { LOOPS, OPS, expected, measure } from './ops.js';

function brute(op, n) {
  let acc = 0;
  let len = 0;
  for (let i = 0; i < n; i++) {
    if (op === 'empty_loop') acc += 1;
    else if (op === 'call') acc += i + 1;
    else if (op === 'attribute') acc += 8 * (i % 8) + 1;
    else if (op === 'map_lookup') acc += i % 100;
    else if (op === 'map_insert') {
      if (++len === 1024) {
        acc += 1024;
        len = 0;
      }
    } else if (op === 'alloc') acc += i;
    else if (op === 'format') acc += `item-${i}`.length;
    else if (op === 'record_logic') acc += 66 + ((i % 1000) % 7);
  }
  return acc;
}

const SIZES = [0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 9999, 12345];

test('formulas match a brute-force loop', () => {
  for (const op of OPS) for (const n of SIZES) assert.equal(expected(op, n), brute(op, n), `${op} n=${n}`);
});

test("the runner's BigInt formulas (scripts/bench/ops-checksums.ts) agree", async () => {
  const { expectedChecksum } = await import('../../../scripts/bench/ops-checksums.ts');
  for (const op of OPS) for (const n of SIZES) assert.equal(expectedChecksum(op, BigInt(n)), BigInt(brute(op, n)), `${op} n=${n}`);
  assert.equal(expectedChecksum('call', 1_000_000_000n), 500000000500000000n);
});

test('every iteration accumulates', () => {
  for (const op of OPS) for (const n of [1, 1000, 4099]) assert.equal(LOOPS[op](n), expected(op, n), `${op} n=${n}`);
});

test('time scales with iterations', () => {
  for (const op of ['empty_loop', 'call', 'attribute', 'record_logic']) {
    const best = (n) => {
      let d = Infinity;
      for (let k = 0; k < 3; k++) {
        const t0 = process.hrtime.bigint();
        LOOPS[op](n);
        d = Math.min(d, Number(process.hrtime.bigint() - t0));
      }
      return d;
    };
    best(1_000_000); // let V8 optimize first
    const small = best(1_000_000);
    const large = best(10_000_000);
    assert.ok(large > 3 * small, `${op}: 1e7 took ${large} ns, 1e6 took ${small} ns`);
  }
});

test('measure reports the samples and a checked checksum', async () => {
  const { n, ns, checksum } = await measure('call', 2);
  assert.equal(ns.length, 2);
  assert.equal(checksum, expected('call', n));
});

test('a scripted worker session over pipes', async () => {
  const child = spawn(process.execPath, ['ops.js', 'worker'], { cwd: import.meta.dirname, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value;
  const ask = (command) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  const exited = new Promise((resolve) => child.on('exit', resolve));
  assert.equal(await next(), JSON.stringify({ ready: true, tests: OPS }));
  assert.deepEqual(JSON.parse(await ask('count attribute 1000')), { test: 'attribute', units: 1000, checksum: String(brute('attribute', 1000)) });
  const run = JSON.parse(await ask('run call 0.05'));
  assert.equal(run.test, 'call');
  assert.ok(run.chunks >= 1 && run.units % run.chunks === 0 && run.seconds >= 0.05, JSON.stringify(run));
  assert.equal(run.checksum, String(brute('call', run.units / run.chunks)));
  assert.ok('error' in JSON.parse(await ask('count teleport 5')));
  child.stdin.end('quit\n');
  assert.equal(await exited, 0);
});
