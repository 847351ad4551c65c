/* The loop of bench/README.md, n iterations: two arithmetic operations and an if. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

static int64_t acc, next_i; /* the accumulator, and the next iteration's i */

static long long loop_init(long long n) {
    return n; /* one unit = one iteration */
}

static void loop_reset(long long start) {
    (void)start; /* every iteration costs the same */
    acc = 0;
    next_i = 0;
}

static void loop_advance(long long units) {
    int64_t a = acc, end = next_i + units;
    for (int64_t i = next_i; i < end; i++) {
        a = (a * 31 + i) % 1000003;
        if (a % 2 == 0) a += 1;
    }
    acc = a;
    next_i = end;
}

static void loop_answer(char *buf, size_t size) {
    snprintf(buf, size, "%lld", (long long)acc);
}

static const struct harness_kernel kernel = {"loop", 100000, loop_init, loop_reset, loop_advance, loop_answer};

int main(int argc, char **argv) {
    return harness_main(&kernel, argc, argv);
}
