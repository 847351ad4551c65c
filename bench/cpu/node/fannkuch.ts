// fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
// rotating prefixes), count the prefix reversals ("pancake flips") until 0
// comes first; report the maximum and an alternating-sign checksum.
import { args, run } from './harness.ts';

function fannkuch(n: number): { checksum: number; maxFlips: number } {
  const perm1 = new Int32Array(n); // the current permutation
  const perm = new Int32Array(n); // a copy that gets flipped
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) perm1[i] = i;
  let checksum = 0;
  let maxFlips = 0;
  let permIndex = 0;
  let r = n;
  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r--;
    }

    perm.set(perm1);
    let flips = 0;
    for (let k = perm[0]; k !== 0; k = perm[0]) {
      for (let i = 0, j = k; i < j; i++, j--) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    maxFlips = Math.max(maxFlips, flips);
    checksum += permIndex % 2 === 0 ? flips : -flips;

    // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
    for (;;) {
      if (r === n) return { checksum, maxFlips };
      const first = perm1[0];
      for (let i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = first;
      count[r]--;
      if (count[r] > 0) break;
      r++;
    }
    permIndex++;
  }
}

const { n, iterations } = args('fannkuch.ts');
const { checksum, maxFlips } = run(iterations, () => fannkuch(n), (r) => `${r.checksum} ${r.maxFlips}`);
console.log(`${checksum}\nPfannkuchen(${n}) = ${maxFlips}`);
