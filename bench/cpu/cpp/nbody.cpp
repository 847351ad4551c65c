// n-body: five Jovian bodies, simple symplectic integrator, n steps of 0.01.
//
// The arithmetic is the other languages' (same operations, same order, so the
// same answer to the last bit); the layout is the Benchmarks Game's: a body's
// position and velocity are 4-lane vectors (x, y, z, 0), the ten pairs are a
// compile-time table walked by a fully unrolled loop, and their ten square
// roots and divisions go four at a time (std::experimental::simd, AVX2 here).
#include <array>
#include <cmath>
#include <cstdio>
#include <experimental/simd>
#include <utility>

#include "harness.hpp"

namespace {

namespace stdx = std::experimental;
using Vec = stdx::fixed_size_simd<double, 4>;  // x, y, z and a lane that stays 0

constexpr double pi = 3.141592653589793;
constexpr double solar_mass = 4 * pi * pi;
constexpr double days_per_year = 365.24;

struct Initial {
    double x, y, z, vx, vy, vz, mass;
};

constexpr std::array<Initial, 5> initial{{
    // Sun
    {0, 0, 0, 0, 0, 0, solar_mass},
    // Jupiter
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * days_per_year, 7.69901118419740425e-03 * days_per_year,
     -6.90460016972063023e-05 * days_per_year, 9.54791938424326609e-04 * solar_mass},
    // Saturn
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * days_per_year, 4.99852801234917238e-03 * days_per_year,
     2.30417297573763929e-05 * days_per_year, 2.85885980666130812e-04 * solar_mass},
    // Uranus
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * days_per_year, 2.37847173959480950e-03 * days_per_year,
     -2.96589568540237556e-05 * days_per_year, 4.36624404335156298e-05 * solar_mass},
    // Neptune
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * days_per_year, 1.62824170038242295e-03 * days_per_year,
     -9.51592254519715870e-05 * days_per_year, 5.15138902046611451e-05 * solar_mass},
}};

struct Body {
    Vec pos, vel;
    double mass;
};

constexpr std::size_t n_bodies = initial.size();
constexpr std::size_t n_pairs = n_bodies * (n_bodies - 1) / 2;
constexpr std::size_t n_groups = (n_pairs + Vec::size() - 1) / Vec::size();

using System = std::array<Body, n_bodies>;

struct Pair {
    std::size_t i, j;
};

// (0,1), (0,2), …, (3,4): the order of the nested loops in the other languages.
constexpr auto pairs = [] {
    std::array<Pair, n_pairs> p{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < n_bodies; i++)
        for (std::size_t j = i + 1; j < n_bodies; j++) p[k++] = {i, j};
    return p;
}();

// Calls f(K) for K = 0 … N-1 as compile-time constants: a loop the compiler
// sees fully unrolled, so that the state stays in registers.
template <std::size_t N, class F>
void unrolled(F f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (f(std::integral_constant<std::size_t, K>{}), ...);
    }(std::make_index_sequence<N>{});
}

// dx*dx + dy*dy + dz*dz, added left to right as in the scalar programs.
double norm2(const Vec& d) {
    Vec s = d * d;
    return s[0] + s[1] + s[2];
}

void offset_momentum(System& b) {
    Vec p = 0;
    for (const auto& body : b) p += body.vel * body.mass;
    b[0].vel = -p / solar_mass;
}

double energy(const System& b) {
    double e = 0;
    for (std::size_t i = 0; i < n_bodies; i++) {
        e += 0.5 * b[i].mass * norm2(b[i].vel);
        for (std::size_t j = i + 1; j < n_bodies; j++)
            e -= b[i].mass * b[j].mass / std::sqrt(norm2(b[i].pos - b[j].pos));
    }
    return e;
}

void advance(System& b, double dt) {
    std::array<Vec, n_pairs> d;
    unrolled<n_pairs>([&](auto k) { d[k] = b[pairs[k].i].pos - b[pairs[k].j].pos; });
    std::array<Vec, n_groups> mag;
    unrolled<n_groups>([&](auto g) {
        // lanes after the last pair get 1: any positive number will do
        Vec d2([&](auto l) { return g * Vec::size() + l < n_pairs ? norm2(d[g * Vec::size() + l]) : 1.0; });
        mag[g] = dt / (d2 * stdx::sqrt(d2));
    });
    unrolled<n_pairs>([&](auto k) {
        constexpr Pair p = pairs[k];
        double m = mag[k / Vec::size()][k % Vec::size()];
        b[p.i].vel -= d[k] * b[p.j].mass * m;
        b[p.j].vel += d[k] * b[p.i].mass * m;
    });
    for (auto& body : b) body.pos += dt * body.vel;
}

// One unit = one step; every step costs the same, so the problem starts at its beginning.
struct NBody {
    static constexpr const char* name = "nbody";
    static constexpr long long chunk = 10000;
    System b;
    double before = 0;

    long long init(long long n) { return n; }

    void reset(long long) {
        for (std::size_t i = 0; i < n_bodies; i++) {
            const Initial& s = initial[i];
            b[i] = {Vec([&](auto l) { return std::array{s.x, s.y, s.z, 0.0}[l]; }),
                    Vec([&](auto l) { return std::array{s.vx, s.vy, s.vz, 0.0}[l]; }), s.mass};
        }
        offset_momentum(b);
        before = energy(b);
    }

    void advance(long long steps) {
        for (long long s = 0; s < steps; s++) ::advance(b, 0.01);
    }

    std::string answer() const { return harness::format("%.9f\n%.9f", before, energy(b)); }
};

}  // namespace

int main(int argc, char** argv) {
    return harness::main<NBody>(argc, argv);
}
