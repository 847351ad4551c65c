/* spectral-norm: the largest singular value of the infinite matrix
   A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.

   A row's sum is added in the same j order as in the other languages (no
   reassociation, so the same answer to the last bit); what is vectorised is the
   rows: four rows at a time, one per lane of a GCC vector (vector_size, AVX2 here). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#define LANES 4
typedef double vec __attribute__((vector_size(LANES * sizeof(double))));
typedef int ivec __attribute__((vector_size(LANES * sizeof(int))));

static double a(int i, int j) {
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static vec a_lanes(ivec i, ivec j) {
    ivec d = (i + j) * (i + j + 1) / 2 + i + 1;
    /* one vcvtdq2pd; gcc 12 splits __builtin_convertvector(d, vec) in two */
    return 1.0 / (vec){d[0], d[1], d[2], d[3]};
}

/* out = A·v, or Aᵀ·v when transpose */
static void mult(int n, const double *v, double *out, int transpose) {
    const ivec lanes = {0, 1, 2, 3};
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
        ivec rows = lanes + i;
        vec sum = {0, 0, 0, 0};
        if (transpose)
            for (int j = 0; j < n; j++) sum += a_lanes(j + (ivec){0}, rows) * v[j];
        else
            for (int j = 0; j < n; j++) sum += a_lanes(rows, j + (ivec){0}) * v[j];
        for (int l = 0; l < LANES; l++) out[i + l] = sum[l];
    }
    for (; i < n; i++) { /* the last n % 4 rows */
        double sum = 0;
        for (int j = 0; j < n; j++) sum += (transpose ? a(j, i) : a(i, j)) * v[j];
        out[i] = sum;
    }
}

static void mult_atav(int n, const double *v, double *out, double *tmp) {
    mult(n, v, tmp, 0);
    mult(n, tmp, out, 1);
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
