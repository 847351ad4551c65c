// fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
// rotating prefixes), count the prefix reversals ("pancake flips") until 0
// comes first; report the maximum and an alternating-sign checksum.
import { main, type Kernel } from './harness.ts';

/**
 * The problem; one unit = one permutation. The generator's state persists between
 * units; reset(start) jumps to permutation `start` (its digits in the factorial number
 * system say how far each prefix has been rotated), since permutations cost unequal
 * numbers of flips and a worker starts at a random one.
 */
class Fannkuch implements Kernel {
  n = 0;
  r = 0;
  perm1 = new Int32Array(0); // the current permutation
  perm = new Int32Array(0); // a copy that gets flipped
  count = new Int32Array(0);
  permIndex = 0;
  checksum = 0;
  maxFlips = 0;

  init(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 16) {
      console.error(`fannkuch: N must be between 1 and 16, got ${n}`);
      process.exit(2);
    }
    this.n = n;
    this.perm1 = new Int32Array(n);
    this.perm = new Int32Array(n);
    this.count = new Int32Array(n);
    let units = 1;
    for (let i = 2; i <= n; i++) units *= i;
    return units;
  }

  reset(start: number): void {
    const { n, perm1, count } = this;
    for (let i = 0; i < n; i++) perm1[i] = i;
    this.r = n;
    this.permIndex = start;
    this.checksum = 0;
    this.maxFlips = 0;
    if (start === 0) return;
    let fact = 1;
    for (let i = 2; i < n; i++) fact *= i;
    for (let i = n - 1; i > 0; fact /= i, i--) {
      // fact = i!
      const d = Math.floor(start / fact);
      start %= fact;
      const rotated = [...perm1.subarray(d, i + 1), ...perm1.subarray(0, d)];
      perm1.set(rotated);
      count[i] = i + 1 - d;
    }
    this.r = 1;
  }

  advance(units: number): void {
    const { n, perm1, perm, count } = this;
    let r = this.r;
    for (let u = 0; u < units; u++) {
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
      this.maxFlips = Math.max(this.maxFlips, flips);
      this.checksum += this.permIndex % 2 === 0 ? flips : -flips;

      // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
      while (r !== n) {
        const first = perm1[0];
        for (let i = 0; i < r; i++) perm1[i] = perm1[i + 1];
        perm1[r] = first;
        count[r]--;
        if (count[r] > 0) break;
        r++;
      }
      this.permIndex++;
    }
    this.r = r;
  }

  answer(): string {
    return `${this.checksum}\nPfannkuchen(${this.n}) = ${this.maxFlips}`;
  }
}

void main('fannkuch', 5040, new Fannkuch());
