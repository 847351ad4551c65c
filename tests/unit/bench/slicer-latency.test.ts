/**
 * The slicer's latency histogram (scripts/bench/slicer/latency.h) against exact figures,
 * through scripts/bench/slicer/check/latency-check.c: the error its README states, and
 * memory that does not grow with the number of latencies.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { SLICER_LATENCY_ERROR } from '../../../scripts/bench/slicer-run.ts';
import { ROOT, tmpDir } from './helpers.ts';

const BIN = path.join(tmpDir(), 'latency-check');

before(() => {
  execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', BIN, path.join(ROOT, 'scripts', 'bench', 'slicer', 'check', 'latency-check.c')], { stdio: 'pipe' });
});

const check = (...args: string[]) => JSON.parse(execFileSync(BIN, args).toString()) as Record<string, number | boolean>;

test('percentiles within 1/256 of the exact ones; count, min, max, mean and stdev exact', () => {
  const r = check('1000000', 'exact');
  assert.equal(r['recorded'], 1_000_000);
  assert.equal(r['bound'], SLICER_LATENCY_ERROR);
  assert.ok((r['worst_percentile_error'] as number) <= SLICER_LATENCY_ERROR, `worst error ${r['worst_percentile_error']} at p${r['worst_percentile']}`);
  assert.equal(r['min_exact'], true);
  assert.equal(r['max_exact'], true);
  assert.ok((r['mean_error'] as number) < 1e-9 && (r['stdev_error'] as number) < 1e-9, JSON.stringify(r));
});

test('a hundred million latencies in the same 58 KiB: memory does not grow with them', () => {
  const r = check('100000000');
  assert.equal(r['recorded'], 100_000_000);
  assert.ok((r['histogram_bytes'] as number) < 64 * 1024);
  assert.ok((r['peak_rss_growth_kb'] as number) < 64, `peak RSS grew by ${r['peak_rss_growth_kb']} KiB`);
});
