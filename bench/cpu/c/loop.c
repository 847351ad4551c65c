/* The loop of bench/README.md, n iterations: two arithmetic operations and an if. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t loop(int64_t n) {
    int64_t acc = 0;
    for (int64_t i = 0; i < n; i++) {
        acc = (acc * 31 + i) % 1000003;
        if (acc % 2 == 0) acc += 1;
    }
    return acc;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: loop N [ITERATIONS]\n");
        return 2;
    }
    int64_t n = atoll(argv[1]);
    int iterations = argc > 2 ? atoi(argv[2]) : 1;
    if (iterations < 1) iterations = 1;
    double *seconds = malloc(iterations * sizeof *seconds);
    int64_t result = 0;
    for (int it = 0; it < iterations; it++) {
        double t0 = now();
        int64_t r = loop(n);
        seconds[it] = now() - t0;
        if (it > 0 && r != result) {
            fprintf(stderr, "iteration %d gave a different answer\n", it);
            return 1;
        }
        result = r;
    }
    printf("%lld\n", (long long)result);
    if (iterations > 1) {
        fprintf(stderr, "{\"iteration_seconds\":[");
        for (int it = 0; it < iterations; it++) fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
        fprintf(stderr, "]}\n");
    }
    free(seconds);
    return 0;
}
