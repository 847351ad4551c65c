/* The loop of bench/README.md, n iterations: two arithmetic operations and an if. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

static int64_t loop(int64_t n) {
    int64_t acc = 0;
    for (int64_t i = 0; i < n; i++) {
        acc = (acc * 31 + i) % 1000003;
        if (acc % 2 == 0) acc += 1;
    }
    return acc;
}

int main(int argc, char **argv) {
    long long n_arg;
    int iterations;
    if (harness_args(argc, argv, "loop", &n_arg, &iterations)) return 2;
    int64_t n = (int64_t)n_arg;
    double *seconds = malloc(iterations * sizeof *seconds);
    int64_t result = 0;
    for (int it = 0; it < iterations; it++) {
        double t0 = harness_now();
        int64_t r = loop(n);
        seconds[it] = harness_now() - t0;
        if (it > 0 && r != result) return harness_mismatch(it);
        result = r;
    }
    printf("%lld\n", (long long)result);
    harness_report(seconds, iterations);
    free(seconds);
    return 0;
}
