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

/* One unit = one product A·Aᵀ·v: 10 rounds of the power method are 20 of them,
   alternately v = AᵀA·u and u = AᵀA·v. */
#define PRODUCTS 20
static int n;
static long long products;
static double *u, *v, *tmp;

static long long spectralnorm_init(long long size) {
    n = (int)size;
    u = malloc(n * sizeof *u);
    v = malloc(n * sizeof *v);
    tmp = malloc(n * sizeof *tmp);
    return PRODUCTS;
}

static void spectralnorm_reset(long long start) {
    (void)start; /* every product costs the same */
    for (int i = 0; i < n; i++) u[i] = 1, v[i] = 0;
    products = 0;
}

static void spectralnorm_advance(long long units) {
    for (long long p = 0; p < units; p++, products++) {
        if (products % 2 == 0) mult_atav(n, u, v, tmp);
        else mult_atav(n, v, u, tmp);
    }
}

static void spectralnorm_answer(char *buf, size_t size) {
    double vbv = 0, vv = 0;
    for (int i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    snprintf(buf, size, "%.9f", sqrt(vbv / vv));
}

static const struct harness_kernel kernel = {"spectralnorm", 1, spectralnorm_init, spectralnorm_reset, spectralnorm_advance, spectralnorm_answer};

int main(int argc, char **argv) {
    return harness_main(&kernel, argc, argv);
}
