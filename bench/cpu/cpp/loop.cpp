// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
// One long dependency chain (each acc needs the previous one): nothing to
// vectorise, so this is the C program in C++ clothes.
#include <cstdint>
#include <cstdio>

#include "harness.hpp"

namespace {

// One unit = one iteration; the accumulator and the next i persist between units.
struct Loop {
    static constexpr const char* name = "loop";
    static constexpr long long chunk = 100000;
    std::int64_t acc = 0, next_i = 0;

    long long init(long long n) { return n; }

    void reset(long long) { acc = next_i = 0; }

    void advance(long long units) {
        std::int64_t a = acc, end = next_i + units;
        for (std::int64_t i = next_i; i < end; i++) {
            a = (a * 31 + i) % 1000003;
            if (a % 2 == 0) a += 1;
        }
        acc = a;
        next_i = end;
    }

    std::string answer() const { return harness::format("%lld", static_cast<long long>(acc)); }
};

}  // namespace

int main(int argc, char** argv) {
    return harness::main<Loop>(argc, argv);
}
