import java.util.Locale;
import java.util.StringJoiner;

/** The stderr line {"iteration_seconds":[…]} every kernel prints when run more than once. */
final class Timing {
    private Timing() {}

    static void report(double[] seconds) {
        if (seconds.length < 2) return;
        StringJoiner list = new StringJoiner(",", "{\"iteration_seconds\":[", "]}");
        for (double s : seconds) list.add(String.format(Locale.ROOT, "%.9f", s));
        System.err.println(list);
    }
}
