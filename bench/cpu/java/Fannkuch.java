/**
 * fannkuch-redux: for every permutation of 0..n-1 (in the order produced by rotating
 * prefixes), count the prefix reversals ("pancake flips") until 0 comes first; report
 * the maximum and an alternating-sign checksum.
 */
public final class Fannkuch {
    record Result(int checksum, int maxFlips) {}

    static Result fannkuch(int n) {
        int[] perm1 = new int[n]; // the current permutation
        int[] perm = new int[n]; // a copy that gets flipped
        int[] count = new int[n];
        for (int i = 0; i < n; i++) perm1[i] = i;
        int checksum = 0;
        int maxFlips = 0;
        int permIndex = 0;
        int r = n;
        while (true) {
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
            while (true) {
                if (r == n) return new Result(checksum, maxFlips);
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

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Fannkuch N [ITERATIONS]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int iterations = args.length > 1 ? Math.max(1, Integer.parseInt(args[1])) : 1;
        double[] seconds = new double[iterations];
        Result result = null;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            Result r = fannkuch(n);
            seconds[it] = (System.nanoTime() - t0) / 1e9;
            if (result != null && !r.equals(result)) {
                System.err.println("iteration " + it + " gave a different answer");
                System.exit(1);
            }
            result = r;
        }
        System.out.println(result.checksum() + "\nPfannkuchen(" + n + ") = " + result.maxFlips());
        Timing.report(seconds);
    }
}
