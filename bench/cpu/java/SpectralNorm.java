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

    /**
     * The problem; one unit = one product A·Aᵀ·v. 10 rounds of the power method are 20 of
     * them, alternately v = AᵀA·u and u = AᵀA·v; every product costs the same.
     */
    static final class Problem implements Harness.Kernel {
        private double[] u, v, tmp;
        private long products;

        @Override
        public long init(long n) {
            u = new double[(int) n];
            v = new double[(int) n];
            tmp = new double[(int) n];
            return 20;
        }

        @Override
        public void reset(long start) {
            java.util.Arrays.fill(u, 1.0);
            java.util.Arrays.fill(v, 0.0);
            products = 0;
        }

        @Override
        public void advance(long units) {
            for (long p = 0; p < units; p++, products++) {
                if (products % 2 == 0) multAtAv(u, v, tmp);
                else multAtAv(v, u, tmp);
            }
        }

        @Override
        public String answer() {
            double vBv = 0, vv = 0;
            for (int i = 0; i < v.length; i++) {
                vBv += u[i] * v[i];
                vv += v[i] * v[i];
            }
            return String.format(Locale.ROOT, "%.9f", Math.sqrt(vBv / vv));
        }
    }

    public static void main(String[] args) throws java.io.IOException {
        Harness.main("spectralnorm", 1, new Problem(), args);
    }
}
