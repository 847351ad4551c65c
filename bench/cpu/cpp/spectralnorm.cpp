// spectral-norm: the largest singular value of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.
//
// A row's sum is added in the same j order as in the other languages (no
// reassociation, so the same answer to the last bit); what is vectorised is the
// rows: four rows at a time, one per lane of a std::experimental::simd (AVX2 here).
#include <cmath>
#include <cstdio>
#include <experimental/simd>
#include <span>
#include <vector>

#include "harness.hpp"

namespace {

namespace stdx = std::experimental;
using Vec = stdx::fixed_size_simd<double, 4>;
using IntVec = stdx::fixed_size_simd<int, Vec::size()>;

double a(int i, int j) {
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

// A(i,j) for four (i,j) at once; inline, or g++ 12 calls it out of line for A·v
[[gnu::always_inline]] inline Vec a(IntVec i, IntVec j) {
    return 1.0 / stdx::static_simd_cast<Vec>((i + j) * (i + j + 1) / 2 + i + 1);
}

const IntVec lanes([](int l) { return l; });

// out = A·v, or Aᵀ·v when `transpose`.
template <bool transpose>
void mult(std::span<const double> v, std::span<double> out) {
    const int n = static_cast<int>(v.size());
    int i = 0;
    for (; i + static_cast<int>(Vec::size()) <= n; i += Vec::size()) {
        const IntVec rows = lanes + i;
        Vec sum = 0;
        for (int j = 0; j < n; j++) sum += (transpose ? a(IntVec(j), rows) : a(rows, IntVec(j))) * v[j];
        sum.copy_to(&out[i], stdx::element_aligned);
    }
    for (; i < n; i++) {  // the last n % 4 rows
        double sum = 0;
        for (int j = 0; j < n; j++) sum += (transpose ? a(j, i) : a(i, j)) * v[j];
        out[i] = sum;
    }
}

void mult_atav(std::span<const double> v, std::span<double> out, std::span<double> tmp) {
    mult<false>(v, tmp);
    mult<true>(tmp, out);
}

// One unit = one product A·Aᵀ·v: 10 rounds of the power method are 20 of them,
// alternately v = AᵀA·u and u = AᵀA·v. Every product costs the same.
struct SpectralNorm {
    static constexpr const char* name = "spectralnorm";
    static constexpr long long chunk = 1;
    std::vector<double> u, v, tmp;
    long long products = 0;

    long long init(long long n) {
        if (n < 1) return 0;
        u.resize(n), v.resize(n), tmp.resize(n);
        return 20;
    }

    void reset(long long) {
        std::fill(u.begin(), u.end(), 1.0);
        std::fill(v.begin(), v.end(), 0.0);
        products = 0;
    }

    void advance(long long units) {
        for (long long p = 0; p < units; p++, products++) {
            if (products % 2 == 0) mult_atav(u, v, tmp);
            else mult_atav(v, u, tmp);
        }
    }

    std::string answer() const {
        double vbv = 0, vv = 0;
        for (std::size_t i = 0; i < u.size(); i++) {
            vbv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        return harness::format("%.9f", std::sqrt(vbv / vv));
    }
};

}  // namespace

int main(int argc, char** argv) {
    return harness::main<SpectralNorm>(argc, argv);
}
