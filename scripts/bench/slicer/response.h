/*
 * Framing of HTTP/1.x responses on a keep-alive connection: where one response
 * ends, whether the connection may carry the next, and its status. Status
 * lines and headers are parsed by picohttpparser (vendor/picohttpparser), and
 * chunked bodies decoded by it too; this file decides what they mean
 * (RFC 9112 section 6.3, message body length; section 9.3, persistence).
 *
 * Bodies are counted, never stored; a head split across reads is kept in a
 * buffer of the connection's own (RESP_HEAD_MAX bytes, allocated on first need).
 */
#ifndef SLICER_RESPONSE_H
#define SLICER_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vendor/picohttpparser/picohttpparser.h"

#define RESP_HEAD_MAX 16384 /* longest status line + headers accepted (Node's default limit) */
#define RESP_MAX_HEADERS 100

enum resp_state {
  R_HEAD,        /* status line and headers (and any 1xx interim responses before them) */
  R_BODY,        /* a Content-Length body: `remaining` bytes left */
  R_CHUNKED,     /* a chunked body, its extensions and trailers */
  R_UNTIL_CLOSE, /* no length: the body ends when the server closes */
  R_DONE,
  R_ERROR
};

typedef struct {
  uint8_t state;
  bool keep_alive;     /* once done: the connection may carry another request */
  bool no_memory;      /* R_ERROR because the head buffer could not be allocated */
  int status;          /* the final status code */
  uint64_t remaining;  /* R_BODY */
  uint32_t head_len;   /* bytes of a partial head in `head` */
  char *head;          /* RESP_HEAD_MAX bytes, allocated on the first head split across reads */
  const char *error;   /* why R_ERROR, a static string */
  struct phr_chunked_decoder chunk;
} resp_t;

/* Before each response (keeps the head buffer for reuse). */
void resp_start(resp_t *r);

/* Frees the head buffer. */
void resp_free(resp_t *r);

/*
 * Feeds bytes of the connection. Returns how many belong to the current
 * response: all n, unless it completes (R_DONE) or is malformed (R_ERROR)
 * before their end. Bytes after a complete response are left in place at
 * buf + returned value (they begin whatever follows on the connection);
 * bytes before it may be rewritten (chunked decoding works in place).
 */
size_t resp_feed(resp_t *r, char *buf, size_t n);

/* The server closed the connection: true if that ends the response (a body without length). */
bool resp_closed(resp_t *r);

#endif
