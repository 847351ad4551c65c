/*
 * slicer: an HTTP/1.1 load generator that holds keep-alive connections to
 * several servers and loads exactly one of them at a time, in a given order of
 * short slices, reporting every slice as a line of JSON as soon as it ends.
 * Connections are opened and primed (one answered request each) before any
 * slice's clock starts, so short alternating slices measure the servers in
 * their steady state and not connection setup (see README.md next to this file).
 *
 * Build: cc -O2 -pthread -o slicer slicer.c response.c vendor/picohttpparser/picohttpparser.c
 * (C11, Linux epoll, libc only)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
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

#include "latency.h"
#include "response.h"

#define READ_BUF (64 * 1024) /* one per thread: responses are counted, never stored */
#define SCAN_MS 10           /* how often timeouts and deadlines are checked */
#define MAX_EVENTS 256
#define MS_NS 1000000ull

/* ---------------------------------------------------------------- errors */

enum { E_CONNECT, E_READ, E_WRITE, E_STATUS, E_TIMEOUT, E_COUNT };
static const char *const ERROR_NAMES[E_COUNT] = {"connect", "read", "write", "status", "timeout"};

/* A failure the run cannot go on from: says what failed and exits 1 (the slices already written stay). */
static void fatal(const char *what) {
  fprintf(stderr, "slicer: %s: %s\n", what, strerror(errno));
  exit(1);
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
  bool prime;          /* send a priming request once connected */
  bool priming;        /* the request out is a priming one: answered, never counted */
  bool window;         /* the request out was sent inside the window [t0, t1] */
  int target;
  uint32_t gen;        /* bumped per socket, so stale epoll events are recognized */
  uint64_t since;      /* connect start (C_CONNECTING) or send time (C_BUSY) */
  uint64_t served;     /* responses completed on this socket */
  uint64_t resp_bytes; /* bytes of the current response so far */
  size_t wr_off;       /* bytes of the request written */
  resp_t r;
} conn_t;

typedef struct {
  uint64_t requests, bytes, err[E_COUNT];
  uint64_t drain_sent;           /* requests sent after t1, while the window's requests were out */
  uint64_t window_sent;          /* requests sent inside [t0, t1] */
  uint64_t primed;               /* priming requests answered before this slice's load */
  double overlap, overlap_bytes; /* requests (and their bytes) weighted by the share of their life inside the window */
  latency_t *lat;                /* ns, of the requests sent inside the window */
} stats_t;

typedef struct {
  int id, epfd;
  conn_t *conns;
  size_t nconns;
  enum phase phase;
  int active;              /* target of the current slice */
  uint64_t t0, t1;         /* the current slice's window: load starts a ramp before t0 */
  uint64_t deadline;       /* the current phase ends by then, whatever is still out */
  uint64_t last_scan;
  long *inflight;          /* per target: connections connecting or awaiting a response */
  uint64_t (*carry)[E_COUNT]; /* per target: errors seen outside its slices (connect phase, idle sockets), for its next slice */
  uint64_t *carry_primed;  /* per target: priming requests answered in the connect phase */
  stats_t st;              /* the current slice, this thread's part */
  char buf[READ_BUF];
} thread_t;

/* Shared by the threads of one slice. */
static struct {
  pthread_barrier_t barrier;
  thread_t **threads;
  /* Requests sent inside the current window and still out, over every thread: the drain keeps the load on while > 0. */
  atomic_long window_out;
  uint64_t load, t0, t1, first_t0, prev_end; /* load: when the slice's requests start, a ramp before t0 */
  double cpu0, cpu1;
  latency_t *all; /* a slice's latencies, merged over threads */
  FILE *out;
} sh;

static uint64_t now_ns(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) fatal("clock_gettime");
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) fatal("getrusage");
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long max_rss_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) fatal("getrusage");
  return ru.ru_maxrss;
}

static void set_state(thread_t *th, conn_t *c, enum cstate s) {
  bool was = c->state == C_CONNECTING || c->state == C_BUSY;
  bool is = s == C_CONNECTING || s == C_BUSY;
  if (was != is) th->inflight[c->target] += is ? 1 : -1;
  c->state = (uint8_t)s;
}

/* The request out on `c` has ended (answered, failed or given up): it no longer holds the drain. */
static void request_ended(conn_t *c) {
  if (c->window) atomic_fetch_sub(&sh.window_out, 1);
  c->window = false;
  c->priming = false;
}

/* Errors go to the slice of the connection's target; outside it (connect phase, idle sockets) to its next slice. */
static void count_error(thread_t *th, conn_t *c, int kind) {
  if (th->phase == PH_INIT) c->skip_prep_once = true; /* counted for its first slice: not retried before it */
  if (th->phase != PH_INIT && c->target == th->active) th->st.err[kind]++;
  else th->carry[c->target][kind]++;
}

/* Registers or changes the socket's events; false (errno set) when epoll refuses. */
static bool watch(thread_t *th, conn_t *c, int op, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.u64 = ((uint64_t)(c - th->conns) << 32) | c->gen};
  return epoll_ctl(th->epfd, op, c->fd, &ev) == 0;
}

static void close_conn(thread_t *th, conn_t *c) {
  if (c->state == C_BUSY) request_ended(c);
  /* close() of a socket fails only for a bad descriptor (a bug) or a signal (the descriptor is gone anyway). */
  if (c->fd >= 0 && close(c->fd) != 0 && errno == EBADF) fatal("close"); /* also removes it from epoll */
  c->fd = -1;
  c->want_write = false;
  set_state(th, c, C_CLOSED);
}

static void connect_failed(thread_t *th, conn_t *c) {
  count_error(th, c, E_CONNECT);
  close_conn(th, c);
}

/* Non-blocking connect; completion is always seen through EPOLLOUT. `prime`: send one priming request once connected. */
static void start_connect(thread_t *th, conn_t *c, uint64_t now, bool prime) {
  const target_t *t = &cfg.targets[c->target];
  c->prime = prime;
  c->gen++;
  c->since = now;
  c->served = 0;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    connect_failed(th, c);
    return;
  }
  c->fd = fd;
  set_state(th, c, C_CONNECTING);
  int one = 1;
  /* Without TCP_NODELAY, Nagle's algorithm would delay requests and distort latencies: a socket that refuses it fails. */
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      (connect(fd, (const struct sockaddr *)&t->addr, sizeof t->addr) < 0 && errno != EINPROGRESS) ||
      !watch(th, c, EPOLL_CTL_ADD, EPOLLIN | EPOLLOUT)) {
    connect_failed(th, c);
  }
}

/*
 * Whether connection `c` sends another request now: before t1, always (ramp
 * and window); after it, for as long as a request sent inside the window is
 * out on any thread, so that it ends under the same load it began in (a
 * server that shares its time among requests would otherwise finish the
 * window's last requests faster than in steady state, and their share inside
 * the window would be overcounted); the requests sent after t1 count for
 * nothing. Requests sent in the ramp do not hold the load on.
 */
static bool keeps_loading(const thread_t *th, const conn_t *c, uint64_t now) {
  if (c->target != th->active || (th->phase != PH_RUN && th->phase != PH_DRAIN)) return false;
  return now < th->t1 || atomic_load(&sh.window_out) > 0;
}

static void send_request(thread_t *th, conn_t *c);

/* A broken connection is replaced at once while the load is on (also in the drain); otherwise the next slice's preparation does it. */
static void reconnect(thread_t *th, conn_t *c, uint64_t now) {
  close_conn(th, c);
  if (keeps_loading(th, c, now)) start_connect(th, c, now, false);
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
      if (!c->want_write && !watch(th, c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT)) break;
      c->want_write = true;
      return;
    } else {
      break;
    }
  }
  if (c->wr_off == t->req_len && (!c->want_write || watch(th, c, EPOLL_CTL_MOD, EPOLLIN))) {
    c->want_write = false;
    return;
  }
  count_error(th, c, E_WRITE);
  reconnect(th, c, now_ns());
}

/*
 * Sends the next request on `c`. A request of the running slice counts as a
 * window request when sent inside [t0, t1]; it is added to the shared count
 * before the clock is read, so a thread that reads the count after t1 sees
 * every request sent at or before t1.
 */
static void send_request(thread_t *th, conn_t *c) {
  resp_start(&c->r);
  c->resp_bytes = 0;
  c->wr_off = 0;
  c->priming = th->phase == PH_INIT || th->phase == PH_PREP;
  bool run = th->phase == PH_RUN;
  if (run) atomic_fetch_add(&sh.window_out, 1);
  c->since = now_ns();
  c->window = run && c->since >= th->t0 && c->since <= th->t1;
  if (run && !c->window) atomic_fetch_sub(&sh.window_out, 1);
  if (c->window) th->st.window_sent++;
  else if (!c->priming && c->since > th->t1) th->st.drain_sent++;
  set_state(th, c, C_BUSY);
  write_request(th, c);
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
 * Then send the next request, or rest.
 */
static void complete(thread_t *th, conn_t *c, bool ended_by_close) {
  uint64_t t = now_ns();
  bool priming = c->priming, window = c->window;
  request_ended(c); /* before keeps_loading: this request no longer holds the drain */
  c->served++;
  bool persists = !ended_by_close && c->r.keep_alive;
  if (priming) {
    if (th->phase == PH_INIT) th->carry_primed[c->target]++;
    else th->st.primed++;
    /* A server that closes after every response has nothing to prime: reopen it and let it be. */
    if (persists) set_state(th, c, C_IDLE);
    else {
      close_conn(th, c);
      start_connect(th, c, t, false);
    }
    return;
  }
  bool ours = c->target == th->active && (th->phase == PH_RUN || th->phase == PH_DRAIN);
  if (ours && t >= th->t0 && t <= th->t1) {
    th->st.requests++;
    th->st.bytes += c->resp_bytes;
    if (c->r.status >= 400) th->st.err[E_STATUS]++;
  }
  if (ours && t > c->since) {
    uint64_t lo = c->since > th->t0 ? c->since : th->t0, hi = t < th->t1 ? t : th->t1;
    if (hi > lo) {
      double share = (double)(hi - lo) / (double)(t - c->since);
      th->st.overlap += share;
      th->st.overlap_bytes += share * (double)c->resp_bytes;
    }
  }
  if (ours && window) lat_record(th->st.lat, t - c->since);
  if (!persists) reconnect(th, c, t);
  else if (keeps_loading(th, c, t)) send_request(th, c);
  else set_state(th, c, C_IDLE);
}

static void on_connect_event(thread_t *th, conn_t *c) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0 || !watch(th, c, EPOLL_CTL_MOD, EPOLLIN)) {
    connect_failed(th, c);
    return;
  }
  set_state(th, c, C_IDLE);
  if (c->prime) {
    c->prime = false;
    send_request(th, c);
  } else if (keeps_loading(th, c, now_ns())) {
    send_request(th, c);
  }
}

/*
 * Readable while no request is out: the server closed the connection (normal
 * for keep-alive) or sent bytes that answer no request, which is a read error.
 * Either way the connection starts afresh.
 */
static void on_idle_readable(thread_t *th, conn_t *c) {
  ssize_t n;
  do n = recv(c->fd, th->buf, 1, MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n > 0) count_error(th, c, E_READ);
  close_conn(th, c);
}

static void read_failed(thread_t *th, conn_t *c) {
  if (c->r.no_memory) {
    errno = ENOMEM;
    fatal("a response head split across reads needs 16 KiB");
  }
  count_error(th, c, E_READ);
  reconnect(th, c, now_ns());
}

/*
 * Bytes on a connection with a request out. Bytes after a complete response
 * in the same read are kept: they begin the response to the next request, if
 * one went out; with none out they answer no request (a read error).
 */
static void on_busy_readable(thread_t *th, conn_t *c) {
  for (;;) {
    ssize_t n = recv(c->fd, th->buf, READ_BUF, 0);
    if (n > 0) {
      size_t off = 0;
      while (off < (size_t)n) {
        if (c->state != C_BUSY) {
          if (c->state == C_IDLE) {
            count_error(th, c, E_READ);
            close_conn(th, c);
          }
          return; /* closed or reopened: the bytes were the old socket's, after a response that closed it */
        }
        size_t used = resp_feed(&c->r, th->buf + off, (size_t)n - off);
        c->resp_bytes += used;
        off += used;
        if (c->r.state == R_ERROR) {
          read_failed(th, c);
          return;
        }
        if (c->r.state == R_DONE) {
          uint32_t gen = c->gen;
          complete(th, c, false);
          if (c->gen != gen) return;
        }
      }
      if ((size_t)n < READ_BUF || c->state != C_BUSY) return; /* drained for now; level-triggered epoll calls again */
    } else if (n == 0) {
      if (resp_closed(&c->r)) {
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

/* The phase's deadline passed: whatever it still waits for is given up (counted as a connect error or a timeout). */
static void give_up(thread_t *th) {
  for (size_t i = 0; i < th->nconns; i++) {
    conn_t *c = &th->conns[i];
    if (th->phase != PH_INIT && c->target != th->active) continue;
    if (c->state == C_CONNECTING) {
      connect_failed(th, c);
    } else if (c->state == C_BUSY) {
      count_error(th, c, E_TIMEOUT);
      close_conn(th, c);
    }
  }
}

/* What a phase waits for. Every wait ends: outstanding work times out, and every phase but the window has a deadline. */
static bool phase_done(thread_t *th, uint64_t now) {
  bool done;
  switch (th->phase) {
  case PH_INIT:
    done = true;
    for (int t = 0; t < cfg.ntargets; t++)
      if (th->inflight[t]) done = false;
    break;
  case PH_RUN: return now >= th->t1;
  default: done = th->inflight[th->active] == 0 && (th->phase == PH_PREP || atomic_load(&sh.window_out) == 0); break;
  }
  if (!done && now >= th->deadline) {
    give_up(th);
    return true;
  }
  return done;
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
    /* Nothing of its own out, but another thread's window requests are: look again soon. */
    if (th->phase == PH_DRAIN && th->inflight[th->active] == 0) wait_ns = MS_NS;
    if (th->phase != PH_RUN && th->deadline > now && th->deadline - now < wait_ns) wait_ns = th->deadline - now;
    int n = wait_events(th->epfd, ev, wait_ns);
    if (n < 0 && errno != EINTR) fatal("epoll_wait");
    for (int i = 0; i < n; i++) on_event(th, ev[i].data.u64, ev[i].events);
  }
}

/*
 * Before the clock: every connection of the target open (a server may close
 * idle ones) and primed, or reopened and primed. A priming request is sent on
 * every new connection and must be answered before the slice starts, so a
 * server that hands connections over slowly (Node's cluster primary passes
 * them to its worker one at a time) is measured once they are all served.
 */
static void prepare(thread_t *th, int target) {
  uint64_t now = now_ns();
  th->deadline = now + 2 * cfg.timeout_ns;
  for (size_t i = 0; i < th->nconns; i++) {
    conn_t *c = &th->conns[i];
    if (c->target != target) continue;
    if (c->state == C_IDLE) {
      char b;
      ssize_t n;
      do n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);
      if (n > 0) count_error(th, c, E_READ); /* bytes that answer no request */
      if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) close_conn(th, c);
    }
    if (c->state == C_CLOSED) {
      if (c->skip_prep_once) c->skip_prep_once = false;
      else start_connect(th, c, now, true);
    }
  }
  event_loop(th);
}

/* -------------------------------------------------------- slices, shared */

/* A target's window: its own +SLICE_MS, else --slice-ms. */
static uint64_t slice_of(int t) { return cfg.targets[t].slice_ns ? cfg.targets[t].slice_ns : cfg.slice_ns; }

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

static void out_failed(void) {
  fprintf(stderr, "slicer: cannot write --out '%s': %s\n", cfg.out, strerror(errno));
  exit(1);
}

/*
 * After every thread drained: sums the threads' parts of slice k and writes
 * its line at once (flushed), so a slicer killed later keeps it.
 */
static void merge_and_write(int k, uint64_t drain_end) {
  int target = cfg.order[k];
  uint64_t requests = 0, bytes = 0, err[E_COUNT] = {0}, drain_sent = 0, window_sent = 0, primed = 0;
  double overlap = 0, overlap_bytes = 0;
  lat_reset(sh.all);
  for (int i = 0; i < cfg.nthreads; i++) {
    stats_t *s = &sh.threads[i]->st;
    requests += s->requests;
    bytes += s->bytes;
    drain_sent += s->drain_sent;
    window_sent += s->window_sent;
    primed += s->primed;
    overlap += s->overlap;
    overlap_bytes += s->overlap_bytes;
    for (int e = 0; e < E_COUNT; e++) err[e] += s->err[e];
    lat_merge(sh.all, s->lat);
  }
  FILE *f = sh.out;
  const latency_t *l = sh.all;
  fprintf(f, "{\"target\":%d,\"index\":%d,\"duration_us\":%.3f,\"requests\":%llu,\"bytes\":%llu,"
             "\"overlap_requests\":%.4f,\"overlap_bytes\":%.1f,\"errors\":{",
          target, k, (double)(sh.t1 - sh.t0) / 1e3, (unsigned long long)requests, (unsigned long long)bytes, overlap, overlap_bytes);
  for (int e = 0; e < E_COUNT; e++) fprintf(f, "%s\"%s\":%llu", e ? "," : "", ERROR_NAMES[e], (unsigned long long)err[e]);
  if (l->n)
    fprintf(f, "},\"latency_us\":{\"min\":%.3f,\"max\":%.3f,\"mean\":%.3f,\"stdev\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f}",
            (double)l->min / 1e3, (double)l->max / 1e3, l->mean / 1e3, sqrt_pos(lat_stdev_squared(l)) / 1e3, lat_percentile(l, 50) / 1e3,
            lat_percentile(l, 90) / 1e3, lat_percentile(l, 99) / 1e3);
  else
    fputs("},\"latency_us\":{\"min\":null,\"max\":null,\"mean\":null,\"stdev\":null,\"p50\":null,\"p90\":null,\"p99\":null}", f);
  fprintf(f, ",\"client_cpu_seconds\":%.6f,\"ramp_us\":%.3f,\"drain_us\":%.3f,\"drain_requests\":%llu,\"start_offset_us\":%.3f"
             ",\"window_requests\":%llu,\"latency_samples\":%llu,\"latency_percentile_error\":%.6f,\"primed\":%llu"
             ",\"prepare_us\":%.3f,\"client_max_rss_kb\":%ld}\n",
          sh.cpu1 - sh.cpu0, (double)(sh.t0 - sh.load) / 1e3, (double)(drain_end - sh.t1) / 1e3, (unsigned long long)drain_sent,
          (double)(sh.t0 - sh.first_t0) / 1e3, (unsigned long long)window_sent, (unsigned long long)l->n, LAT_PERCENTILE_ERROR,
          (unsigned long long)primed, (double)(sh.load - sh.prev_end) / 1e3, max_rss_kb());
  if (fflush(f) != 0 || ferror(f)) out_failed();
}

static bool barrier(void) {
  int r = pthread_barrier_wait(&sh.barrier);
  if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) {
    errno = r;
    fatal("pthread_barrier_wait");
  }
  return r == PTHREAD_BARRIER_SERIAL_THREAD;
}

static void *thread_main(void *arg) {
  thread_t *th = arg;
  th->phase = PH_INIT;
  uint64_t now = now_ns();
  th->deadline = now + 2 * cfg.timeout_ns;
  for (size_t i = 0; i < th->nconns; i++) start_connect(th, &th->conns[i], now, true);
  event_loop(th);

  for (int k = 0; k < cfg.norder; k++) {
    int t = cfg.order[k];
    memset(th->st.err, 0, sizeof th->st.err);
    th->st.requests = th->st.bytes = th->st.drain_sent = th->st.window_sent = 0;
    th->st.overlap = th->st.overlap_bytes = 0;
    lat_reset(th->st.lat);
    th->active = t;
    for (int e = 0; e < E_COUNT; e++) th->st.err[e] = th->carry[t][e];
    memset(th->carry[t], 0, sizeof th->carry[t]);
    th->st.primed = th->carry_primed[t];
    th->carry_primed[t] = 0;
    th->phase = PH_PREP;
    prepare(th, t);

    /* One clock for all threads: the barrier's serial thread reads it, the second barrier publishes it. */
    if (barrier()) {
      sh.load = now_ns();
      sh.cpu0 = cpu_seconds();
      sh.t0 = sh.load + cfg.targets[t].ramp_ns;
      if (k == 0) sh.first_t0 = sh.t0;
      sh.t1 = sh.t0 + slice_of(t);
      atomic_store(&sh.window_out, 0);
    }
    barrier();
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
    th->deadline = th->t1 + 2 * cfg.timeout_ns;
    /*
     * No connection idles while the load is on. Responses handled after t1 (in
     * the window's last batch of events) already sent their next request by
     * the same rule as in the drain, and broken connections were reopened; this
     * catches any connection of the load left resting.
     */
    now = now_ns();
    for (size_t i = 0; i < th->nconns; i++) {
      conn_t *c = &th->conns[i];
      if (c->target == t && c->state == C_IDLE && keeps_loading(th, c, now)) send_request(th, c);
    }
    event_loop(th);
    if (barrier()) {
      uint64_t end = now_ns();
      merge_and_write(k, end);
      sh.prev_end = now_ns();
    }
    barrier(); /* the merge read every thread's stats: reset them only after it */
  }
  return NULL;
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv) {
  sh.prev_end = now_ns();
  parse_args(argc, argv);
  /* A closed output pipe should be a write error that names --out, not a silent death (sockets use MSG_NOSIGNAL). */
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) fatal("signal(SIGPIPE)");

  /* Thousands of sockets: use the whole allowance (a failure leaves the soft limit, which may be enough). */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) fatal("getrlimit");
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
      fprintf(stderr, "slicer: warning: setrlimit(RLIMIT_NOFILE, %llu): %s\n", (unsigned long long)rl.rlim_max, strerror(errno));
  }

  /* Open the output now, so a bad path fails before any load; a line is written as each slice ends. */
  sh.out = strcmp(cfg.out, "-") == 0 ? stdout : fopen(cfg.out, "w");
  if (!sh.out) out_failed();

  sh.threads = calloc((size_t)cfg.nthreads, sizeof *sh.threads);
  sh.all = malloc(sizeof *sh.all);
  if (!sh.threads || !sh.all) fatal("memory for the threads and the merged latency histogram");
  for (int i = 0; i < cfg.nthreads; i++) {
    thread_t *th = calloc(1, sizeof *th);
    if (!th) fatal("memory for a thread");
    th->id = i;
    th->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (th->epfd < 0) fatal("epoll_create1");
    th->inflight = calloc((size_t)cfg.ntargets, sizeof *th->inflight);
    th->carry = calloc((size_t)cfg.ntargets, sizeof *th->carry);
    th->carry_primed = calloc((size_t)cfg.ntargets, sizeof *th->carry_primed);
    th->st.lat = malloc(sizeof *th->st.lat);
    /* Connection j of a target goes to thread j % nthreads. */
    for (int t = 0; t < cfg.ntargets; t++)
      th->nconns += (size_t)(cfg.targets[t].conns / cfg.nthreads + (i < cfg.targets[t].conns % cfg.nthreads));
    th->conns = calloc(th->nconns ? th->nconns : 1, sizeof *th->conns);
    if (!th->inflight || !th->carry || !th->carry_primed || !th->st.lat || !th->conns)
      fatal("memory for the connections and the latency histogram of a thread");
    size_t n = 0;
    for (int t = 0; t < cfg.ntargets; t++)
      for (int j = i; j < cfg.targets[t].conns; j += cfg.nthreads) {
        th->conns[n].fd = -1;
        th->conns[n].target = t;
        n++;
      }
    sh.threads[i] = th;
  }

  if ((errno = pthread_barrier_init(&sh.barrier, NULL, (unsigned)cfg.nthreads)) != 0) fatal("pthread_barrier_init");
  pthread_t *ids = calloc((size_t)cfg.nthreads, sizeof *ids);
  if (!ids) fatal("memory for the threads");
  for (int i = 0; i < cfg.nthreads; i++)
    if ((errno = pthread_create(&ids[i], NULL, thread_main, sh.threads[i])) != 0) fatal("pthread_create");
  for (int i = 0; i < cfg.nthreads; i++)
    if ((errno = pthread_join(ids[i], NULL)) != 0) fatal("pthread_join");
  free(ids);

  if (sh.out != stdout ? fclose(sh.out) != 0 : fflush(sh.out) != 0) out_failed();
  return 0;
}
