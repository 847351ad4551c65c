/* n-body: five Jovian bodies, simple symplectic integrator, n steps of 0.01.

   The arithmetic is the other languages' (same operations, same order, so the
   same answer to the last bit); the layout is the Benchmarks Game's: a body's
   position and velocity are 4-lane vectors (x, y, z, 0), the loops over the ten
   pairs are fully unrolled so that the state stays in registers, and the ten
   square roots and divisions go four at a time. The vectors are GCC's portable
   vector extension (vector_size), compiled to AVX2 here; no intrinsics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NBODIES 5

/* x, y, z and a lane that stays 0 */
typedef double vec __attribute__((vector_size(4 * sizeof(double))));
#define LANES 4
#define NPAIRS (NBODIES * (NBODIES - 1) / 2)
#define NGROUPS ((NPAIRS + LANES - 1) / LANES)

struct initial_body {
    double x, y, z, vx, vy, vz, mass;
};

struct body {
    vec pos, vel;
    double mass;
};

static const struct initial_body initial[NBODIES] = {
    /* Sun */
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    /* Jupiter */
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    /* Saturn */
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    /* Uranus */
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    /* Neptune */
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

/* dx*dx + dy*dy + dz*dz, added left to right as in the scalar programs */
static double norm2(vec d) {
    vec s = d * d;
    return s[0] + s[1] + s[2];
}

/* pair p's squared distance; 1 (any positive number) for the lanes after the last pair */
static double norm2_of(const vec *d, int p) {
    return p < NPAIRS ? norm2(d[p]) : 1;
}

/* gcc makes the lane loop one vector square root (given -fno-math-errno). Kept
   out of line: inlined into the unrolled advance(), gcc 12 vectorises only half of it. */
__attribute__((noinline)) static vec vsqrt(vec x) {
    vec r;
    for (int l = 0; l < LANES; l++) r[l] = sqrt(x[l]);
    return r;
}

static void offset_momentum(struct body *b) {
    vec p = {0, 0, 0, 0};
    for (int i = 0; i < NBODIES; i++) p += b[i].vel * b[i].mass;
    b[0].vel = -p / SOLAR_MASS;
}

static double energy(const struct body *b) {
    double e = 0;
    for (int i = 0; i < NBODIES; i++) {
        e += 0.5 * b[i].mass * norm2(b[i].vel);
        for (int j = i + 1; j < NBODIES; j++) e -= b[i].mass * b[j].mass / sqrt(norm2(b[i].pos - b[j].pos));
    }
    return e;
}

static void advance(struct body *b, double dt) {
    vec d[NPAIRS], mag[NGROUPS];
    int k = 0;
#pragma GCC unroll 16
    for (int i = 0; i < NBODIES; i++)
#pragma GCC unroll 16
        for (int j = i + 1; j < NBODIES; j++, k++) d[k] = b[i].pos - b[j].pos;
#pragma GCC unroll 16
    for (int g = 0; g < NGROUPS; g++) {
        int p = g * LANES;
        vec d2 = {norm2_of(d, p), norm2_of(d, p + 1), norm2_of(d, p + 2), norm2_of(d, p + 3)};
        mag[g] = dt / (d2 * vsqrt(d2));
    }
    k = 0;
#pragma GCC unroll 16
    for (int i = 0; i < NBODIES; i++)
#pragma GCC unroll 16
        for (int j = i + 1; j < NBODIES; j++, k++) {
            double m = mag[k / LANES][k % LANES];
            b[i].vel -= d[k] * b[j].mass * m;
            b[j].vel += d[k] * b[i].mass * m;
        }
#pragma GCC unroll 16
    for (int i = 0; i < NBODIES; i++) b[i].pos += dt * b[i].vel;
}

static struct body bodies[NBODIES];
static double energy_before;

static long long nbody_init(long long n) {
    return n; /* one unit = one step */
}

static void nbody_reset(long long start) {
    (void)start; /* every step costs the same: the problem starts at its beginning */
    for (int i = 0; i < NBODIES; i++) {
        const struct initial_body *s = &initial[i];
        bodies[i] = (struct body){{s->x, s->y, s->z, 0}, {s->vx, s->vy, s->vz, 0}, s->mass};
    }
    offset_momentum(bodies);
    energy_before = energy(bodies);
}

static void nbody_advance(long long steps) {
    for (long long s = 0; s < steps; s++) advance(bodies, 0.01);
}

static void nbody_answer(char *buf, size_t size) {
    snprintf(buf, size, "%.9f\n%.9f", energy_before, energy(bodies));
}

static const struct harness_kernel kernel = {"nbody", 10000, nbody_init, nbody_reset, nbody_advance, nbody_answer};

int main(int argc, char **argv) {
    return harness_main(&kernel, argc, argv);
}
