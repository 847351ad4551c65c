/*
 * Latencies of a slice in bounded memory: a log-bucketed histogram in the
 * manner of HdrHistogram (as wrk2 records latencies), plus exact count,
 * minimum, maximum, mean and variance.
 *
 * Values (ns) below 256 have a bucket each; above, every power of two
 * [2^k, 2^(k+1)) is cut into 128 equal buckets, so a bucket is never wider
 * than 1/128 of its lowest value. A percentile is reported as its bucket's
 * midpoint (clamped into [min, max]), at most half a bucket from the true
 * value: relative error <= 1/256 (0.39 %). 7,424 buckets cover every uint64_t,
 * so no value is ever clamped or dropped, and memory does not grow with the
 * number of requests (58 KiB per histogram).
 */
#ifndef SLICER_LATENCY_H
#define SLICER_LATENCY_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define LAT_EXACT 256u    /* values below this have a bucket each */
#define LAT_SUB 128u      /* buckets per power of two above it */
#define LAT_BUCKETS (LAT_EXACT + 56u * LAT_SUB)
#define LAT_PERCENTILE_ERROR (1.0 / 256.0) /* largest relative error of a reported percentile */

typedef struct {
  uint64_t n, min, max;
  double mean, m2; /* Welford: running mean and sum of squared deviations (ns) */
  uint64_t counts[LAT_BUCKETS];
} latency_t;

static inline unsigned lat_index(uint64_t v) {
  if (v < LAT_EXACT) return (unsigned)v;
  unsigned msb = 63u - (unsigned)__builtin_clzll(v); /* >= 8 */
  unsigned shift = msb - 7u;                          /* v >> shift is in [128, 256) */
  return LAT_EXACT + (shift - 1u) * LAT_SUB + (unsigned)((v >> shift) - LAT_SUB);
}

/* The lowest value of bucket i, and its width. */
static inline uint64_t lat_low(unsigned i, uint64_t *width) {
  if (i < LAT_EXACT) {
    *width = 1;
    return i;
  }
  unsigned j = i - LAT_EXACT, shift = j / LAT_SUB + 1u;
  *width = 1ull << shift;
  return (uint64_t)(j % LAT_SUB + LAT_SUB) << shift;
}

static inline void lat_reset(latency_t *l) { memset(l, 0, sizeof *l); }

static inline void lat_record(latency_t *l, uint64_t v) {
  l->counts[lat_index(v)]++;
  if (l->n == 0 || v < l->min) l->min = v;
  if (v > l->max) l->max = v;
  l->n++;
  double d = (double)v - l->mean;
  l->mean += d / (double)l->n;
  l->m2 += d * ((double)v - l->mean);
}

/* Adds b into a (Chan et al.'s pairwise update for mean and variance). */
static inline void lat_merge(latency_t *a, const latency_t *b) {
  if (b->n == 0) return;
  if (a->n == 0 || b->min < a->min) a->min = b->min;
  if (b->max > a->max) a->max = b->max;
  double na = (double)a->n, nb = (double)b->n, n = na + nb, d = b->mean - a->mean;
  a->mean += d * nb / n;
  a->m2 += b->m2 + d * d * na * nb / n;
  a->n += b->n;
  for (unsigned i = 0; i < LAT_BUCKETS; i++) a->counts[i] += b->counts[i];
}

/* Nearest rank: the value of the smallest rank with at least p % of the values at or below it (n > 0). */
static inline double lat_percentile(const latency_t *l, unsigned p) {
  uint64_t rank = (p * l->n + 99) / 100, seen = 0;
  if (rank == 0) rank = 1;
  for (unsigned i = 0; i < LAT_BUCKETS; i++) {
    seen += l->counts[i];
    if (seen >= rank) {
      uint64_t width, low = lat_low(i, &width);
      double mid = (double)low + (double)(width - 1) / 2.0;
      if (mid < (double)l->min) mid = (double)l->min;
      if (mid > (double)l->max) mid = (double)l->max;
      return mid;
    }
  }
  return (double)l->max;
}

static inline double lat_stdev_squared(const latency_t *l) { return l->n > 1 ? l->m2 / (double)(l->n - 1) : 0; }

#endif
