/*
 * Ops suite, C: each operation is a plain loop of n iterations built with
 * gcc -O2. Every result is accumulated, and a compiler barrier
 * (KEEP: an empty asm that takes the value in a register and clobbers memory)
 * stops gcc from deleting, hoisting or folding the work. Timed with
 * clock_gettime(CLOCK_MONOTONIC).
 *
 *   bin/ops [SAMPLES]   one JSON line per operation (bench/README.md)
 *   bin/ops --check     assert mode: checksums equal the formulas, time scales
 *
 * Sizing works like Python's timeit.autorange: n = 1, 2, 5, 10, 20, 50, ...
 * until one run takes at least 0.1 s; then SAMPLES runs of that n.
 * C has no dictionary: map_lookup and map_insert use the small open-addressing
 * hash tables below (FNV-1a for strings, a multiplicative hash for integers).
 */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")

static const char *OPS[] = {"empty_loop", "call", "attribute", "map_lookup",
                            "map_insert", "alloc", "format", "record_logic"};
#define NOPS 8

/* ---------------------------------------------------------------- data */

struct obj { uint64_t a, b, c; };
struct rec { uint64_t a, b, c; };

struct record {
    int64_t id;
    const char *name;
    const char *description;
    const char *type;
    int64_t count;
    double created_at;
};

struct out {
    int64_t id;
    const char *name;
    char type[8];
    int64_t count;
    int64_t score;
    int64_t created_at;
};

struct obj the_obj = {1, 7, 3};
struct obj *obj = &the_obj;
static struct record records[1000];
static char keys[100][8];

/* string -> uint64 map, open addressing, 256 slots for 100 keys */
#define SMAP_SLOTS 256
static struct { const char *key; uint64_t value; } smap[SMAP_SLOTS];

static uint64_t fnv1a(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void smap_put(const char *key, uint64_t value) {
    size_t i = fnv1a(key) & (SMAP_SLOTS - 1);
    while (smap[i].key) i = (i + 1) & (SMAP_SLOTS - 1);
    smap[i].key = key;
    smap[i].value = value;
}

static uint64_t smap_get(const char *key) {
    size_t i = fnv1a(key) & (SMAP_SLOTS - 1);
    while (strcmp(smap[i].key, key) != 0) i = (i + 1) & (SMAP_SLOTS - 1);
    return smap[i].value;
}

/* uint64 -> uint64 map, open addressing, 2048 slots, at most 1024 entries */
#define IMAP_SLOTS 2048
struct imap {
    size_t len;
    unsigned char used[IMAP_SLOTS];
    uint64_t key[IMAP_SLOTS], value[IMAP_SLOTS];
};

static void imap_put(struct imap *m, uint64_t key, uint64_t value) {
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 53);
    while (m->used[i] && m->key[i] != key) i = (i + 1) & (IMAP_SLOTS - 1);
    if (!m->used[i]) {
        m->used[i] = 1;
        m->key[i] = key;
        m->len++;
    }
    m->value[i] = value;
}

static void imap_clear(struct imap *m) {
    memset(m->used, 0, sizeof m->used);
    m->len = 0;
}

static void setup(void) {
    for (int k = 0; k < 100; k++) {
        snprintf(keys[k], sizeof keys[k], "key%d", k);
        smap_put(keys[k], (uint64_t)k);
    }
    for (int i = 0; i < 1000; i++)
        records[i] = (struct record){i, "My name", "Some words on here so it looks full",
                                     "U", 33, 1569882498.9117897};
}

/* ------------------------------------------------------------ operations */

__attribute__((noipa)) uint64_t inc(uint64_t x) { return x + 1; }

static const char *ALLOWED_TYPES[] = {"U", "A", "M"};

/* Validates one record and fills *o; false when invalid. */
static bool transform(const struct record *r, struct out *o) {
    if (r->id < 0 || r->name[0] == '\0') return false;
    bool allowed = false;
    for (size_t k = 0; k < sizeof ALLOWED_TYPES / sizeof *ALLOWED_TYPES; k++)
        if (strcmp(r->type, ALLOWED_TYPES[k]) == 0) { allowed = true; break; }
    if (!allowed) return false;
    if (r->count < 0 || r->count > 1000) return false;
    o->id = r->id;
    o->name = r->name;
    size_t j = 0;
    for (; r->type[j] && j < sizeof o->type - 1; j++) o->type[j] = (char)toupper((unsigned char)r->type[j]);
    o->type[j] = '\0';
    o->count = r->count;
    o->score = r->count * 2 + r->id % 7;
    o->created_at = llround(r->created_at);
    return true;
}

static struct imap the_imap;

/* Runs op for n iterations; returns the accumulated checksum. */
static uint64_t run(const char *op, uint64_t n) {
    uint64_t acc = 0;
    if (!strcmp(op, "overhead")) {
        for (uint64_t i = 0; i < n; i++) KEEP(i);
    } else if (!strcmp(op, "empty_loop")) {
        for (uint64_t i = 0; i < n; i++) { KEEP(i); acc++; }
    } else if (!strcmp(op, "call")) {
        for (uint64_t i = 0; i < n; i++) { acc += inc(i); KEEP(acc); }
    } else if (!strcmp(op, "attribute")) {
        for (uint64_t i = 0; i < n; i++) { acc += obj->b; KEEP(acc); }
    } else if (!strcmp(op, "map_lookup")) {
        for (uint64_t i = 0; i < n; i++) {
            const char *key = keys[i % 100];
            KEEP(key);
            acc += smap_get(key);
        }
    } else if (!strcmp(op, "map_insert")) {
        struct imap *m = &the_imap;
        imap_clear(m);
        for (uint64_t i = 0; i < n; i++) {
            imap_put(m, i, i);
            if ((i & 1023) == 1023) { acc += m->len; imap_clear(m); }
            KEEP(m);
        }
    } else if (!strcmp(op, "alloc")) {
        for (uint64_t i = 0; i < n; i++) {
            struct rec *r = malloc(sizeof *r);
            if (!r) abort();
            r->a = i; r->b = 1; r->c = 2;
            KEEP(r);
            acc += r->a;
            free(r);
        }
    } else if (!strcmp(op, "format")) {
        char buf[32];
        for (uint64_t i = 0; i < n; i++) {
            int len = snprintf(buf, sizeof buf, "item-%llu", (unsigned long long)i);
            KEEP(buf);
            acc += (uint64_t)len;
        }
    } else if (!strcmp(op, "record_logic")) {
        struct out o;
        for (uint64_t i = 0; i < n; i++) {
            if (transform(&records[i % 1000], &o)) {
                KEEP(&o);
                acc += (uint64_t)o.score;
            }
        }
    } else {
        fprintf(stderr, "unknown op %s\n", op);
        exit(2);
    }
    KEEP(acc);
    return acc;
}

/* ------------------------------------------------------------- checksums */

static uint64_t sum_mod(uint64_t n, uint64_t period, uint64_t mod) {
    uint64_t full = 0, part = 0;
    for (uint64_t j = 0; j < period; j++) {
        full += j % mod;
        if (j < n % period) part += j % mod;
    }
    return n / period * full + part;
}

/* The checksum of one run of n iterations (bench/ops/README.md). */
static uint64_t expected(const char *op, uint64_t n) {
    if (!strcmp(op, "empty_loop")) return n;
    if (!strcmp(op, "call")) return n * (n + 1) / 2;
    if (!strcmp(op, "attribute")) return 7 * n;
    if (!strcmp(op, "map_lookup")) return sum_mod(n, 100, 100);
    if (!strcmp(op, "map_insert")) return 1024 * (n / 1024);
    if (!strcmp(op, "alloc")) return n ? n * (n - 1) / 2 : 0;
    if (!strcmp(op, "format")) {
        uint64_t digits = n ? 1 : 0; /* the number 0 */
        for (uint64_t lo = 1, d = 1; lo < n; lo *= 10, d++)
            digits += ((n < lo * 10 ? n : lo * 10) - lo) * d;
        return 5 * n + digits;
    }
    if (!strcmp(op, "record_logic")) return 66 * n + sum_mod(n, 1000, 7);
    fprintf(stderr, "unknown op %s\n", op);
    exit(2);
}

/* ---------------------------------------------------------------- timing */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double timed(const char *op, uint64_t n, uint64_t *sum) {
    double t0 = now();
    *sum = run(op, n);
    return now() - t0;
}

static uint64_t autorange(const char *op) {
    uint64_t sum;
    for (uint64_t n = 1;; n *= 10) {
        static const uint64_t mult[] = {1, 2, 5};
        for (int k = 0; k < 3; k++)
            if (timed(op, n * mult[k], &sum) >= 0.1) return n * mult[k];
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---------------------------------------------------------- assert mode */

static int check(void) {
    int passed = 0, failed = 0;
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) passed++;                                                     \
        else { failed++; fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); } \
    } while (0)
    static const uint64_t sizes[] = {0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 4099, 12345};
    for (int k = 0; k < NOPS; k++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            uint64_t n = sizes[s], brute = 0, len = 0;
            char buf[32];
            for (uint64_t i = 0; i < n; i++) { /* the obvious, slow way */
                const char *op = OPS[k];
                if (!strcmp(op, "empty_loop")) brute += 1;
                else if (!strcmp(op, "call")) brute += i + 1;
                else if (!strcmp(op, "attribute")) brute += 7;
                else if (!strcmp(op, "map_lookup")) brute += i % 100;
                else if (!strcmp(op, "map_insert")) { if (++len == 1024) { brute += 1024; len = 0; } }
                else if (!strcmp(op, "alloc")) brute += i;
                else if (!strcmp(op, "format")) brute += (uint64_t)sprintf(buf, "item-%llu", (unsigned long long)i);
                else if (!strcmp(op, "record_logic")) brute += 66 + (i % 1000) % 7;
            }
            CHECK(expected(OPS[k], n) == brute, "%s n=%llu: formula %llu, brute force %llu", OPS[k],
                  (unsigned long long)n, (unsigned long long)expected(OPS[k], n), (unsigned long long)brute);
            uint64_t got = run(OPS[k], n);
            CHECK(got == brute, "%s n=%llu: loop checksum %llu, want %llu", OPS[k], (unsigned long long)n,
                  (unsigned long long)got, (unsigned long long)brute);
        }
    }
    static const char *scaled[] = {"empty_loop", "call", "attribute", "record_logic"};
    for (int k = 0; k < 4; k++) {
        double small = 1e9, large = 1e9;
        uint64_t sum;
        for (int r = 0; r < 3; r++) {
            double a = timed(scaled[k], 1000000, &sum), b = timed(scaled[k], 10000000, &sum);
            if (a < small) small = a;
            if (b < large) large = b;
        }
        CHECK(large > 3 * small, "%s: 1e7 iterations took %.6f s, 1e6 took %.6f s", scaled[k], large, small);
    }
    printf("c-ops: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    setup();
    if (argc > 1 && !strcmp(argv[1], "--check")) return check();
    int samples = argc > 1 ? atoi(argv[1]) : 5;
    if (samples < 1) {
        fprintf(stderr, "usage: ops [SAMPLES] | ops --check\n");
        return 2;
    }
    double *ns = calloc((size_t)samples, sizeof *ns);
    double overhead = 0;
    for (int k = -1; k < NOPS; k++) {
        const char *op = k < 0 ? "overhead" : OPS[k];
        uint64_t n = autorange(op), sum = 0;
        for (int s = 0; s < samples; s++) {
            ns[s] = timed(op, n, &sum) * 1e9 / (double)n;
            if (k >= 0 && sum != expected(op, n)) {
                fprintf(stderr, "%s: checksum %llu != expected %llu for n=%llu\n", op,
                        (unsigned long long)sum, (unsigned long long)expected(op, n), (unsigned long long)n);
                return 1;
            }
        }
        if (k < 0) {
            qsort(ns, (size_t)samples, sizeof *ns, cmp_double);
            overhead = ns[samples / 2];
            continue;
        }
        printf("{\"op\":\"%s\",\"harness\":\"asm barrier loop\",\"iterations_per_sample\":%llu,\"samples_ns_per_op\":[",
               op, (unsigned long long)n);
        for (int s = 0; s < samples; s++) printf("%s%.3f", s ? "," : "", ns[s]);
        printf("],\"harness_overhead_ns_per_op\":%.3f,\"overhead_subtracted\":false,\"checksum\":\"%llu\"}\n",
               overhead, (unsigned long long)sum);
        fflush(stdout);
    }
    free(ns);
    return 0;
}
