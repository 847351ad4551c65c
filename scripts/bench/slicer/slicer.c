/*
 * slicer: an HTTP/1.1 load generator that holds keep-alive connections to
 * several servers and loads exactly one of them at a time, in a given order of
 * short slices, reporting every slice as JSON. Connections are opened once,
 * before any slice's clock starts, so short alternating slices measure the
 * servers and not connection setup (see README.md next to this file).
 *
 * Build: cc -O2 -pthread -o slicer slicer.c      (C11, Linux epoll, libc only)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_BUF (64 * 1024) /* one per thread: the parser keeps state, never bytes */
#define LINE_CAP 128         /* longest header line kept; longer ones are truncated */
#define SCAN_MS 10           /* how often timeouts are checked */
#define MAX_EVENTS 256
#define MS_NS 1000000ull

/* ---------------------------------------------------------------- errors */

enum { E_CONNECT, E_READ, E_WRITE, E_STATUS, E_TIMEOUT, E_COUNT };
static const char *const ERROR_NAMES[E_COUNT] = {"connect", "read", "write", "status", "timeout"};

/* ------------------------------------------------- HTTP response parser */

/*
 * A pure streaming parser: parse() consumes bytes of one response and keeps
 * only what it needs in the state (the current line, truncated, and counters),
 * so bodies of any size are counted, never stored.
 */
enum pstate {
  P_HEAD,        /* status line and header lines */
  P_BODY,        /* Content-Length body: `remaining` bytes left */
  P_UNTIL_CLOSE, /* neither length nor chunked: the body ends at close */
  P_CHUNK_SIZE,  /* a chunk-size line (hex, optional ;extensions) */
  P_CHUNK_DATA,  /* chunk data: `remaining` bytes left */
  P_CHUNK_END,   /* the CRLF after chunk data */
  P_TRAILER,     /* trailer lines after the last chunk, until an empty line */
  P_DONE,
  P_ERROR
};

typedef struct {
  uint8_t state;
  bool seen_status, chunked, has_length, close;
  int status;
  uint64_t remaining;
  uint32_t line_len; /* bytes of the current line stored in line[] */
  char line[LINE_CAP];
} parser_t;

static void parser_reset(parser_t *p) {
  p->state = P_HEAD;
  p->seen_status = p->chunked = p->has_length = p->close = false;
  p->status = 0;
  p->remaining = 0;
  p->line_len = 0;
}

static bool contains_ci(const char *s, size_t n, const char *word) {
  size_t k = strlen(word);
  for (size_t i = 0; i + k <= n; i++)
    if (strncasecmp(s + i, word, k) == 0) return true;
  return false;
}

/* "Name: value" with a case-insensitive name: sets the trimmed value. */
static bool header_is(const char *s, size_t n, const char *name, const char **val, size_t *vlen) {
  size_t k = strlen(name);
  if (n <= k || s[k] != ':' || strncasecmp(s, name, k) != 0) return false;
  const char *v = s + k + 1, *e = s + n;
  while (v < e && (*v == ' ' || *v == '\t')) v++;
  while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
  *val = v;
  *vlen = (size_t)(e - v);
  return true;
}

static bool parse_status(const char *s, size_t n, int *status) {
  if (n < 12 || memcmp(s, "HTTP/", 5) != 0) return false; /* "HTTP/1.1 200" */
  const char *sp = memchr(s, ' ', n);
  if (!sp || (size_t)(sp - s) + 4 > n) return false;
  int v = 0;
  for (int i = 1; i <= 3; i++) {
    if (sp[i] < '0' || sp[i] > '9') return false;
    v = v * 10 + (sp[i] - '0');
  }
  *status = v;
  return true;
}

static void header_line(parser_t *p, const char *s, size_t n) {
  const char *v;
  size_t vn;
  if (header_is(s, n, "content-length", &v, &vn)) {
    uint64_t len = 0;
    if (vn == 0 || vn > 18) { p->state = P_ERROR; return; }
    for (size_t i = 0; i < vn; i++) {
      if (v[i] < '0' || v[i] > '9') { p->state = P_ERROR; return; }
      len = len * 10 + (uint64_t)(v[i] - '0');
    }
    p->has_length = true;
    p->remaining = len;
  } else if (header_is(s, n, "transfer-encoding", &v, &vn)) {
    p->chunked = contains_ci(v, vn, "chunked");
  } else if (header_is(s, n, "connection", &v, &vn)) {
    p->close = contains_ci(v, vn, "close");
  }
}

static void headers_done(parser_t *p) {
  if (p->status >= 100 && p->status < 200) { /* interim response: another head follows */
    bool close = p->close;
    parser_reset(p);
    p->close = close;
  } else if (p->status == 204 || p->status == 304) {
    p->state = P_DONE;
  } else if (p->chunked) {
    p->state = P_CHUNK_SIZE; /* chunked wins over Content-Length (RFC 9112 6.3) */
  } else if (p->has_length) {
    p->state = p->remaining ? P_BODY : P_DONE;
  } else {
    p->state = P_UNTIL_CLOSE;
  }
}

static void chunk_size_line(parser_t *p, const char *s, size_t n) {
  uint64_t size = 0;
  size_t i = 0;
  for (; i < n; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) break; /* ';' starts extensions, which are skipped */
    if (i >= 15) { p->state = P_ERROR; return; }
    size = size * 16 + (uint64_t)d;
  }
  if (i == 0) { p->state = P_ERROR; return; }
  if (size == 0) {
    p->state = P_TRAILER;
  } else {
    p->state = P_CHUNK_DATA;
    p->remaining = size;
  }
}

/* A complete line (without its "\n") is in p->line: act on it by state. */
static void line_done(parser_t *p) {
  size_t n = p->line_len;
  const char *s = p->line;
  if (n && s[n - 1] == '\r') n--;
  switch (p->state) {
  case P_HEAD:
    if (!p->seen_status) {
      if (parse_status(s, n, &p->status)) p->seen_status = true;
      else p->state = P_ERROR;
    } else if (n == 0) {
      headers_done(p);
    } else {
      header_line(p, s, n);
    }
    break;
  case P_CHUNK_SIZE: chunk_size_line(p, s, n); break;
  case P_CHUNK_END: p->state = n == 0 ? P_CHUNK_SIZE : P_ERROR; break;
  case P_TRAILER:
    if (n == 0) p->state = P_DONE;
    break;
  default: break;
  }
}

/*
 * Feeds n bytes of the response. Returns how many belong to it: all of them,
 * unless the response completes (P_DONE) or is malformed (P_ERROR) earlier.
 */
static size_t parse(parser_t *p, const char *b, size_t n) {
  size_t i = 0;
  while (i < n && p->state != P_DONE && p->state != P_ERROR) {
    switch (p->state) {
    case P_BODY:
    case P_CHUNK_DATA: {
      uint64_t k = n - i;
      if (k > p->remaining) k = p->remaining;
      i += k;
      p->remaining -= k;
      if (p->remaining == 0) p->state = p->state == P_BODY ? P_DONE : P_CHUNK_END;
      break;
    }
    case P_UNTIL_CLOSE: i = n; break;
    default: { /* line states: collect up to "\n" */
      const char *nl = memchr(b + i, '\n', n - i);
      size_t end = nl ? (size_t)(nl - b) : n, take = end - i;
      if (take > LINE_CAP - p->line_len) take = LINE_CAP - p->line_len;
      memcpy(p->line + p->line_len, b + i, take);
      p->line_len += (uint32_t)take;
      i = end;
      if (nl) {
        i++;
        line_done(p);
        p->line_len = 0;
      }
    }
    }
  }
  return i;
}

/* ------------------------------------------------------------ settings */

typedef struct {
  const char *spec; /* as given, for messages */
  struct sockaddr_in addr;
  int conns;
  uint64_t ramp_ns;  /* load before the window opens, so the queue is full when the clock starts */
  uint64_t slice_ns; /* this target's window, or 0 for --slice-ms */
  char *req;
  size_t req_len;
} target_t;

static struct {
  const char *out;
  uint64_t slice_ns, timeout_ns;
  int nthreads;
  target_t *targets;
  int ntargets;
  int *order;
  int norder;
} cfg;

static void arg_error(const char *fmt, ...) {
  va_list ap;
  fputs("slicer: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(2);
}

/* A whole decimal number in [min, max], or false. */
static bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out) {
  if (!*s) return false;
  unsigned long v = 0;
  for (const char *c = s; *c; c++) {
    if (*c < '0' || *c > '9') return false;
    if (v > (max - (unsigned long)(*c - '0')) / 10) return false;
    v = v * 10 + (unsigned long)(*c - '0');
  }
  if (v < min) return false;
  *out = v;
  return true;
}

/* Copies the digits of spec[from, to) into buf (bounded) for parse_uint. */
static void field(const char *from, const char *to, char *buf, size_t size) {
  size_t n = (size_t)(to - from);
  if (n >= size) n = size - 1;
  memcpy(buf, from, n);
  buf[n] = 0;
}

/* HOST:PORT/PATH@CONNECTIONS[~RAMP_MS][+SLICE_MS], HOST an IPv4 literal; builds wrk's default request. */
static void parse_target(const char *spec, target_t *t) {
  const char *at = strrchr(spec, '@'), *slash = strchr(spec, '/');
  const char *example = "e.g. 127.0.0.1:8080/json@256";
  if (!at || !slash || slash > at)
    arg_error("target '%s': expected HOST:PORT/PATH@CONNECTIONS, %s", spec, example);
  unsigned long conns, port, ramp = 0, slice = 0;
  char num[16];
  const char *end = at + strlen(at);
  const char *plus = strchr(at, '+');
  const char *tilde = strchr(at, '~');
  if (plus && tilde && plus < tilde)
    arg_error("target '%s': give ~RAMP_MS before +SLICE_MS, e.g. 127.0.0.1:8080/json@256~100+250", spec);
  field(at + 1, tilde ? tilde : plus ? plus : end, num, sizeof num);
  if (!parse_uint(num, 1, 1000000, &conns))
    arg_error("target '%s': CONNECTIONS after '@' must be a whole number from 1 to 1000000, %s", spec, example);
  field(tilde ? tilde + 1 : end, plus ? plus : end, num, sizeof num);
  if (tilde && !parse_uint(num, 0, 60000, &ramp))
    arg_error("target '%s': RAMP_MS after '~' must be a whole number of milliseconds from 0 to 60000, e.g. 127.0.0.1:8080/json@256~100", spec);
  field(plus ? plus + 1 : end, end, num, sizeof num);
  if (plus && !parse_uint(num, 1, 3600000, &slice))
    arg_error("target '%s': SLICE_MS after '+' must be a whole number of milliseconds from 1 to 3600000, e.g. 127.0.0.1:8080/json@256+250", spec);
  char host[64], portstr[16];
  const char *colon = memchr(spec, ':', (size_t)(slash - spec));
  if (!colon || (size_t)(colon - spec) >= sizeof host || (size_t)(slash - colon - 1) >= sizeof portstr)
    arg_error("target '%s': expected HOST:PORT before the path, %s", spec, example);
  memcpy(host, spec, (size_t)(colon - spec));
  host[colon - spec] = 0;
  memcpy(portstr, colon + 1, (size_t)(slash - colon - 1));
  portstr[slash - colon - 1] = 0;
  if (!parse_uint(portstr, 1, 65535, &port))
    arg_error("target '%s': PORT '%s' must be a whole number from 1 to 65535, %s", spec, portstr, example);
  memset(&t->addr, 0, sizeof t->addr);
  t->addr.sin_family = AF_INET;
  t->addr.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &t->addr.sin_addr) != 1)
    arg_error("target '%s': HOST '%s' must be an IPv4 address such as 127.0.0.1", spec, host);
  int path_len = (int)(at - slash);
  int n = snprintf(NULL, 0, "GET %.*s HTTP/1.1\r\nHost: %s:%lu\r\n\r\n", path_len, slash, host, port);
  t->req = malloc((size_t)n + 1);
  if (!t->req) arg_error("out of memory");
  snprintf(t->req, (size_t)n + 1, "GET %.*s HTTP/1.1\r\nHost: %s:%lu\r\n\r\n", path_len, slash, host, port);
  t->req_len = (size_t)n;
  t->conns = (int)conns;
  t->ramp_ns = ramp * MS_NS;
  t->slice_ns = slice * MS_NS; /* 0: --slice-ms */
  t->spec = spec;
}

static void parse_order(const char *s) {
  cfg.norder = 1;
  for (const char *c = s; *c; c++) cfg.norder += *c == ',';
  cfg.order = calloc((size_t)cfg.norder, sizeof *cfg.order);
  char *copy = strdup(s);
  if (!cfg.order || !copy) arg_error("out of memory");
  char *rest = copy;
  for (int i = 0; i < cfg.norder; i++) {
    char *item = strsep(&rest, ",");
    unsigned long v;
    if (!parse_uint(item, 0, 1000000, &v))
      arg_error("--order '%s': '%s' is not a target index; give 0-based indices separated by commas, e.g. --order 0,1,1,0", s, item);
    cfg.order[i] = (int)v;
  }
  free(copy);
}

static void usage(FILE *f) {
  fputs("usage: slicer --out FILE --slice-ms MS --order I,J,... [--threads N] [--timeout-ms T] "
        "HOST:PORT/PATH@CONNECTIONS[~RAMP_MS][+SLICE_MS]...\n",
        f);
}

static void parse_args(int argc, char **argv) {
  const char *order = NULL;
  unsigned long v;
  cfg.nthreads = 1;
  cfg.timeout_ns = 10000 * MS_NS;
  cfg.targets = calloc((size_t)argc, sizeof *cfg.targets);
  if (!cfg.targets) arg_error("out of memory");
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      exit(0);
    }
    if (strncmp(a, "--", 2) != 0) {
      parse_target(a, &cfg.targets[cfg.ntargets++]);
      continue;
    }
    /* --name value or --name=value */
    char name[32];
    const char *eq = strchr(a, '='), *val;
    size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
    if (nlen >= sizeof name) arg_error("unknown option '%s'; see --help", a);
    memcpy(name, a, nlen);
    name[nlen] = 0;
    bool known = !strcmp(name, "--out") || !strcmp(name, "--slice-ms") || !strcmp(name, "--order") ||
                 !strcmp(name, "--threads") || !strcmp(name, "--timeout-ms");
    if (!known) arg_error("unknown option '%s'; see --help", a);
    if (eq) val = eq + 1;
    else if (i + 1 < argc) val = argv[++i];
    else arg_error("%s needs a value; see --help", name);
    if (!strcmp(name, "--out")) {
      if (!*val) arg_error("--out needs a file name, e.g. --out slices.json");
      cfg.out = val;
    } else if (!strcmp(name, "--slice-ms")) {
      if (!parse_uint(val, 1, 3600000, &v))
        arg_error("--slice-ms '%s' must be a whole number of milliseconds from 1 to 3600000, e.g. --slice-ms 250", val);
      cfg.slice_ns = v * MS_NS;
    } else if (!strcmp(name, "--order")) {
      order = val;
    } else if (!strcmp(name, "--threads")) {
      if (!parse_uint(val, 1, 1024, &v)) arg_error("--threads '%s' must be a whole number from 1 to 1024, e.g. --threads 2", val);
      cfg.nthreads = (int)v;
    } else {
      if (!parse_uint(val, 1, 3600000, &v))
        arg_error("--timeout-ms '%s' must be a whole number of milliseconds from 1 to 3600000, e.g. --timeout-ms 10000", val);
      cfg.timeout_ns = v * MS_NS;
    }
  }
  if (!cfg.out) arg_error("--out is missing: give the JSON file to write, e.g. --out slices.json");
  if (!cfg.slice_ns) arg_error("--slice-ms is missing: give the slice length, e.g. --slice-ms 250");
  if (!order) arg_error("--order is missing: give the slice sequence of target indices, e.g. --order 0,1,1,0");
  if (cfg.ntargets == 0) arg_error("no TARGET given: add HOST:PORT/PATH@CONNECTIONS, e.g. 127.0.0.1:8080/json@256");
  parse_order(order);
  for (int i = 0; i < cfg.norder; i++)
    if (cfg.order[i] >= cfg.ntargets)
      arg_error("--order '%s': index %d has no target (%d given, so use 0..%d)", order, cfg.order[i], cfg.ntargets,
                cfg.ntargets - 1);
}

/* ----------------------------------------------------------- connections */

enum cstate { C_CLOSED, C_CONNECTING, C_IDLE, C_BUSY };
enum phase { PH_INIT, PH_PREP, PH_RUN, PH_DRAIN };

typedef struct {
  int fd;
  uint8_t state;
  bool want_write;     /* EPOLLOUT registered for the rest of a request */
  bool skip_prep_once; /* failed in the connect phase: already counted for the first slice */
  int target;
  uint32_t gen;        /* bumped per socket, so stale epoll events are recognized */
  uint64_t since;      /* connect start (C_CONNECTING) or send time (C_BUSY) */
  uint64_t served;     /* responses completed on this socket */
  uint64_t resp_bytes; /* bytes of the current response so far */
  size_t wr_off;       /* bytes of the request written */
  parser_t p;
} conn_t;

typedef struct {
  uint64_t *v;
  size_t n, cap;
} lat_t;

typedef struct {
  uint64_t requests, bytes, err[E_COUNT];
  uint64_t drain_sent;           /* requests sent after t1, while the window's last ones were out */
  double overlap, overlap_bytes; /* requests (and their bytes) weighted by the share of their life inside the window */
  lat_t lat;                     /* ns */
} stats_t;

typedef struct {
  int id, epfd;
  conn_t *conns;
  size_t nconns;
  enum phase phase;
  int active;          /* target of the current slice */
  uint64_t t0, t1;     /* the current slice's window: load starts a ramp before t0 */
  bool loading;        /* in the drain: requests sent before t1 are still out, so the load goes on */
  uint64_t last_scan;
  long *inflight;      /* per target: connections connecting or awaiting a response */
  uint64_t *init_errs; /* per target: connect errors of the connect phase */
  stats_t st;          /* the current slice, this thread's part */
  char buf[READ_BUF];
} thread_t;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void set_state(thread_t *th, conn_t *c, enum cstate s) {
  bool was = c->state == C_CONNECTING || c->state == C_BUSY;
  bool is = s == C_CONNECTING || s == C_BUSY;
  if (was != is) th->inflight[c->target] += is ? 1 : -1;
  c->state = (uint8_t)s;
}

/* Errors go to the slice of the connection's target (connect phase: to its first slice). */
static void count_error(thread_t *th, conn_t *c, int kind) {
  if (th->phase == PH_INIT) th->init_errs[c->target]++;
  else if (c->target == th->active) th->st.err[kind]++;
}

static void watch(thread_t *th, conn_t *c, int op, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.u64 = ((uint64_t)(c - th->conns) << 32) | c->gen};
  epoll_ctl(th->epfd, op, c->fd, &ev);
}

static void close_conn(thread_t *th, conn_t *c) {
  if (c->fd >= 0) close(c->fd); /* also removes it from epoll */
  c->fd = -1;
  c->want_write = false;
  set_state(th, c, C_CLOSED);
}

static void connect_failed(thread_t *th, conn_t *c) {
  count_error(th, c, E_CONNECT);
  close_conn(th, c);
  if (th->phase == PH_INIT) c->skip_prep_once = true;
}

/* Non-blocking connect; completion is always seen through EPOLLOUT. */
static void start_connect(thread_t *th, conn_t *c, uint64_t now) {
  const target_t *t = &cfg.targets[c->target];
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    connect_failed(th, c);
    return;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->fd = fd;
  c->gen++;
  c->since = now;
  c->served = 0;
  set_state(th, c, C_CONNECTING);
  if (connect(fd, (const struct sockaddr *)&t->addr, sizeof t->addr) < 0 && errno != EINPROGRESS) {
    connect_failed(th, c);
    return;
  }
  watch(th, c, EPOLL_CTL_ADD, EPOLLIN | EPOLLOUT);
}

/* Does a request of the window, other than `except`'s, still wait for its answer? */
static bool window_pending(const thread_t *th, const conn_t *except) {
  for (size_t i = 0; i < th->nconns; i++) {
    const conn_t *c = &th->conns[i];
    if (c != except && c->target == th->active && c->state == C_BUSY && c->since <= th->t1) return true;
  }
  return false;
}

/*
 * Whether connection `c` sends another request now. Inside the slice: until
 * t1. In the drain: for as long as a request sent inside the window is out,
 * so that it ends under the same load it began in (a server that shares its
 * time among requests would otherwise finish the window's last requests
 * faster than in steady state, and their share inside the window would be
 * overcounted); the requests sent after t1 count for nothing.
 */
static bool keeps_loading(thread_t *th, const conn_t *c, uint64_t now) {
  if (c->target != th->active) return false;
  if (th->phase == PH_RUN) return now < th->t1;
  if (th->phase == PH_DRAIN && th->loading) th->loading = window_pending(th, c);
  return th->phase == PH_DRAIN && th->loading;
}

/* Within the slice a broken connection is replaced at once; otherwise (also in the drain) the next slice's preparation does it. */
static void reconnect(thread_t *th, conn_t *c, uint64_t now) {
  close_conn(th, c);
  if (th->phase == PH_RUN && c->target == th->active && now < th->t1) start_connect(th, c, now);
}

static void write_request(thread_t *th, conn_t *c) {
  const target_t *t = &cfg.targets[c->target];
  while (c->wr_off < t->req_len) {
    ssize_t n = send(c->fd, t->req + c->wr_off, t->req_len - c->wr_off, MSG_NOSIGNAL);
    if (n > 0) {
      c->wr_off += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!c->want_write) watch(th, c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
      c->want_write = true;
      return;
    } else {
      count_error(th, c, E_WRITE);
      reconnect(th, c, now_ns());
      return;
    }
  }
  if (c->want_write) watch(th, c, EPOLL_CTL_MOD, EPOLLIN);
  c->want_write = false;
}

static void send_request(thread_t *th, conn_t *c) {
  parser_reset(&c->p);
  c->resp_bytes = 0;
  c->wr_off = 0;
  c->since = now_ns();
  if (th->phase == PH_DRAIN) th->st.drain_sent++;
  set_state(th, c, C_BUSY);
  write_request(th, c);
}

static void lat_push(lat_t *l, uint64_t v) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4096;
    uint64_t *nv = realloc(l->v, cap * sizeof *nv);
    if (!nv) return; /* keep counting; this latency is lost */
    l->v = nv;
    l->cap = cap;
  }
  l->v[l->n++] = v;
}

/*
 * A response is complete. `requests` counts responses that ended inside the
 * window. The rate uses `overlap` instead: every request of the slice counts
 * for the share of its life (send to response) that lies inside the window,
 * so a request that began in the ramp or ends in the drain counts in part.
 * Over a long run both give the same rate; in a short window the plain count
 * follows a server's bursts: a server that answers its connections in
 * lockstep completes all of them at once, and a window about one latency
 * long then holds one burst or none, whatever the server's real rate.
 * The latencies are those of requests *sent* inside the window, however late
 * they end (the drain waits for them): counting the latencies of responses
 * that ended inside it would drop the slow ones that outlast the window.
 * Then send the next request or rest.
 */
static void complete(thread_t *th, conn_t *c, bool ended_by_close) {
  uint64_t t = now_ns();
  bool ours = c->target == th->active && (th->phase == PH_RUN || th->phase == PH_DRAIN);
  if (ours && t >= th->t0 && t <= th->t1) {
    th->st.requests++;
    th->st.bytes += c->resp_bytes;
    if (c->p.status >= 400) th->st.err[E_STATUS]++;
  }
  if (ours && t > c->since) {
    uint64_t lo = c->since > th->t0 ? c->since : th->t0, hi = t < th->t1 ? t : th->t1;
    if (hi > lo) {
      double share = (double)(hi - lo) / (double)(t - c->since);
      th->st.overlap += share;
      th->st.overlap_bytes += share * (double)c->resp_bytes;
    }
  }
  if (ours && c->since >= th->t0 && c->since <= th->t1) lat_push(&th->st.lat, t - c->since);
  c->served++;
  if (ended_by_close || c->p.close) reconnect(th, c, t);
  else if (keeps_loading(th, c, t)) send_request(th, c);
  else set_state(th, c, C_IDLE);
}

static void on_connect_event(thread_t *th, conn_t *c) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
    connect_failed(th, c);
    return;
  }
  watch(th, c, EPOLL_CTL_MOD, EPOLLIN);
  set_state(th, c, C_IDLE);
  if (keeps_loading(th, c, now_ns())) send_request(th, c);
}

/* Bytes on an idle connection: a close (normal for keep-alive) or stray data; either way start afresh. */
static void on_idle_readable(thread_t *th, conn_t *c) {
  close_conn(th, c);
}

static void on_busy_readable(thread_t *th, conn_t *c) {
  for (;;) {
    ssize_t n = recv(c->fd, th->buf, READ_BUF, 0);
    if (n > 0) {
      c->resp_bytes += parse(&c->p, th->buf, (size_t)n);
      if (c->p.state == P_ERROR) {
        count_error(th, c, E_READ);
        reconnect(th, c, now_ns());
        return;
      }
      if (c->p.state == P_DONE) {
        complete(th, c, false);
        return;
      }
      if (n < READ_BUF) return; /* drained for now; level-triggered epoll calls again */
    } else if (n == 0) {
      if (c->p.state == P_UNTIL_CLOSE) {
        complete(th, c, true);
      } else {
        /* A server may close a kept-alive connection just as the next request goes out: not an error. */
        if (!(c->resp_bytes == 0 && c->served > 0)) count_error(th, c, E_READ);
        reconnect(th, c, now_ns());
      }
      return;
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return;
    } else {
      count_error(th, c, E_READ);
      reconnect(th, c, now_ns());
      return;
    }
  }
}

static void on_event(thread_t *th, uint64_t data, uint32_t events) {
  conn_t *c = &th->conns[data >> 32];
  if ((uint32_t)data != c->gen || c->fd < 0) return; /* an event of a socket closed earlier in this batch */
  switch (c->state) {
  case C_CONNECTING:
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connect_event(th, c);
    break;
  case C_IDLE: on_idle_readable(th, c); break;
  case C_BUSY:
    if ((events & EPOLLOUT) && c->want_write) write_request(th, c);
    if (c->state == C_BUSY && (uint32_t)data == c->gen && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
      on_busy_readable(th, c);
    break;
  default: break;
  }
}

/* Requests and connects outstanding longer than the timeout are given up. */
static void scan_timeouts(thread_t *th, uint64_t now) {
  for (size_t i = 0; i < th->nconns; i++) {
    conn_t *c = &th->conns[i];
    if (c->state == C_BUSY && now - c->since > cfg.timeout_ns) {
      count_error(th, c, E_TIMEOUT);
      reconnect(th, c, now);
    } else if (c->state == C_CONNECTING && now - c->since > cfg.timeout_ns) {
      connect_failed(th, c);
    }
  }
}

/* What a phase waits for. Every wait ends: outstanding work times out. */
static bool phase_done(const thread_t *th, uint64_t now) {
  switch (th->phase) {
  case PH_INIT:
    for (int t = 0; t < cfg.ntargets; t++)
      if (th->inflight[t]) return false;
    return true;
  case PH_RUN: return now >= th->t1;
  default: return th->inflight[th->active] == 0;
  }
}

/* epoll_pwait2 wakes at t1 to the microsecond; epoll_wait (kernels before 5.11) only to the millisecond. */
static int wait_events(int epfd, struct epoll_event *ev, uint64_t wait_ns) {
  static _Atomic bool no_pwait2;
  if (!no_pwait2) {
    struct timespec ts = {.tv_sec = (time_t)(wait_ns / 1000000000ull), .tv_nsec = (long)(wait_ns % 1000000000ull)};
    int n = epoll_pwait2(epfd, ev, MAX_EVENTS, &ts, NULL);
    if (n >= 0 || errno != ENOSYS) return n;
    no_pwait2 = true;
  }
  return epoll_wait(epfd, ev, MAX_EVENTS, (int)((wait_ns + MS_NS - 1) / MS_NS)); /* rounded up: never before t1 */
}

static void event_loop(thread_t *th) {
  struct epoll_event ev[MAX_EVENTS];
  for (;;) {
    uint64_t now = now_ns();
    if (now - th->last_scan >= SCAN_MS * MS_NS) {
      scan_timeouts(th, now);
      th->last_scan = now;
    }
    if (phase_done(th, now)) return;
    uint64_t wait_ns = SCAN_MS * MS_NS;
    if (th->phase == PH_RUN && th->t1 - now < wait_ns) wait_ns = th->t1 - now;
    int n = wait_events(th->epfd, ev, wait_ns);
    for (int i = 0; i < n; i++) on_event(th, ev[i].data.u64, ev[i].events);
  }
}

/* Before the clock: every connection of the target open (a server may close idle ones), or reopened. */
static void prepare(thread_t *th, int target) {
  uint64_t now = now_ns();
  for (size_t i = 0; i < th->nconns; i++) {
    conn_t *c = &th->conns[i];
    if (c->target != target) continue;
    if (c->state == C_IDLE) {
      char b;
      ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) close_conn(th, c); /* closed, or stray bytes */
    }
    if (c->state == C_CLOSED) {
      if (c->skip_prep_once) c->skip_prep_once = false;
      else start_connect(th, c, now);
    }
  }
  event_loop(th);
}

/* -------------------------------------------------------- slices, shared */

typedef struct {
  int target, index;
  uint64_t requests, bytes, err[E_COUNT], drain_sent;
  double overlap, overlap_bytes;
  bool has_lat;
  double min, max, mean, stdev, p50, p90, p99; /* us */
  double cpu, drain_us, offset_us, ramp_us, duration_us;
} result_t;

static struct {
  pthread_barrier_t barrier;
  thread_t **threads;
  uint64_t load, t0, t1, first_t0; /* load: when the slice's requests start, a ramp before t0 */
  double cpu0, cpu1;
  result_t *results;
  uint64_t *all; /* latencies of a slice, merged over threads */
  size_t all_cap;
} sh;

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static double sqrt_pos(double x) { /* Newton's method: keeps the build free of -lm */
  if (x <= 0) return 0;
  double r = x > 1 ? x : 1;
  for (int i = 0; i < 200; i++) {
    double next = 0.5 * (r + x / r);
    if (next >= r) break;
    r = next;
  }
  return r;
}

/* Nearest rank: the smallest value with at least p % of the values at or below it. */
static double percentile_us(const uint64_t *v, size_t n, unsigned p) {
  size_t rank = (p * n + 99) / 100;
  return (double)v[rank ? rank - 1 : 0] / 1e3;
}

/* A target's window: its own +SLICE_MS, else --slice-ms. */
static uint64_t slice_of(int t) { return cfg.targets[t].slice_ns ? cfg.targets[t].slice_ns : cfg.slice_ns; }

/* After every thread drained: sum the threads' parts of slice k. */
static void merge_slice(int k, uint64_t drain_end) {
  result_t *r = &sh.results[k];
  r->target = cfg.order[k];
  r->index = k;
  size_t total = 0;
  for (int i = 0; i < cfg.nthreads; i++) total += sh.threads[i]->st.lat.n;
  if (total > sh.all_cap) {
    uint64_t *nv = realloc(sh.all, total * sizeof *nv);
    if (nv) {
      sh.all = nv;
      sh.all_cap = total;
    } else {
      total = 0; /* no memory for the latencies: report them as null rather than wrong */
    }
  }
  size_t at = 0;
  for (int i = 0; i < cfg.nthreads; i++) {
    stats_t *s = &sh.threads[i]->st;
    r->requests += s->requests;
    r->bytes += s->bytes;
    r->drain_sent += s->drain_sent;
    r->overlap += s->overlap;
    r->overlap_bytes += s->overlap_bytes;
    for (int e = 0; e < E_COUNT; e++) r->err[e] += s->err[e];
    if (total) memcpy(sh.all + at, s->lat.v, s->lat.n * sizeof *s->lat.v);
    at += s->lat.n;
  }
  if (total) {
    qsort(sh.all, total, sizeof *sh.all, cmp_u64);
    double sum = 0, sq = 0;
    for (size_t i = 0; i < total; i++) sum += (double)sh.all[i];
    double mean = sum / (double)total;
    for (size_t i = 0; i < total; i++) sq += ((double)sh.all[i] - mean) * ((double)sh.all[i] - mean);
    r->has_lat = true;
    r->min = (double)sh.all[0] / 1e3;
    r->max = (double)sh.all[total - 1] / 1e3;
    r->mean = mean / 1e3;
    r->stdev = total > 1 ? sqrt_pos(sq / (double)(total - 1)) / 1e3 : 0;
    r->p50 = percentile_us(sh.all, total, 50);
    r->p90 = percentile_us(sh.all, total, 90);
    r->p99 = percentile_us(sh.all, total, 99);
  }
  r->cpu = sh.cpu1 - sh.cpu0;
  r->drain_us = (double)(drain_end - sh.t1) / 1e3;
  r->offset_us = (double)(sh.t0 - sh.first_t0) / 1e3;
  r->ramp_us = (double)(sh.t0 - sh.load) / 1e3;
  r->duration_us = (double)(sh.t1 - sh.t0) / 1e3;
}

static void *thread_main(void *arg) {
  thread_t *th = arg;
  th->phase = PH_INIT;
  uint64_t now = now_ns();
  for (size_t i = 0; i < th->nconns; i++) start_connect(th, &th->conns[i], now);
  event_loop(th);

  for (int k = 0; k < cfg.norder; k++) {
    int t = cfg.order[k];
    memset(th->st.err, 0, sizeof th->st.err);
    th->st.requests = th->st.bytes = 0;
    th->st.overlap = th->st.overlap_bytes = 0;
    th->st.drain_sent = 0;
    th->st.lat.n = 0;
    th->active = t;
    th->phase = PH_PREP;
    th->st.err[E_CONNECT] += th->init_errs[t];
    th->init_errs[t] = 0;
    prepare(th, t);

    /* One clock for all threads: the barrier's serial thread reads it, the second barrier publishes it. */
    if (pthread_barrier_wait(&sh.barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
      sh.load = now_ns();
      sh.cpu0 = cpu_seconds();
      sh.t0 = sh.load + cfg.targets[t].ramp_ns;
      if (k == 0) sh.first_t0 = sh.t0;
      sh.t1 = sh.t0 + slice_of(t);
    }
    pthread_barrier_wait(&sh.barrier);
    th->t0 = sh.t0;
    th->t1 = sh.t1;
    th->phase = PH_RUN;
    for (size_t i = 0; i < th->nconns; i++) {
      conn_t *c = &th->conns[i];
      if (c->target == t && c->state == C_IDLE) send_request(th, c);
    }
    event_loop(th);
    if (th->id == 0) sh.cpu1 = cpu_seconds();

    th->phase = PH_DRAIN;
    th->loading = true;
    event_loop(th);
    if (pthread_barrier_wait(&sh.barrier) == PTHREAD_BARRIER_SERIAL_THREAD) merge_slice(k, now_ns());
    pthread_barrier_wait(&sh.barrier); /* the merge read every thread's stats: reset them only after it */
  }
  return NULL;
}

/* ---------------------------------------------------------------- output */

static void write_json(FILE *f) {
  fputs("{\"slices\":[", f);
  for (int k = 0; k < cfg.norder; k++) {
    const result_t *r = &sh.results[k];
    fprintf(f, "%s\n{\"target\":%d,\"index\":%d,\"duration_us\":%.3f,\"requests\":%llu,\"bytes\":%llu,"
               "\"overlap_requests\":%.4f,\"overlap_bytes\":%.1f,\"errors\":{",
            k ? "," : "", r->target, r->index, r->duration_us, (unsigned long long)r->requests,
            (unsigned long long)r->bytes, r->overlap, r->overlap_bytes);
    for (int e = 0; e < E_COUNT; e++)
      fprintf(f, "%s\"%s\":%llu", e ? "," : "", ERROR_NAMES[e], (unsigned long long)r->err[e]);
    if (r->has_lat)
      fprintf(f, "},\"latency_us\":{\"min\":%.3f,\"max\":%.3f,\"mean\":%.3f,\"stdev\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f}",
              r->min, r->max, r->mean, r->stdev, r->p50, r->p90, r->p99);
    else
      fputs("},\"latency_us\":{\"min\":null,\"max\":null,\"mean\":null,\"stdev\":null,\"p50\":null,\"p90\":null,\"p99\":null}", f);
    fprintf(f, ",\"client_cpu_seconds\":%.6f,\"ramp_us\":%.3f,\"drain_us\":%.3f,\"drain_requests\":%llu,\"start_offset_us\":%.3f}", r->cpu,
            r->ramp_us, r->drain_us, (unsigned long long)r->drain_sent, r->offset_us);
  }
  fputs("\n]}\n", f);
}

/* ------------------------------------------------------------------ main */

static void fail(const char *what) {
  fprintf(stderr, "slicer: %s: %s\n", what, strerror(errno));
  exit(1);
}

int main(int argc, char **argv) {
  parse_args(argc, argv);

  /* Thousands of sockets: use the whole allowance. */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  /* Open the output now, so a bad path fails before any load; it is written once at the end. */
  FILE *out = fopen(cfg.out, "w");
  if (!out) {
    fprintf(stderr, "slicer: cannot write --out '%s': %s\n", cfg.out, strerror(errno));
    return 1;
  }

  sh.results = calloc((size_t)cfg.norder, sizeof *sh.results);
  sh.threads = calloc((size_t)cfg.nthreads, sizeof *sh.threads);
  if (!sh.results || !sh.threads) fail("out of memory");
  for (int i = 0; i < cfg.nthreads; i++) {
    thread_t *th = calloc(1, sizeof *th);
    if (!th) fail("out of memory");
    th->id = i;
    th->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (th->epfd < 0) fail("epoll_create1");
    th->inflight = calloc((size_t)cfg.ntargets, sizeof *th->inflight);
    th->init_errs = calloc((size_t)cfg.ntargets, sizeof *th->init_errs);
    /* Connection j of a target goes to thread j % nthreads. */
    for (int t = 0; t < cfg.ntargets; t++)
      th->nconns += (size_t)(cfg.targets[t].conns / cfg.nthreads + (i < cfg.targets[t].conns % cfg.nthreads));
    th->conns = calloc(th->nconns ? th->nconns : 1, sizeof *th->conns);
    if (!th->inflight || !th->init_errs || !th->conns) fail("out of memory");
    size_t n = 0;
    for (int t = 0; t < cfg.ntargets; t++)
      for (int j = i; j < cfg.targets[t].conns; j += cfg.nthreads) {
        th->conns[n].fd = -1;
        th->conns[n].target = t;
        n++;
      }
    sh.threads[i] = th;
  }

  if (pthread_barrier_init(&sh.barrier, NULL, (unsigned)cfg.nthreads) != 0) fail("pthread_barrier_init");
  pthread_t *ids = calloc((size_t)cfg.nthreads, sizeof *ids);
  if (!ids) fail("out of memory");
  for (int i = 0; i < cfg.nthreads; i++)
    if ((errno = pthread_create(&ids[i], NULL, thread_main, sh.threads[i])) != 0) fail("pthread_create");
  for (int i = 0; i < cfg.nthreads; i++) pthread_join(ids[i], NULL);
  free(ids);

  write_json(out);
  if (ferror(out) | fclose(out)) {
    fprintf(stderr, "slicer: cannot write --out '%s': %s\n", cfg.out, strerror(errno));
    return 1;
  }
  return 0;
}
