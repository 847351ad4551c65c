/*
 * The command-line contract every C kernel shares with the other languages:
 * `kernel N [ITERATIONS]`, the answer on stdout, and with ITERATIONS > 1 the
 * seconds of each iteration as JSON on stderr (the runner's warm-up/steady
 * state split). Each kernel keeps its own loop, since its answer has its own type.
 */
#ifndef DIEZMIL_HARNESS_H
#define DIEZMIL_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double harness_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads N and ITERATIONS (at least 1); returns 0, or 2 after printing usage. */
static int harness_args(int argc, char **argv, const char *name, long long *n, int *iterations) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s N [ITERATIONS]\n", name);
        return 2;
    }
    *n = atoll(argv[1]);
    *iterations = argc > 2 ? atoi(argv[2]) : 1;
    if (*iterations < 1) *iterations = 1;
    return 0;
}

static int harness_mismatch(int iteration) {
    fprintf(stderr, "iteration %d gave a different answer\n", iteration);
    return 1;
}

static void harness_report(const double *seconds, int iterations) {
    if (iterations < 2) return;
    fprintf(stderr, "{\"iteration_seconds\":[");
    for (int it = 0; it < iterations; it++) fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
    fprintf(stderr, "]}\n");
}

#endif
