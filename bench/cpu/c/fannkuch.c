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

/* One unit = one permutation. The generator's state persists between units;
   reset(START) jumps to permutation START (its digits in the factorial number
   system say how far each prefix has been rotated), since permutations cost
   unequal numbers of flips and a worker starts at a random one. */
static int n;
static perm_t perm1; /* the current permutation */
static int count[MAX_N];
static int r;
static long long perm_index;
static int checksum, max_flips;

static long long fannkuch_init(long long size) {
    if (size < 1 || size > MAX_N) {
        fprintf(stderr, "fannkuch: N must be between 1 and %d (one byte per element in a 16-byte vector), got %lld\n", MAX_N, size);
        return 0;
    }
    n = (int)size;
    make_masks();
    long long units = 1;
    for (int i = 2; i <= n; i++) units *= i;
    return units;
}

static void fannkuch_reset(long long start) {
    for (int b = 0; b < MAX_N; b++) perm1[b] = b;
    r = n;
    perm_index = start;
    checksum = max_flips = 0;
    if (start == 0) return;
    long long fact = 1;
    for (int i = 2; i < n; i++) fact *= i;
    for (int i = n - 1; i > 0; i--) { /* fact = i! */
        int d = (int)(start / fact);
        start %= fact;
        for (int k = 0; k < d; k++) perm1 = __builtin_shuffle(perm1, rotate[i]);
        count[i] = i + 1 - d;
        fact /= i;
    }
    r = 1;
}

static void fannkuch_advance(long long units) {
    for (long long u = 0; u < units; u++) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        perm_t perm = perm1; /* a copy that gets flipped */
        int flips = 0;
        for (int k; (k = perm[0]) != 0; flips++) perm = __builtin_shuffle(perm, flip[k]);
        if (flips > max_flips) max_flips = flips;
        checksum += perm_index % 2 == 0 ? flips : -flips;
        /* next permutation: rotate the first r+1 elements left by one, carrying like an odometer */
        for (;;) {
            if (r == n) break; /* that was the last one */
            perm1 = __builtin_shuffle(perm1, rotate[r]);
            count[r]--;
            if (count[r] > 0) break;
            r++;
        }
        perm_index++;
    }
}

static void fannkuch_answer(char *buf, size_t size) {
    snprintf(buf, size, "%d\nPfannkuchen(%d) = %d", checksum, n, max_flips);
}

static const struct harness_kernel kernel = {"fannkuch", 5040, fannkuch_init, fannkuch_reset, fannkuch_advance, fannkuch_answer};

int main(int argc, char **argv) {
    return harness_main(&kernel, argc, argv);
}
