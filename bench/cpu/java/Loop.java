/** The loop of bench/README.md, n iterations: two arithmetic operations and an if. */
public final class Loop {
    /** The problem; one unit = one iteration. The accumulator and the next i persist between units. */
    static final class Problem implements Harness.Kernel {
        private long acc, nextI;

        @Override
        public long init(long n) {
            return n;
        }

        @Override
        public void reset(long start) {
            acc = 0;
            nextI = 0;
        }

        @Override
        public void advance(long units) {
            long a = acc, end = nextI + units;
            for (long i = nextI; i < end; i++) {
                a = (a * 31 + i) % 1_000_003;
                if (a % 2 == 0) a += 1;
            }
            acc = a;
            nextI = end;
        }

        @Override
        public String answer() {
            return Long.toString(acc);
        }
    }

    public static void main(String[] args) throws java.io.IOException {
        Harness.main("loop", 100_000, new Problem(), args);
    }
}
