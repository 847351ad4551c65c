/*
 * Ops suite, C: each operation is a plain loop of n iterations built with
 * gcc -O2, one function per operation. Every result is accumulated and the
 * accumulator goes through a compiler barrier each turn (OPAQUE: an empty asm
 * that may have changed it), so gcc can neither delete, fold nor vectorise the
 * work; what keeps each operation's own work in is said per operation below
 * and in bench/ops/README.md. Timed with clock_gettime(CLOCK_MONOTONIC).
 *
 *   bin/ops [SAMPLES]   one JSON line per operation (bench/README.md)
 *   bin/ops --check     assert mode: formulas, checksums, scaling, worker session
 *   bin/ops worker      long-lived worker: commands on stdin (bench/ops/README.md)
 *
 * Sizing in the SAMPLES mode works like Python's timeit.autorange: n = 1, 2,
 * 5, 10, 20, 50, ... until one run takes at least 0.1 s; then SAMPLES runs of
 * that n. In worker mode a chunk is sized the same way to take 5-20 ms.
 * C has no dictionary: map_lookup and map_insert use the small open-addressing
 * hash tables below (FNV-1a for strings, a multiplicative hash for integers).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* x is used, in a register, by code gcc cannot see (and memory may have changed). */
#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")
/* x may have been changed by code gcc cannot see: no closed form, no vectors. */
#define OPAQUE(x) __asm__ volatile("" : "+r"(x))

/* ---------------------------------------------------------------- data */

/* attribute: eight objects on the heap, fields set at run time (setup). */
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

static struct obj *objs[8];
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

static struct imap the_imap;

static void setup(void) {
    for (uint64_t k = 0; k < 8; k++) {
        objs[k] = malloc(sizeof *objs[k]);
        if (!objs[k]) abort();
        /* b = 8k + 1 (≡ 1 mod 8): see op_attribute */
        *objs[k] = (struct obj){k, 8 * k + 1, 3};
    }
    for (int k = 0; k < 100; k++) {
        snprintf(keys[k], sizeof keys[k], "key%d", k);
        smap_put(keys[k], (uint64_t)k);
    }
    for (int i = 0; i < 1000; i++)
        records[i] = (struct record){i, "My name", "Some words on here so it looks full",
                                     "U", 33, 1569882498.9117897};
}

/* ------------------------------------------------------------ operations */

/* noipa: not inlined, and gcc may not use what it knows of the body at the call. */
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

/* Each op runs n iterations (i = 0 … n − 1) and returns the checksum.
 * noinline: every loop is compiled on its own, as the other languages do. */
#define OP(name) __attribute__((noinline)) static uint64_t op_##name(uint64_t n)

OP(overhead) {
    for (uint64_t i = 0; i < n; i++) KEEP(i);
    return 0;
}

/* One add per turn, opaque to gcc: the loop itself, one dependent add a turn. */
OP(empty_loop) {
    uint64_t acc = 0;
    for (uint64_t i = 0; i < n; i++) { acc += 1; OPAQUE(acc); }
    return acc;
}

OP(call) {
    uint64_t acc = 0;
    for (uint64_t i = 0; i < n; i++) { acc += inc(i); OPAQUE(acc); }
    return acc;
}

/* The object is objs[acc & 7]: chosen by what the previous turn read, so no
 * load can be hoisted or started early. b ≡ 1 (mod 8), so turn i reads object
 * i & 7, and a wrong object gives a wrong checksum. */
OP(attribute) {
    uint64_t acc = 0;
    for (uint64_t i = 0; i < n; i++) acc += objs[acc & 7]->b;
    OPAQUE(acc);
    return acc;
}

OP(map_lookup) {
    uint64_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        const char *key = keys[i % 100];
        KEEP(key);
        acc += smap_get(key);
    }
    return acc;
}

OP(map_insert) {
    uint64_t acc = 0;
    struct imap *m = &the_imap;
    imap_clear(m);
    for (uint64_t i = 0; i < n; i++) {
        imap_put(m, i, i);
        if ((i & 1023) == 1023) { acc += m->len; imap_clear(m); }
        KEEP(m);
    }
    return acc;
}

OP(alloc) {
    uint64_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        struct rec *r = malloc(sizeof *r);
        if (!r) abort();
        r->a = i; r->b = 1; r->c = 2;
        KEEP(r);
        acc += r->a;
        free(r);
    }
    return acc;
}

OP(format) {
    uint64_t acc = 0;
    char buf[32];
    for (uint64_t i = 0; i < n; i++) {
        int len = snprintf(buf, sizeof buf, "item-%llu", (unsigned long long)i);
        KEEP(buf);
        acc += (uint64_t)len;
    }
    return acc;
}

OP(record_logic) {
    uint64_t acc = 0;
    struct out o;
    for (uint64_t i = 0; i < n; i++) {
        if (transform(&records[i % 1000], &o)) {
            KEEP(&o);
            acc += (uint64_t)o.score;
        }
    }
    return acc;
}

static const struct { const char *name; uint64_t (*loop)(uint64_t); } OPS[] = {
    {"empty_loop", op_empty_loop}, {"call", op_call},           {"attribute", op_attribute},
    {"map_lookup", op_map_lookup}, {"map_insert", op_map_insert}, {"alloc", op_alloc},
    {"format", op_format},         {"record_logic", op_record_logic},
};
#define NOPS (int)(sizeof OPS / sizeof *OPS)

static int op_index(const char *name) {
    for (int k = 0; k < NOPS; k++)
        if (!strcmp(OPS[k].name, name)) return k;
    return -1;
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
    if (!strcmp(op, "attribute")) return n + 8 * sum_mod(n, 8, 8);
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

static double timed(uint64_t (*loop)(uint64_t), uint64_t n, uint64_t *sum) {
    double t0 = now();
    *sum = loop(n);
    return now() - t0;
}

static uint64_t next125(uint64_t n) {
    uint64_t p = 1;
    while (p * 10 <= n) p *= 10;
    return n / p == 1 ? 2 * p : n / p == 2 ? 5 * p : 10 * p;
}

/* timeit.autorange: the first n of 1, 2, 5, 10, … whose run takes >= target. */
static uint64_t autorange(uint64_t (*loop)(uint64_t), double target) {
    uint64_t sum;
    for (uint64_t n = 1;; n = next125(n))
        if (timed(loop, n, &sum) >= target) return n;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---------------------------------------------------------------- worker */

#define CHUNK_MIN_SECONDS 0.005

/* n of one chunk: autorange to >= 5 ms, confirmed by a second chunk at that n. */
static uint64_t chunk_size(uint64_t (*loop)(uint64_t)) {
    uint64_t sum, n = 1;
    for (;;) {
        if (timed(loop, n, &sum) >= CHUNK_MIN_SECONDS && timed(loop, n, &sum) >= CHUNK_MIN_SECONDS) return n;
        n = next125(n);
    }
}

/* Parses a whole decimal number; false when s is not one. */
static bool parse_u64(const char *s, uint64_t *out) {
    if (!s || !isdigit((unsigned char)*s)) return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

/* The worker protocol of bench/ops/README.md: one JSON line per command. */
static int worker(FILE *in, FILE *out) {
    uint64_t chunk[NOPS] = {0};
    char line[256];
    fprintf(out, "{\"ready\":true,\"tests\":[");
    for (int k = 0; k < NOPS; k++) fprintf(out, "%s\"%s\"", k ? "," : "", OPS[k].name);
    fprintf(out, "]}\n");
    fflush(out);
    while (fgets(line, sizeof line, in)) {
        char *save = NULL, *cmd = strtok_r(line, " \t\r\n", &save);
        if (!cmd) continue;
        if (!strcmp(cmd, "quit")) return 0;
        char *op = strtok_r(NULL, " \t\r\n", &save), *arg = strtok_r(NULL, " \t\r\n", &save);
        char *extra = strtok_r(NULL, " \t\r\n", &save);
        int k = op ? op_index(op) : -1;
        bool is_run = !strcmp(cmd, "run"), is_count = !strcmp(cmd, "count");
        if (!is_run && !is_count) {
            fprintf(out, "{\"error\":\"unknown command (known: run OP SECONDS, count OP N, quit)\"}\n");
        } else if (k < 0) {
            fprintf(out, "{\"error\":\"unknown test (the ready line lists them)\"}\n");
        } else if (is_count) {
            uint64_t n, sum;
            if (!parse_u64(arg, &n) || extra) {
                fprintf(out, "{\"error\":\"count takes a test and a whole number of iterations\"}\n");
            } else if ((sum = OPS[k].loop(n)) != expected(op, n)) {
                fprintf(out, "{\"error\":\"%s: checksum %llu, expected %llu for n=%llu\"}\n", op,
                        (unsigned long long)sum, (unsigned long long)expected(op, n), (unsigned long long)n);
                fflush(out);
                return 1;
            } else {
                fprintf(out, "{\"test\":\"%s\",\"units\":%llu,\"checksum\":\"%llu\"}\n", op,
                        (unsigned long long)n, (unsigned long long)sum);
            }
        } else {
            char *end = NULL;
            double seconds = arg ? strtod(arg, &end) : NAN;
            if (!arg || *end || !(seconds >= 0) || extra) {
                fprintf(out, "{\"error\":\"run takes a test and a number of seconds\"}\n");
            } else {
                if (!chunk[k]) chunk[k] = chunk_size(OPS[k].loop);
                uint64_t n = chunk[k], want = expected(op, n), sum = 0, chunks = 0;
                double t0 = now(), t1;
                do {
                    sum = OPS[k].loop(n);
                    t1 = now();
                    chunks++;
                    if (sum != want) {
                        fprintf(out, "{\"error\":\"%s: chunk %llu gave checksum %llu, expected %llu for n=%llu\"}\n", op,
                                (unsigned long long)chunks, (unsigned long long)sum, (unsigned long long)want,
                                (unsigned long long)n);
                        fflush(out);
                        return 1;
                    }
                } while (t1 - t0 < seconds);
                fprintf(out, "{\"test\":\"%s\",\"units\":%llu,\"chunks\":%llu,\"seconds\":%.9f,\"checksum\":\"%llu\"}\n",
                        op, (unsigned long long)(n * chunks), (unsigned long long)chunks, t1 - t0,
                        (unsigned long long)sum);
            }
        }
        fflush(out);
    }
    return 0;
}

/* ---------------------------------------------------------- assert mode */

static int passed = 0, failed = 0;
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) passed++;                                                     \
        else { failed++; fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); } \
    } while (0)

/* The checksum the obvious, slow way (checks the formulas). */
static uint64_t brute(const char *op, uint64_t n) {
    uint64_t acc = 0, len = 0;
    char buf[32];
    for (uint64_t i = 0; i < n; i++) {
        if (!strcmp(op, "empty_loop")) acc += 1;
        else if (!strcmp(op, "call")) acc += i + 1;
        else if (!strcmp(op, "attribute")) acc += 8 * (i % 8) + 1;
        else if (!strcmp(op, "map_lookup")) acc += i % 100;
        else if (!strcmp(op, "map_insert")) { if (++len == 1024) { acc += 1024; len = 0; } }
        else if (!strcmp(op, "alloc")) acc += i;
        else if (!strcmp(op, "format")) acc += (uint64_t)sprintf(buf, "item-%llu", (unsigned long long)i);
        else if (!strcmp(op, "record_logic")) acc += 66 + (i % 1000) % 7;
    }
    return acc;
}

/* Reads one line of the child's answers; "" at end of file. */
static const char *answer(FILE *f) {
    static char buf[512];
    if (!fgets(buf, sizeof buf, f)) buf[0] = '\0';
    return buf;
}

/* A scripted session with `ops worker` in a child process, over pipes. */
static void check_worker_session(const char *self) {
    int to[2], from[2];
    if (pipe(to) || pipe(from)) { CHECK(0, "pipe: %s", strerror(errno)); return; }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[1]);
        close(from[0]);
        execl(self, self, "worker", (char *)NULL);
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    FILE *cmd = fdopen(to[1], "w"), *ans = fdopen(from[0], "r");
    const char *ready = answer(ans);
    CHECK(strstr(ready, "{\"ready\":true,\"tests\":[\"empty_loop\",\"call\",\"attribute\"") == ready &&
              strstr(ready, "\"record_logic\"]}"),
          "worker ready line: %s", ready);
    char want[128];
    fprintf(cmd, "count attribute 1000\n");
    fflush(cmd);
    snprintf(want, sizeof want, "{\"test\":\"attribute\",\"units\":1000,\"checksum\":\"%llu\"}\n",
             (unsigned long long)brute("attribute", 1000));
    const char *got = answer(ans);
    CHECK(!strcmp(got, want), "worker count answer: %s, want %s", got, want);
    fprintf(cmd, "run call 0.05\n");
    fflush(cmd);
    got = answer(ans);
    unsigned long long units = 0, chunks = 0, sum = 0;
    double secs = 0;
    int fields = sscanf(got, "{\"test\":\"call\",\"units\":%llu,\"chunks\":%llu,\"seconds\":%lf,\"checksum\":\"%llu\"}",
                        &units, &chunks, &secs, &sum);
    CHECK(fields == 4 && chunks >= 1 && units % chunks == 0 && secs >= 0.05 && sum == brute("call", units / chunks),
          "worker run answer: %s", got);
    fprintf(cmd, "count teleport 5\n");
    fflush(cmd);
    got = answer(ans);
    CHECK(strstr(got, "{\"error\":") == got, "worker answer to an unknown test: %s", got);
    fprintf(cmd, "quit\n");
    fflush(cmd);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "worker exit status %d after quit", status);
    fclose(cmd);
    fclose(ans);
}

static int check(const char *self) {
    static const uint64_t sizes[] = {0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 4099, 12345};
    for (int k = 0; k < NOPS; k++) {
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            uint64_t n = sizes[s], want = brute(OPS[k].name, n);
            CHECK(expected(OPS[k].name, n) == want, "%s n=%llu: formula %llu, brute force %llu", OPS[k].name,
                  (unsigned long long)n, (unsigned long long)expected(OPS[k].name, n), (unsigned long long)want);
            uint64_t got = OPS[k].loop(n);
            CHECK(got == want, "%s n=%llu: loop checksum %llu, want %llu", OPS[k].name, (unsigned long long)n,
                  (unsigned long long)got, (unsigned long long)want);
        }
    }
    for (int k = 0; k < NOPS; k++) {
        if (strcmp(OPS[k].name, "empty_loop") && strcmp(OPS[k].name, "call") && strcmp(OPS[k].name, "attribute") &&
            strcmp(OPS[k].name, "record_logic"))
            continue;
        double small = 1e9, large = 1e9;
        uint64_t sum;
        for (int r = 0; r < 3; r++) {
            double a = timed(OPS[k].loop, 1000000, &sum), b = timed(OPS[k].loop, 10000000, &sum);
            if (a < small) small = a;
            if (b < large) large = b;
        }
        CHECK(large > 3 * small, "%s: 1e7 iterations took %.6f s, 1e6 took %.6f s", OPS[k].name, large, small);
    }
    check_worker_session(self);
    printf("c-ops: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    setup();
    if (argc > 1 && !strcmp(argv[1], "--check")) return check(argc > 2 ? argv[2] : "/proc/self/exe");
    if (argc > 1 && !strcmp(argv[1], "worker")) return worker(stdin, stdout);
    int samples = argc > 1 ? atoi(argv[1]) : 5;
    if (samples < 1) {
        fprintf(stderr, "usage: ops [SAMPLES] | ops --check | ops worker\n");
        return 2;
    }
    double *ns = calloc((size_t)samples, sizeof *ns);
    double overhead = 0;
    for (int k = -1; k < NOPS; k++) {
        const char *op = k < 0 ? "overhead" : OPS[k].name;
        uint64_t (*loop)(uint64_t) = k < 0 ? op_overhead : OPS[k].loop;
        uint64_t n = autorange(loop, 0.1), sum = 0;
        for (int s = 0; s < samples; s++) {
            ns[s] = timed(loop, n, &sum) * 1e9 / (double)n;
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
