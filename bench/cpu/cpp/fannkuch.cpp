// fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
// rotating prefixes), count the prefix reversals ("pancake flips") until 0
// comes first; report the maximum and an alternating-sign checksum.
//
// The permutations and flips are the other languages' one by one; what is
// different is that a permutation is a 16-byte vector, so that a flip and a
// rotation are each one byte shuffle through a precomputed mask, as in the
// Benchmarks Game's faster programs. The shuffle is GCC's portable
// __builtin_shuffle (std::experimental::simd has no permutation before C++26).
#include <array>
#include <cstdint>
#include <cstdio>

#include "harness.hpp"

namespace {

constexpr int max_n = 16;
using Perm = std::uint8_t __attribute__((vector_size(max_n)));

// masks[k][b]: which byte goes to position b.
template <class F>
std::array<Perm, max_n> masks(F f) {
    std::array<Perm, max_n> table{};
    for (int k = 0; k < max_n; k++)
        for (int b = 0; b < max_n; b++) table[k][b] = static_cast<std::uint8_t>(f(k, b));
    return table;
}
// reverses bytes 0..k
const auto flip = masks([](int k, int b) { return b <= k ? k - b : b; });
// rotates bytes 0..r left by one
const auto rotate = masks([](int r, int b) { return b < r ? b + 1 : b == r ? 0 : b; });

struct Result {
    int checksum;
    int max_flips;
    bool operator==(const Result&) const = default;
};

Result fannkuch(int n) {
    Perm perm1;  // the current permutation
    for (int b = 0; b < max_n; b++) perm1[b] = static_cast<std::uint8_t>(b);
    std::array<int, max_n> count{};
    Result res{0, 0};
    long long perm_index = 0;
    int r = n;
    for (;;) {
        for (; r != 1; r--) count[r - 1] = r;

        Perm perm = perm1;  // a copy that gets flipped
        int flips = 0;
        for (int k; (k = perm[0]) != 0; flips++) perm = __builtin_shuffle(perm, flip[k]);
        if (flips > res.max_flips) res.max_flips = flips;
        res.checksum += perm_index % 2 == 0 ? flips : -flips;

        // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
        for (;;) {
            if (r == n) return res;
            perm1 = __builtin_shuffle(perm1, rotate[r]);
            if (--count[r] > 0) break;
            r++;
        }
        perm_index++;
    }
}

}  // namespace

int main(int argc, char** argv) {
    auto args = harness::parse(argc, argv, "fannkuch", 1);
    if (args.n > max_n) {
        std::fprintf(stderr, "fannkuch: N must be at most %d (one byte per element in a 16-byte vector), got %lld\n", max_n, args.n);
        return 2;
    }
    int n = static_cast<int>(args.n);
    Result result = harness::run(args.iterations, [&] { return fannkuch(n); });
    std::printf("%d\nPfannkuchen(%d) = %d\n", result.checksum, n, result.max_flips);
}
