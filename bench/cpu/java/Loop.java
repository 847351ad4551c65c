/** The loop of bench/README.md, n iterations: two arithmetic operations and an if. */
public final class Loop {
    static long loop(long n) {
        long acc = 0;
        for (long i = 0; i < n; i++) {
            acc = (acc * 31 + i) % 1_000_003;
            if (acc % 2 == 0) acc += 1;
        }
        return acc;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Loop N [ITERATIONS]");
            System.exit(2);
        }
        long n = Long.parseLong(args[0]);
        int iterations = args.length > 1 ? Math.max(1, Integer.parseInt(args[1])) : 1;
        double[] seconds = new double[iterations];
        long result = 0;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            long r = loop(n);
            seconds[it] = (System.nanoTime() - t0) / 1e9;
            if (it > 0 && r != result) {
                System.err.println("iteration " + it + " gave a different answer");
                System.exit(1);
            }
            result = r;
        }
        System.out.println(result);
        Timing.report(seconds);
    }
}
