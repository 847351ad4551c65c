import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LAYOUT_BOUNDS, LayoutLinks, PADDING_VARIABLE, applyLayout, drawLayout, layoutSeed, layoutSettings, paddedProgram } from '../../../scripts/bench/process-layout.ts';
import { runCommand } from '../../../scripts/bench/processes.ts';
import { FIXTURES } from './helpers.ts';

test('a layout is reproducible from the run and the role, and differs for the A/A twin and between rounds', () => {
  const a = drawLayout(layoutSeed('run-1', 'cpu/nbody/go/round 0'));
  assert.deepEqual(a, drawLayout(layoutSeed('run-1', 'cpu/nbody/go/round 0')));
  assert.notDeepEqual(a, drawLayout(layoutSeed('run-1', 'cpu/nbody/go-aa/round 0')));
  assert.notDeepEqual(a, drawLayout(layoutSeed('run-1', 'cpu/nbody/go/round 1')));
  assert.notDeepEqual(a, drawLayout(layoutSeed('run-2', 'cpu/nbody/go/round 0')));
});

test('draws stay within their bounds and spread over them', () => {
  const env: number[] = [];
  for (let r = 0; r < 400; r++) {
    const d = drawLayout(layoutSeed('run', `ops/call/c/round ${r}`));
    for (const [key, [lo, hi]] of [['envPadding', LAYOUT_BOUNDS.envPadding], ['argv0Padding', LAYOUT_BOUNDS.argv0Padding], ['cwdPadding', LAYOUT_BOUNDS.cwdPadding]] as const) {
      assert.ok(Number.isInteger(d[key]) && d[key] >= lo && d[key] <= hi, `${key} = ${d[key]}`);
    }
    env.push(d.envPadding);
  }
  // Every quarter of the range is hit: the padding spans stack alignments, not one corner.
  for (let q = 0; q < 4; q++) assert.ok(env.some((e) => e >= q * 1024 && e < (q + 1) * 1024), `quarter ${q}`);
});

test('argv[0] is lengthened without changing the file it names', () => {
  assert.equal(paddedProgram('bin/nbody', 6), 'bin/./././nbody');
  assert.equal(paddedProgram('/usr/bin/python3', 5), '/usr/bin/././python3');
  assert.equal(paddedProgram('node', 2, path.dirname(process.execPath)), `${path.dirname(process.execPath)}/./node`);
  assert.equal(paddedProgram('no-such-program-here', 4, '/nonexistent'), 'no-such-program-here');
});

test('a laid-out process sees its padding, its argv[0] and a working directory through a link of the drawn length', { timeout: 30000 }, async () => {
  const links = new LayoutLinks();
  try {
    const draw = { envPadding: 1234, argv0Padding: 40, cwdPadding: 150 };
    const l = applyLayout([process.execPath, '-e', 'console.log(JSON.stringify({a0: process.argv0, pad: (process.env.DIEZMIL_LAYOUT_PAD ?? "").length, pwd: process.env.PWD, cwd: process.cwd()}))'], FIXTURES, {}, draw, links);
    assert.equal(path.basename(l.cwd).length, 150);
    assert.equal(readlinkSync(l.cwd), FIXTURES);
    assert.equal(l.env[PADDING_VARIABLE]!.length, 1234);
    const r = await runCommand(l.argv, { cwd: l.cwd, env: l.env, timeoutMs: 20000 });
    const seen = JSON.parse(r.stdout) as { a0: string; pad: number; pwd: string; cwd: string };
    assert.equal(seen.pad, 1234);
    assert.equal(seen.pwd, l.cwd);
    assert.equal(seen.cwd, FIXTURES, 'the process works in the implementation folder itself');
    assert.equal(seen.a0, l.argv[0]);
    assert.equal(seen.a0.length, process.execPath.length + 40);
  } finally {
    links.remove();
  }
});

test('the run records what is randomised, its bounds and its seed', () => {
  const s = layoutSettings('run-1', ['cpu', 'ops']);
  assert.deepEqual(s.suites, ['cpu', 'ops']);
  assert.deepEqual(s.env_padding_bytes, [0, 4096]);
  assert.equal(s.randomised.length, 3);
  assert.equal(typeof s.seed, 'number');
});
