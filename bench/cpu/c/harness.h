/*
 * What every C kernel shares with the other languages (bench/README.md, "CPU suite"):
 *
 *   kernel N [ITERATIONS]          the whole problem of size N, answer on stdout; with
 *                                  ITERATIONS > 1 each iteration's seconds as JSON on stderr
 *   kernel worker N [START]        a worker (bench/README.md, "Workers"): answers
 *                                  `run`, `count` and `quit` on stdin, one JSON line each
 *
 * A kernel is a resumable problem: init(N) sizes it and returns how many work
 * units make it, reset(START) starts it over at unit START, advance(K) does the
 * next K units, answer() prints what the command line prints for the units done
 * so far. The command line is reset(0), advance(all), answer(); a worker does
 * whole chunks of units and starts the problem over when it is done.
 */
#ifndef DIEZMIL_HARNESS_H
#define DIEZMIL_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct harness_kernel {
    const char *name;
    long long chunk; /* units per chunk of `run` */
    long long (*init)(long long n);
    void (*reset)(long long start);
    void (*advance)(long long units);
    void (*answer)(char *buf, size_t size);
};

static double harness_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long harness_units, harness_done; /* units per problem; units of the current problem done */

/* The next `units` units, starting the problem over each time it is done. */
static void harness_do(const struct harness_kernel *k, long long units) {
    while (units > 0) {
        if (harness_done == harness_units) {
            k->reset(0);
            harness_done = 0;
        }
        long long take = harness_units - harness_done < units ? harness_units - harness_done : units;
        k->advance(take);
        harness_done += take;
        units -= take;
    }
}

/* The answer as a JSON string (it holds newlines). */
static void harness_checksum(const struct harness_kernel *k) {
    char buf[256];
    k->answer(buf, sizeof buf);
    putchar('"');
    for (const char *c = buf; *c; c++) {
        if (*c == '\n') fputs("\\n", stdout);
        else if (*c == '"' || *c == '\\') printf("\\%c", *c);
        else putchar(*c);
    }
    putchar('"');
}

static int harness_worker(const struct harness_kernel *k, long long start) {
    harness_done = start % harness_units;
    k->reset(harness_done);
    printf("{\"ready\":true,\"tests\":[\"%s\"]}\n", k->name);
    fflush(stdout);
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        char cmd[16], test[64], arg[64];
        int got = sscanf(line, "%15s %63s %63s", cmd, test, arg);
        if (got >= 1 && strcmp(cmd, "quit") == 0) return 0;
        if (got != 3 || strcmp(test, k->name) != 0 || (strcmp(cmd, "run") != 0 && strcmp(cmd, "count") != 0)) {
            printf("{\"error\":\"unknown command (this worker runs %s)\"}\n", k->name);
            return 1;
        }
        if (strcmp(cmd, "run") == 0) {
            double seconds = strtod(arg, NULL), t0 = harness_now(), elapsed;
            long long chunks = 0;
            do {
                harness_do(k, k->chunk);
                chunks++;
            } while ((elapsed = harness_now() - t0) < seconds);
            printf("{\"test\":\"%s\",\"units\":%lld,\"chunks\":%lld,\"seconds\":%.9f,\"checksum\":", k->name, chunks * k->chunk, chunks, elapsed);
        } else {
            long long n = strtoll(arg, NULL, 10);
            k->reset(0);
            harness_done = 0;
            harness_do(k, n);
            printf("{\"test\":\"%s\",\"units\":%lld,\"checksum\":", k->name, n);
        }
        harness_checksum(k);
        printf("}\n");
        fflush(stdout);
    }
    return 0;
}

static int harness_main(const struct harness_kernel *k, int argc, char **argv) {
    int worker = argc > 1 && strcmp(argv[1], "worker") == 0;
    if (argc < 2 + worker) {
        fprintf(stderr, "usage: %s N [ITERATIONS]\n       %s worker N [START]\n", k->name, k->name);
        return 2;
    }
    harness_units = k->init(atoll(argv[1 + worker]));
    if (harness_units <= 0) return 2;
    if (worker) return harness_worker(k, argc > 3 ? atoll(argv[3]) : 0);
    int iterations = argc > 2 ? atoi(argv[2]) : 1;
    if (iterations < 1) iterations = 1;
    double *seconds = malloc(iterations * sizeof *seconds);
    char answer[256], first[256];
    for (int it = 0; it < iterations; it++) {
        double t0 = harness_now();
        k->reset(0);
        k->advance(harness_units);
        seconds[it] = harness_now() - t0;
        k->answer(answer, sizeof answer);
        if (it == 0) strcpy(first, answer);
        else if (strcmp(first, answer) != 0) {
            fprintf(stderr, "iteration %d gave a different answer\n", it);
            return 1;
        }
    }
    printf("%s\n", first);
    if (iterations > 1) {
        fprintf(stderr, "{\"iteration_seconds\":[");
        for (int it = 0; it < iterations; it++) fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
        fprintf(stderr, "]}\n");
    }
    free(seconds);
    return 0;
}

#endif
