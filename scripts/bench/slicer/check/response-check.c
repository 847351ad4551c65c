/*
 * Reads a byte stream as the responses of one keep-alive connection, the way
 * the slicer does (response.c over picohttpparser), and lists what it found.
 *
 * As a program (tests/unit/bench/slicer-parser.test.ts):
 *   cc -O1 -o response-check check/response-check.c response.c vendor/picohttpparser/picohttpparser.c
 *   response-check [CUT,CUT,...] < stream
 * feeds the stream in reads cut at the given offsets and prints one line per event:
 *   response STATUS BYTES keep-alive|close   a complete response and its size on the wire
 *   error REASON                             a malformed response; the connection would be dropped
 *   partial BYTES                            the stream ended inside a response
 *   after-close BYTES                        bytes after a response that closes the connection
 *
 * As a libFuzzer target (check/README.md): built with -DFUZZ, it parses each
 * input whole, cut at offsets drawn from its first bytes, and one byte per
 * read, and aborts unless all three find the same responses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../response.h"

enum { EV_RESPONSE, EV_ERROR, EV_PARTIAL, EV_AFTER_CLOSE };

typedef struct {
  int kind, status;
  uint64_t bytes;
  bool keep_alive;
  const char *reason;
} event_t;

typedef struct {
  event_t *v;
  size_t n, cap;
} events_t;

static void push(events_t *e, event_t ev) {
  if (e->n == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 16;
    e->v = realloc(e->v, e->cap * sizeof *e->v);
    if (!e->v) {
      fputs("response-check: out of memory\n", stderr);
      exit(2);
    }
  }
  e->v[e->n++] = ev;
}

/* Parses data[0, n) delivered in reads that end at cuts[] (ascending, each < n) and at n. */
static events_t parse_stream(const char *data, size_t n, const size_t *cuts, size_t ncuts) {
  events_t ev = {0};
  resp_t r;
  memset(&r, 0, sizeof r);
  resp_start(&r);
  char *buf = malloc(n ? n : 1);
  if (!buf) exit(2);
  bool closed = false, failed = false;
  uint64_t bytes = 0, after = 0;
  size_t from = 0;
  for (size_t k = 0; k <= ncuts && !failed; k++) {
    size_t to = k < ncuts ? cuts[k] : n;
    if (to < from) continue;
    size_t len = to - from, off = 0;
    memcpy(buf, data + from, len); /* the parser may rewrite what it reads, as it does the slicer's read buffer */
    from = to;
    while (off < len) {
      if (closed) {
        after += len - off;
        break;
      }
      size_t used = resp_feed(&r, buf + off, len - off);
      bytes += used;
      off += used;
      if (r.state == R_ERROR) {
        push(&ev, (event_t){EV_ERROR, 0, 0, false, r.error});
        failed = true;
        break;
      }
      if (r.state == R_DONE) {
        push(&ev, (event_t){EV_RESPONSE, r.status, bytes, r.keep_alive, NULL});
        bytes = 0;
        if (r.keep_alive) resp_start(&r);
        else closed = true;
      } else if (used == 0) {
        fputs("response-check: the parser made no progress\n", stderr);
        abort();
      }
    }
  }
  if (!failed && !closed) {
    if (resp_closed(&r)) push(&ev, (event_t){EV_RESPONSE, r.status, bytes, false, NULL});
    else if (bytes > 0) push(&ev, (event_t){EV_PARTIAL, 0, bytes, false, NULL});
  }
  if (after > 0) push(&ev, (event_t){EV_AFTER_CLOSE, 0, after, false, NULL});
  resp_free(&r);
  free(buf);
  return ev;
}

#ifdef FUZZ

/* Same events; an error's reason may differ with the cuts (a head both malformed and too long), its place may not. */
static bool same(const events_t *a, const events_t *b) {
  if (a->n != b->n) return false;
  for (size_t i = 0; i < a->n; i++) {
    const event_t *x = &a->v[i], *y = &b->v[i];
    if (x->kind != y->kind || x->status != y->status || x->bytes != y->bytes || x->keep_alive != y->keep_alive) return false;
  }
  return true;
}

static void print(const char *title, const events_t *e) {
  fprintf(stderr, "  %s:\n", title);
  for (size_t i = 0; i < e->n; i++)
    fprintf(stderr, "    kind %d status %d bytes %llu keep-alive %d %s\n", e->v[i].kind, e->v[i].status, (unsigned long long)e->v[i].bytes,
            e->v[i].keep_alive, e->v[i].reason ? e->v[i].reason : "");
}

static void check(const char *what, const events_t *whole, const events_t *cut, size_t n) {
  if (same(whole, cut)) return;
  fprintf(stderr, "response-check: %s gives other events than the whole input (%zu bytes)\n", what, n);
  print("whole", whole);
  print(what, cut);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  /* The first two bytes choose the cuts; the rest is the stream. */
  uint32_t seed = (uint32_t)data[0] << 8 | data[1];
  const char *s = (const char *)data + 2;
  size_t n = size - 2;
  events_t whole = parse_stream(s, n, NULL, 0);
  /* Every byte accounted for: responses, a partial one, bytes after a close; or an error ends the stream. */
  uint64_t total = 0;
  bool failed = false;
  for (size_t i = 0; i < whole.n; i++) {
    total += whole.v[i].bytes;
    failed |= whole.v[i].kind == EV_ERROR;
  }
  if (!failed && total != n) {
    fprintf(stderr, "response-check: %llu of %zu bytes accounted for\n", (unsigned long long)total, n);
    abort();
  }
  size_t cuts[32], ncuts = 0, at = 0;
  uint32_t x = seed * 2654435761u + 1;
  while (ncuts < 32 && n > 0) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    at += 1 + x % (seed & 1 ? 7 : 97); /* short and longer reads */
    if (at >= n) break;
    cuts[ncuts++] = at;
  }
  events_t cut = parse_stream(s, n, cuts, ncuts);
  check("cutting it", &whole, &cut, n);
  free(cut.v);
  if (n <= 4096) {
    size_t *every = malloc((n ? n : 1) * sizeof *every);
    if (!every) return 0;
    for (size_t i = 0; i + 1 < n; i++) every[i] = i + 1;
    events_t bytewise = parse_stream(s, n, every, n ? n - 1 : 0);
    check("one byte per read", &whole, &bytewise, n);
    free(bytewise.v);
    free(every);
  }
  free(whole.v);
  return 0;
}

#else

int main(int argc, char **argv) {
  size_t cap = 1 << 16, n = 0;
  char *data = malloc(cap);
  for (size_t got; data && (got = fread(data + n, 1, cap - n, stdin)) > 0;) {
    n += got;
    if (n == cap) data = realloc(data, cap *= 2);
  }
  if (!data || ferror(stdin)) {
    fputs("response-check: cannot read stdin\n", stderr);
    return 2;
  }
  size_t cuts[4096], ncuts = 0;
  for (char *p = argc > 1 ? argv[1] : NULL; p && *p && ncuts < 4096;) {
    char *end;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || v == 0 || v >= n || (ncuts && v <= cuts[ncuts - 1])) {
      fprintf(stderr, "response-check: cuts '%s' must be ascending offsets inside the %zu-byte stream\n", argv[1], n);
      return 2;
    }
    cuts[ncuts++] = v;
    p = *end == ',' ? end + 1 : end;
  }
  events_t ev = parse_stream(data, n, cuts, ncuts);
  for (size_t i = 0; i < ev.n; i++) {
    const event_t *e = &ev.v[i];
    switch (e->kind) {
    case EV_RESPONSE: printf("response %d %llu %s\n", e->status, (unsigned long long)e->bytes, e->keep_alive ? "keep-alive" : "close"); break;
    case EV_ERROR: printf("error %s\n", e->reason); break;
    case EV_PARTIAL: printf("partial %llu\n", (unsigned long long)e->bytes); break;
    default: printf("after-close %llu\n", (unsigned long long)e->bytes); break;
    }
  }
  return 0;
}

#endif
