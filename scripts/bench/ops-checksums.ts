/**
 * Expected checksums of the ops suite as functions of n = iterations_per_sample
 * (the same formulas as bench/ops/python/checksums.py): the accumulator after
 * one sample of n iterations, i = 0 … n − 1. BigInt, so nothing overflows.
 */
const ATTRIBUTE_OBJECTS = 8n;
const MAP_KEYS = 100n;
const INSERT_CLEAR = 1024n;
const RECORDS = 1000n;

function digitsBelow(n: bigint): bigint {
  if (n <= 0n) return 0n;
  let total = 1n; // the number 0
  let lo = 1n;
  let d = 1n;
  while (lo < n) {
    const hi = n < lo * 10n ? n : lo * 10n;
    total += (hi - lo) * d;
    lo *= 10n;
    d += 1n;
  }
  return total;
}

function sumMod(n: bigint, period: bigint, mod: bigint): bigint {
  let full = 0n;
  for (let j = 0n; j < period; j++) full += j % mod;
  const q = n / period;
  const r = n % period;
  let rest = 0n;
  for (let j = 0n; j < r; j++) rest += j % mod;
  return q * full + rest;
}

export function expectedChecksum(op: string, n: bigint): bigint | null {
  switch (op) {
    case 'empty_loop':
      return n;
    case 'call':
      return (n * (n + 1n)) / 2n;
    case 'attribute':
      // object k has b = 8k + 1; turn i reads object i mod 8
      return n + 8n * sumMod(n, ATTRIBUTE_OBJECTS, ATTRIBUTE_OBJECTS);
    case 'map_lookup':
      return sumMod(n, MAP_KEYS, MAP_KEYS);
    case 'map_insert':
      return INSERT_CLEAR * (n / INSERT_CLEAR);
    case 'alloc':
      return (n * (n - 1n)) / 2n;
    case 'format':
      return 5n * n + digitsBelow(n);
    case 'record_logic':
      return 66n * n + sumMod(n, RECORDS, 7n);
    default:
      return null;
  }
}

/** Whether a reported checksum is exactly right (bench/ops/README.md keeps every checksum below 2^64). */
export function checksumMatches(op: string, iterations: number, reported: string): { ok: boolean; expected: string | null } {
  const exp = expectedChecksum(op, BigInt(iterations));
  if (exp === null) return { ok: false, expected: null };
  let got: bigint;
  try {
    got = BigInt(reported.trim());
  } catch {
    return { ok: false, expected: exp.toString() };
  }
  return { ok: got === exp, expected: exp.toString() };
}
