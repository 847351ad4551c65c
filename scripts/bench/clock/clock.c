/*
 * Effective clock of the CPU this process runs on, in MHz: a chain of
 * dependent one-cycle integer adds, timed. Under a hypervisor /proc/cpuinfo
 * reports the nominal clock (2,596 MHz on the machine of the 1 December
 * runs), while the core runs at 3.5–4.1 GHz; cycles per operation computed
 * at the nominal clock make a real one-cycle loop look like less than one
 * cycle. Prints the fastest of several short repetitions spread over a few
 * seconds (the host's slow phases last seconds), so a slow phase lowers
 * nothing: cycles computed from it are an upper bound.
 *
 *   clock [REPETITIONS [GAP_MS]]   prints {"mhz":N,"repetitions":R,"adds":A,"gap_ms":G}
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define ADD1 "add $1, %0\n\t"
#elif defined(__aarch64__)
#define ADD1 "add %0, %0, #1\n\t"
#else
#error "clock.c knows x86 and aarch64 adds only"
#endif
#define ADD8 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1 ADD1

static double now(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
        perror("clock_gettime");
        exit(1);
    }
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 20;
    int gap_ms = argc > 2 ? atoi(argv[2]) : 0;
    if (reps < 1 || reps > 1000 || gap_ms < 0 || gap_ms > 1000) {
        fprintf(stderr, "usage: clock [REPETITIONS 1..1000 [GAP_MS 0..1000]]\n");
        return 2;
    }
    const struct timespec gap = {gap_ms / 1000, (long)(gap_ms % 1000) * 1000000L};
    /* 64 dependent adds per turn: the loop's own counter and branch run beside the chain. */
    const uint64_t turns = 500000, adds = turns * 64;
    double best = 1e9;
    uint64_t x = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (uint64_t i = 0; i < turns; i++) __asm__ volatile(ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 ADD8 : "+r"(x));
        double t = now() - t0;
        if (t < best) best = t;
        if (gap_ms > 0 && nanosleep(&gap, NULL) != 0) {
            perror("nanosleep");
            return 1;
        }
    }
    if (x != adds * (uint64_t)reps) {
        fprintf(stderr, "the add chain gave %llu, expected %llu\n", (unsigned long long)x, (unsigned long long)(adds * (uint64_t)reps));
        return 1;
    }
    printf("{\"mhz\":%.1f,\"repetitions\":%d,\"adds\":%llu,\"gap_ms\":%d}\n", (double)adds / best / 1e6, reps, (unsigned long long)adds, gap_ms);
    return 0;
}
