/* fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
   rotating prefixes), count the prefix reversals ("pancake flips") until 0
   comes first; report the maximum and an alternating-sign checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct result {
    int checksum;
    int max_flips;
};

static struct result fannkuch(int n) {
    int *perm1 = malloc(n * sizeof *perm1); /* the current permutation */
    int *perm = malloc(n * sizeof *perm);   /* a copy that gets flipped */
    int *count = malloc(n * sizeof *count);
    for (int i = 0; i < n; i++) perm1[i] = i;
    struct result res = {0, 0};
    int perm_index = 0;
    int r = n;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }

        memcpy(perm, perm1, n * sizeof *perm);
        int flips = 0;
        int k;
        while ((k = perm[0]) != 0) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            flips++;
        }
        if (flips > res.max_flips) res.max_flips = flips;
        res.checksum += perm_index % 2 == 0 ? flips : -flips;

        /* next permutation: rotate the first r+1 elements left by one, carrying like an odometer */
        for (;;) {
            if (r == n) {
                free(perm1);
                free(perm);
                free(count);
                return res;
            }
            int first = perm1[0];
            for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = first;
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
    int n = (int)n_arg;
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
