/*
 * Checks the slicer's latency histogram (latency.h) against exact figures.
 *
 *   cc -O2 -o latency-check check/latency-check.c
 *   latency-check N exact   records N values and compares every percentile 1..99, the mean
 *                           and the standard deviation with those of the sorted values
 *   latency-check N         records N values without keeping them, and reports how much
 *                           the process's peak memory grew while doing so
 *
 * Values are drawn (fixed seed) from 1 µs to about 2.5 minutes in nanoseconds, spread over
 * 28 powers of two, so every range of the histogram is used. Prints one line of JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../latency.h"

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint64_t next_value(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  uint64_t mantissa = 1000 + state % 9000;   /* 4 digits */
  unsigned shift = (unsigned)((state >> 32) % 28); /* 2^0 .. 2^27 */
  return mantissa << shift;
}

static int cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static long peak_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss;
}

static double rel(double a, double b) { return b == 0 ? 0 : (a > b ? a - b : b - a) / b; }

static double root(double x) {
  double r = x > 1 ? x : 1;
  for (int i = 0; i < 200; i++) {
    double next = 0.5 * (r + x / r);
    if (next >= r) break;
    r = next;
  }
  return r;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: latency-check N [exact]\n", stderr);
    return 2;
  }
  uint64_t n = strtoull(argv[1], NULL, 10);
  int exact = argc > 2 && strcmp(argv[2], "exact") == 0;
  latency_t *l = malloc(sizeof *l);
  uint64_t *v = exact ? malloc(n * sizeof *v) : NULL;
  if (!l || (exact && !v)) {
    fputs("latency-check: out of memory\n", stderr);
    return 2;
  }
  lat_reset(l);
  long before = peak_kb();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t x = next_value();
    lat_record(l, x);
    if (v) v[i] = x;
  }
  long grown = peak_kb() - before;
  printf("{\"n\":%llu,\"histogram_bytes\":%zu,\"peak_rss_growth_kb\":%ld,\"recorded\":%llu",
         (unsigned long long)n, sizeof *l, grown, (unsigned long long)l->n);
  if (v) {
    qsort(v, n, sizeof *v, cmp);
    double worst = 0, sum = 0, sq = 0;
    unsigned worst_p = 0;
    for (unsigned p = 1; p <= 99; p++) {
      uint64_t rank = (p * n + 99) / 100;
      double e = rel(lat_percentile(l, p), (double)v[rank ? rank - 1 : 0]);
      if (e > worst) worst = e, worst_p = p;
    }
    for (uint64_t i = 0; i < n; i++) sum += (double)v[i];
    double mean = sum / (double)n;
    for (uint64_t i = 0; i < n; i++) sq += ((double)v[i] - mean) * ((double)v[i] - mean);
    double sd = n > 1 ? root(sq / (double)(n - 1)) : 0;
    printf(",\"worst_percentile_error\":%.6g,\"worst_percentile\":%u,\"mean_error\":%.3g,\"stdev_error\":%.3g,\"min_exact\":%s,\"max_exact\":%s,\"bound\":%.6g",
           worst, worst_p, rel(l->mean, mean), rel(root(lat_stdev_squared(l)), sd), l->min == v[0] ? "true" : "false",
           l->max == v[n - 1] ? "true" : "false", LAT_PERCENTILE_ERROR);
  }
  puts("}");
  return 0;
}
