/* spectral-norm: the largest singular value of the infinite matrix
   A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

static double a(int i, int j) {
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static void mult_av(int n, const double *v, double *out) {
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) sum += a(i, j) * v[j];
        out[i] = sum;
    }
}

static void mult_atv(int n, const double *v, double *out) {
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) sum += a(j, i) * v[j];
        out[i] = sum;
    }
}

static void mult_atav(int n, const double *v, double *out, double *tmp) {
    mult_av(n, v, tmp);
    mult_atv(n, tmp, out);
}

static double spectralnorm(int n) {
    double *u = malloc(n * sizeof *u);
    double *v = malloc(n * sizeof *v);
    double *tmp = malloc(n * sizeof *tmp);
    for (int i = 0; i < n; i++) u[i] = 1;
    for (int i = 0; i < 10; i++) {
        mult_atav(n, u, v, tmp);
        mult_atav(n, v, u, tmp);
    }
    double vbv = 0, vv = 0;
    for (int i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    free(u);
    free(v);
    free(tmp);
    return sqrt(vbv / vv);
}

int main(int argc, char **argv) {
    long long n_arg;
    int iterations;
    if (harness_args(argc, argv, "spectralnorm", &n_arg, &iterations)) return 2;
    int n = (int)n_arg;
    double *seconds = malloc(iterations * sizeof *seconds);
    double result = 0;
    for (int it = 0; it < iterations; it++) {
        double t0 = harness_now();
        double r = spectralnorm(n);
        seconds[it] = harness_now() - t0;
        if (it > 0 && r != result) return harness_mismatch(it);
        result = r;
    }
    printf("%.9f\n", result);
    harness_report(seconds, iterations);
    free(seconds);
    return 0;
}
