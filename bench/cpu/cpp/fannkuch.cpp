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

// One unit = one permutation. The generator's state persists between units;
// reset(start) jumps to permutation `start` (its digits in the factorial number
// system say how far each prefix has been rotated), since permutations cost
// unequal numbers of flips and a worker starts at a random one.
struct Fannkuch {
    static constexpr const char* name = "fannkuch";
    static constexpr long long chunk = 5040;
    int n = 0, r = 0, checksum = 0, max_flips = 0;
    Perm perm1{};  // the current permutation
    std::array<int, max_n> count{};
    long long perm_index = 0;

    long long init(long long size) {
        if (size < 1 || size > max_n) {
            std::fprintf(stderr, "fannkuch: N must be between 1 and %d (one byte per element in a 16-byte vector), got %lld\n", max_n, size);
            return 0;
        }
        n = static_cast<int>(size);
        long long units = 1;
        for (int i = 2; i <= n; i++) units *= i;
        return units;
    }

    void reset(long long start) {
        for (int b = 0; b < max_n; b++) perm1[b] = static_cast<std::uint8_t>(b);
        r = n;
        perm_index = start;
        checksum = max_flips = 0;
        if (start == 0) return;
        long long fact = 1;
        for (int i = 2; i < n; i++) fact *= i;
        for (int i = n - 1; i > 0; fact /= i, i--) {  // fact = i!
            int d = static_cast<int>(start / fact);
            start %= fact;
            for (int k = 0; k < d; k++) perm1 = __builtin_shuffle(perm1, rotate[i]);
            count[i] = i + 1 - d;
        }
        r = 1;
    }

    void advance(long long units) {
        for (long long u = 0; u < units; u++) {
            for (; r != 1; r--) count[r - 1] = r;

            Perm perm = perm1;  // a copy that gets flipped
            int flips = 0;
            for (int k; (k = perm[0]) != 0; flips++) perm = __builtin_shuffle(perm, flip[k]);
            if (flips > max_flips) max_flips = flips;
            checksum += perm_index % 2 == 0 ? flips : -flips;

            // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
            for (;;) {
                if (r == n) break;  // that was the last one
                perm1 = __builtin_shuffle(perm1, rotate[r]);
                if (--count[r] > 0) break;
                r++;
            }
            perm_index++;
        }
    }

    std::string answer() const { return harness::format("%d\nPfannkuchen(%d) = %d", checksum, n, max_flips); }
};

}  // namespace

int main(int argc, char** argv) {
    return harness::main<Fannkuch>(argc, argv);
}
