/* spectral-norm: the largest singular value of the infinite matrix
   A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: spectralnorm N [ITERATIONS]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    int iterations = argc > 2 ? atoi(argv[2]) : 1;
    if (iterations < 1) iterations = 1;
    double *seconds = malloc(iterations * sizeof *seconds);
    double result = 0;
    for (int it = 0; it < iterations; it++) {
        double t0 = now();
        double r = spectralnorm(n);
        seconds[it] = now() - t0;
        if (it > 0 && r != result) {
            fprintf(stderr, "iteration %d gave a different answer\n", it);
            return 1;
        }
        result = r;
    }
    printf("%.9f\n", result);
    if (iterations > 1) {
        fprintf(stderr, "{\"iteration_seconds\":[");
        for (int it = 0; it < iterations; it++) fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
        fprintf(stderr, "]}\n");
    }
    free(seconds);
    return 0;
}
