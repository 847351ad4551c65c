/**
 * fannkuch-redux: for every permutation of 0..n-1 (in the order produced by rotating
 * prefixes), count the prefix reversals ("pancake flips") until 0 comes first; report
 * the maximum and an alternating-sign checksum.
 */
public final class Fannkuch {
    /**
     * The problem; one unit = one permutation. The generator's state persists between
     * units; reset(start) jumps to permutation start (its digits in the factorial number
     * system say how far each prefix has been rotated), since permutations cost unequal
     * numbers of flips and a worker starts at a random one.
     */
    static final class Problem implements Harness.Kernel {
        private int n, r, checksum, maxFlips;
        private int[] perm1, perm, count; // the current permutation, a copy that gets flipped, the odometer
        private long permIndex;

        @Override
        public long init(long size) {
            if (size < 1 || size > 20) throw new IllegalArgumentException("N must be between 1 and 20, got " + size);
            n = (int) size;
            perm1 = new int[n];
            perm = new int[n];
            count = new int[n];
            long units = 1;
            for (int i = 2; i <= n; i++) units *= i;
            return units;
        }

        @Override
        public void reset(long start) {
            for (int i = 0; i < n; i++) perm1[i] = i;
            r = n;
            permIndex = start;
            checksum = maxFlips = 0;
            if (start == 0) return;
            long fact = 1;
            for (int i = 2; i < n; i++) fact *= i;
            for (int i = n - 1; i > 0; fact /= i, i--) { // fact = i!
                int d = (int) (start / fact);
                start %= fact;
                int[] rotated = new int[i + 1];
                for (int j = 0; j <= i; j++) rotated[j] = perm1[(j + d) % (i + 1)];
                System.arraycopy(rotated, 0, perm1, 0, i + 1);
                count[i] = i + 1 - d;
            }
            r = 1;
        }

        @Override
        public void advance(long units) {
            for (long u = 0; u < units; u++) {
                while (r != 1) {
                    count[r - 1] = r;
                    r--;
                }

                System.arraycopy(perm1, 0, perm, 0, n);
                int flips = 0;
                int k;
                while ((k = perm[0]) != 0) {
                    for (int i = 0, j = k; i < j; i++, j--) {
                        int t = perm[i];
                        perm[i] = perm[j];
                        perm[j] = t;
                    }
                    flips++;
                }
                maxFlips = Math.max(maxFlips, flips);
                checksum += permIndex % 2 == 0 ? flips : -flips;

                // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
                while (r != n) {
                    int first = perm1[0];
                    for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
                    perm1[r] = first;
                    count[r]--;
                    if (count[r] > 0) break;
                    r++;
                }
                permIndex++;
            }
        }

        @Override
        public String answer() {
            return checksum + "\nPfannkuchen(" + n + ") = " + maxFlips;
        }
    }

    public static void main(String[] args) throws java.io.IOException {
        Harness.main("fannkuch", 5040, new Problem(), args);
    }
}
