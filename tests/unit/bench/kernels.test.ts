import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadKernels, sameOutput } from '../../../scripts/bench/kernels.ts';
import { parseCallgrindTotal, parseIterationSeconds } from '../../../scripts/bench/suites/cpu.ts';
import { ROOT, tmpDir } from './helpers.ts';

function kernelsFrom(json: unknown) {
  const dir = tmpDir();
  mkdirSync(path.join(dir, 'cpu'));
  writeFileSync(path.join(dir, 'cpu', 'kernels.json'), JSON.stringify(json));
  return loadKernels(dir);
}

test('reads bench/cpu/kernels.json (numbers as arguments, expected per argument)', () => {
  const k = loadKernels(path.join(ROOT, 'bench'));
  const loop = k.get('loop');
  if (!loop) return; // the file is written by another part of the project
  assert.equal(typeof loop.argument, 'string');
  assert.ok(loop.expected.has(loop.argument));
  assert.ok(loop.expected.has(loop.quickArgument));
});

test('tolerates other shapes: nested roles and a plain expected string', () => {
  const a = kernelsFrom({ kernels: { loop: { full: { n: 100, expected: '7' }, quick: { n: 10, expected: '3' }, callgrind: { n: 5, expected: '1' } } } });
  assert.deepEqual({ ...a.get('loop'), expected: [...a.get('loop')!.expected] }, {
    argument: '100',
    quickArgument: '10',
    callgrindArgument: '5',
    expected: [['100', '7'], ['10', '3'], ['5', '1']],
  });
  const b = kernelsFrom({ nbody: { argument: '1000', expected: 'x\n' } });
  assert.equal(b.get('nbody')!.quickArgument, '1000');
  assert.equal(b.get('nbody')!.expected.get('1000'), 'x\n');
  assert.throws(() => kernelsFrom({ nbody: { quick_argument: 3 } }), /kernels\.nbody\.argument is missing/);
});

test('output comparison ignores trailing whitespace only', () => {
  assert.ok(sameOutput('1.274224153\n', '1.274224153'));
  assert.ok(!sameOutput('1.274224154\n', '1.274224153\n'));
});

test('parses the JIT iteration line and the callgrind total', () => {
  assert.deepEqual(parseIterationSeconds('noise\n{"iteration_seconds":[0.5,0.25]}\n'), [0.5, 0.25]);
  assert.equal(parseIterationSeconds('nothing'), null);
  assert.equal(parseCallgrindTotal('==12== Events    : Ir\n==12== Collected : 123456789\n==12==\n==12== I   refs:      123,456,789\n'), 123456789);
  assert.equal(parseCallgrindTotal('==1== I   refs:      1,234\n'), 1234);
});
