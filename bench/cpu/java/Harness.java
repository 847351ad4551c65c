import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What every kernel shares with the other languages (bench/README.md, "CPU suite"):
 *
 * <pre>
 *   Kernel N [ITERATIONS]      the whole problem of size N, answer on stdout; with
 *                              ITERATIONS &gt; 1 each iteration's seconds as JSON on stderr
 *   Kernel worker N [START]    a worker (bench/README.md, "Workers"): answers run,
 *                              count and quit on stdin, one JSON line each
 * </pre>
 *
 * A kernel is a resumable problem ({@link Kernel}); the command line is reset(0),
 * advance(all), answer(); a worker does whole chunks of units and starts the
 * problem over when it is done.
 */
final class Harness {
    private Harness() {}

    /** A problem that can be done a few units at a time. */
    interface Kernel {
        /** Sizes the problem; returns how many work units make it. */
        long init(long n);

        /** Starts the problem over at unit {@code start}. */
        void reset(long start);

        /** Does the next {@code units} units. */
        void advance(long units);

        /** What the command line prints for the units done so far. */
        String answer();
    }

    static void main(String name, long chunk, Kernel k, String[] args) throws IOException {
        boolean worker = args.length > 0 && args[0].equals("worker");
        int at = worker ? 1 : 0;
        if (args.length < at + 1) {
            System.err.println("usage: " + name + " N [ITERATIONS]\n       " + name + " worker N [START]");
            System.exit(2);
        }
        long units = k.init(Long.parseLong(args[at]));
        if (worker) {
            long start = args.length > at + 1 ? Long.parseLong(args[at + 1]) % units : 0;
            System.exit(new Worker(name, chunk, k, units, start).serve());
        }
        int iterations = args.length > 1 ? Math.max(1, Integer.parseInt(args[1])) : 1;
        String first = null;
        StringJoiner seconds = new StringJoiner(",", "{\"iteration_seconds\":[", "]}");
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            k.reset(0);
            k.advance(units);
            seconds.add(String.format(Locale.ROOT, "%.9f", (System.nanoTime() - t0) / 1e9));
            String answer = k.answer();
            if (first == null) first = answer;
            else if (!answer.equals(first)) {
                System.err.println("iteration " + it + " gave a different answer");
                System.exit(1);
            }
        }
        System.out.println(first);
        if (iterations > 1) System.err.println(seconds);
    }

    private static final class Worker {
        private final String name;
        private final long chunk, units;
        private final Kernel k;
        private long done;

        Worker(String name, long chunk, Kernel k, long units, long start) {
            this.name = name;
            this.chunk = chunk;
            this.k = k;
            this.units = units;
            this.done = start;
            k.reset(start);
        }

        /** The next {@code n} units, starting the problem over each time it is done. */
        private void work(long n) {
            while (n > 0) {
                if (done == units) {
                    k.reset(0);
                    done = 0;
                }
                long take = Math.min(units - done, n);
                k.advance(take);
                done += take;
                n -= take;
            }
        }

        private static String json(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }

        int serve() throws IOException {
            System.out.println("{\"ready\":true,\"tests\":[\"" + name + "\"]}");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split("\\s+");
                if (w[0].equals("quit")) return 0;
                if (w.length == 3 && w[0].equals("run") && w[1].equals(name)) {
                    double seconds = Double.parseDouble(w[2]);
                    long t0 = System.nanoTime(), chunks = 0;
                    double elapsed;
                    do {
                        work(chunk);
                        chunks++;
                    } while ((elapsed = (System.nanoTime() - t0) / 1e9) < seconds);
                    System.out.println(String.format(Locale.ROOT, "{\"test\":\"%s\",\"units\":%d,\"chunks\":%d,\"seconds\":%.9f,\"checksum\":%s}", name, chunks * chunk, chunks, elapsed, json(k.answer())));
                } else if (w.length == 3 && w[0].equals("count") && w[1].equals(name)) {
                    long n = Long.parseLong(w[2]);
                    k.reset(0);
                    done = 0;
                    work(n);
                    System.out.println("{\"test\":\"" + name + "\",\"units\":" + n + ",\"checksum\":" + json(k.answer()) + "}");
                } else {
                    System.out.println("{\"error\":\"unknown command (this worker runs " + name + ")\"}");
                    return 1;
                }
                System.out.flush();
            }
            return 0;
        }
    }
}
