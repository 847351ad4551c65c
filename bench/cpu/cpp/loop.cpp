// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
// One long dependency chain (each acc needs the previous one): nothing to
// vectorise, so this is the C program in C++ clothes.
#include <cstdint>
#include <cstdio>

#include "harness.hpp"

namespace {

std::int64_t loop(std::int64_t n) {
    std::int64_t acc = 0;
    for (std::int64_t i = 0; i < n; i++) {
        acc = (acc * 31 + i) % 1000003;
        if (acc % 2 == 0) acc += 1;
    }
    return acc;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = harness::parse(argc, argv, "loop");
    std::int64_t result = harness::run(args.iterations, [&] { return loop(args.n); });
    std::printf("%lld\n", static_cast<long long>(result));
}
