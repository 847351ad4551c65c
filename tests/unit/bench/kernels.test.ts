import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { KERNEL_UNITS, loadKernels, sameOutput } from '../../../scripts/bench/kernels.ts';
import { startUnit } from '../../../scripts/bench/suites/cpu.ts';
import { parseCallgrindTotal, perUnit } from '../../../scripts/bench/unit-instructions.ts';
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

test('work units add up to each problem of bench/cpu/kernels.json', () => {
  assert.equal(KERNEL_UNITS['nbody']!.perProblem(5000000), 5000000);
  assert.equal(KERNEL_UNITS['loop']!.perProblem(100000000), 100000000);
  assert.equal(KERNEL_UNITS['spectralnorm']!.perProblem(1500), 20);
  assert.equal(KERNEL_UNITS['fannkuch']!.perProblem(10), 3628800);
  for (const k of ['nbody', 'spectralnorm', 'fannkuch', 'loop']) assert.ok(KERNEL_UNITS[k]!.callgrindUnits[1] > KERNEL_UNITS[k]!.callgrindUnits[0], k);
});

test('a worker starts at a unit drawn from the run and its role, inside the problem', () => {
  const a = startUnit('run-1', 'cpu/fannkuch/go/round 0', 3628800);
  assert.equal(a, startUnit('run-1', 'cpu/fannkuch/go/round 0', 3628800));
  assert.notEqual(a, startUnit('run-1', 'cpu/fannkuch/go-aa/round 0', 3628800));
  for (let r = 0; r < 50; r++) {
    const u = startUnit('run-1', `cpu/fannkuch/go/round ${r}`, 40320);
    assert.ok(u >= 0 && u < 40320 && Number.isInteger(u));
  }
});

test('instructions per unit: the difference of two counts over the difference of units', () => {
  assert.equal(perUnit([1000, 3000], [50000, 250000]), 100);
  assert.equal(perUnit([1000, 3000], [50000, null]), null);
  assert.equal(perUnit([5, 5], [1, 2]), null);
});

test('parses the callgrind total', () => {
  assert.equal(parseCallgrindTotal('==12== Events    : Ir\n==12== Collected : 123456789\n==12==\n==12== I   refs:      123,456,789\n'), 123456789);
  assert.equal(parseCallgrindTotal('==1== I   refs:      1,234\n'), 1234);
});
