/* fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
   rotating prefixes), count the prefix reversals ("pancake flips") until 0
   comes first; report the maximum and an alternating-sign checksum.

   The permutations and flips are the other languages' one by one; what is
   different is that a permutation is a 16-byte vector, so that a flip and a
   rotation are each one byte shuffle through a precomputed mask, as in the
   Benchmarks Game's faster programs (GCC's portable vector extension and
   __builtin_shuffle; no intrinsics). */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#define MAX_N 16
typedef unsigned char perm_t __attribute__((vector_size(MAX_N)));

/* flip[k] reverses bytes 0..k; rotate[r] rotates bytes 0..r left by one */
static perm_t flip[MAX_N], rotate[MAX_N];

static void make_masks(void) {
    for (int k = 0; k < MAX_N; k++)
        for (int b = 0; b < MAX_N; b++) {
            flip[k][b] = b <= k ? k - b : b;
            rotate[k][b] = b < k ? b + 1 : b == k ? 0 : b;
        }
}

struct result {
    int checksum;
    int max_flips;
};

static struct result fannkuch(int n) {
    perm_t perm1; /* the current permutation */
    for (int b = 0; b < MAX_N; b++) perm1[b] = b;
    int count[MAX_N];
    struct result res = {0, 0};
    long long perm_index = 0;
    int r = n;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }

        perm_t perm = perm1; /* a copy that gets flipped */
        int flips = 0;
        for (int k; (k = perm[0]) != 0; flips++) perm = __builtin_shuffle(perm, flip[k]);
        if (flips > res.max_flips) res.max_flips = flips;
        res.checksum += perm_index % 2 == 0 ? flips : -flips;

        /* next permutation: rotate the first r+1 elements left by one, carrying like an odometer */
        for (;;) {
            if (r == n) return res;
            perm1 = __builtin_shuffle(perm1, rotate[r]);
            count[r]--;
            if (count[r] > 0) break;
            r++;
        }
        perm_index++;
    }
}

int main(int argc, char **argv) {
    long long n_arg;
    int iterations;
    if (harness_args(argc, argv, "fannkuch", &n_arg, &iterations)) return 2;
    if (n_arg < 1 || n_arg > MAX_N) {
        fprintf(stderr, "fannkuch: N must be between 1 and %d (one byte per element in a 16-byte vector), got %lld\n", MAX_N, n_arg);
        return 2;
    }
    int n = (int)n_arg;
    make_masks();
    double *seconds = malloc(iterations * sizeof *seconds);
    struct result result = {0, 0};
    for (int it = 0; it < iterations; it++) {
        double t0 = harness_now();
        struct result r = fannkuch(n);
        seconds[it] = harness_now() - t0;
        if (it > 0 && (r.checksum != result.checksum || r.max_flips != result.max_flips)) return harness_mismatch(it);
        result = r;
    }
    printf("%d\nPfannkuchen(%d) = %d\n", result.checksum, n, result.max_flips);
    harness_report(seconds, iterations);
    free(seconds);
    return 0;
}
