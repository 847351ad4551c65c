import java.util.Locale;

/**
 * spectral-norm: the largest singular value of the infinite matrix
 * A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.
 */
public final class SpectralNorm {
    static double a(int i, int j) {
        return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
    }

    static void multAv(double[] v, double[] out) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a(i, j) * v[j];
            out[i] = sum;
        }
    }

    static void multAtv(double[] v, double[] out) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a(j, i) * v[j];
            out[i] = sum;
        }
    }

    static void multAtAv(double[] v, double[] out, double[] tmp) {
        multAv(v, tmp);
        multAtv(tmp, out);
    }

    static double spectralNorm(int n) {
        double[] u = new double[n];
        double[] v = new double[n];
        double[] tmp = new double[n];
        java.util.Arrays.fill(u, 1.0);
        for (int i = 0; i < 10; i++) {
            multAtAv(u, v, tmp);
            multAtAv(v, u, tmp);
        }
        double vBv = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            vBv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        return Math.sqrt(vBv / vv);
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SpectralNorm N [ITERATIONS]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int iterations = args.length > 1 ? Math.max(1, Integer.parseInt(args[1])) : 1;
        double[] seconds = new double[iterations];
        double result = 0;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            double r = spectralNorm(n);
            seconds[it] = (System.nanoTime() - t0) / 1e9;
            if (it > 0 && r != result) {
                System.err.println("iteration " + it + " gave a different answer");
                System.exit(1);
            }
            result = r;
        }
        System.out.printf(Locale.ROOT, "%.9f%n", result);
        Timing.report(seconds);
    }
}
