/**
 * Expected `checksum` of each ops-suite line, from its `iterations_per_sample`.
 *
 * Iteration i runs from 0 to n - 1 and the checksum is the accumulator after
 * one sample of n iterations, as a decimal string. Exact (BigInt): compiled
 * languages run up to ~10^9 iterations per sample, past 2^53.
 * The formulas are explained in bench/ops/README.md; every implementation
 * carries its own copy and its tests check it against a brute-force loop.
 */

export const OPS_CHECKSUM_OPS = [
  'empty_loop',
  'call',
  'attribute',
  'map_lookup',
  'map_insert',
  'alloc',
  'format',
  'record_logic',
] as const;

/** sum over i < n of (i mod period) mod m. */
function sumMod(n: bigint, period: bigint, m: bigint): bigint {
  let full = 0n;
  let part = 0n;
  for (let j = 0n; j < period; j++) {
    full += j % m;
    if (j < n % period) part += j % m;
  }
  return (n / period) * full + part;
}

/** Total decimal digits of 0, 1, …, n − 1 (0 has one digit). */
function digitsBelow(n: bigint): bigint {
  if (n <= 0n) return 0n;
  let total = 1n;
  for (let lo = 1n, d = 1n; lo < n; lo *= 10n, d++) total += ((n < lo * 10n ? n : lo * 10n) - lo) * d;
  return total;
}

export function expectedOpsChecksum(op: string, iterations: number | bigint): string {
  const n = BigInt(iterations);
  switch (op) {
    case 'empty_loop':
      return String(n);
    case 'call':
      return String((n * (n + 1n)) / 2n);
    case 'attribute':
      return String(7n * n);
    case 'map_lookup':
      return String(sumMod(n, 100n, 100n));
    case 'map_insert':
      return String(1024n * (n / 1024n));
    case 'alloc':
      return String(n > 0n ? (n * (n - 1n)) / 2n : 0n);
    case 'format':
      return String(5n * n + digitsBelow(n));
    case 'record_logic':
      return String(66n * n + sumMod(n, 1000n, 7n));
    default:
      throw new Error(`unknown ops operation: ${op}`);
  }
}
