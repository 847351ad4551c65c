// The command-line contract every C++ kernel shares with the other languages
// (bench/README.md, "CPU suite"): `kernel N [ITERATIONS]`, the answer on stdout,
// and with ITERATIONS > 1 the seconds of each iteration as JSON on stderr (the
// runner's warm-up/steady-state split).
#pragma once

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

namespace harness {

struct Args {
    long long n;
    int iterations;
};

template <class T>
T parse_number(const char* text, const char* what) {
    std::string_view s(text);
    T value{};
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc{} || end != s.data() + s.size()) {
        std::fprintf(stderr, "bad %s: %s\n", what, text);
        std::exit(2);
    }
    return value;
}

// The size (first argument, at least `min_n`) and the iteration count (second, default 1).
inline Args parse(int argc, char** argv, const char* name, long long min_n = 0) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s N [ITERATIONS]\n", name);
        std::exit(2);
    }
    Args args{parse_number<long long>(argv[1], "size"), argc > 2 ? parse_number<int>(argv[2], "iteration count") : 1};
    if (args.n < min_n) {
        std::fprintf(stderr, "%s: N must be at least %lld, got %lld\n", name, min_n, args.n);
        std::exit(2);
    }
    if (args.iterations < 1) args.iterations = 1;
    return args;
}

// Calls `kernel` `iterations` times, checks that every run gives the same answer
// (which also keeps the compiler from dropping repeated runs), prints the timings
// when there was more than one, and returns the answer.
template <class Kernel>
auto run(int iterations, Kernel kernel) {
    using clock = std::chrono::steady_clock;
    std::optional<decltype(kernel())> answer;
    std::vector<double> seconds;
    // One call site, so that the compiler makes one copy of the kernel.
    for (int it = 0; it < iterations; it++) {
        auto start = clock::now();
        auto r = kernel();
        seconds.push_back(std::chrono::duration<double>(clock::now() - start).count());
        if (answer && !(r == *answer)) {
            std::fprintf(stderr, "iteration %d gave a different answer\n", it);
            std::exit(1);
        }
        answer = r;
    }
    if (iterations > 1) {
        std::fprintf(stderr, "{\"iteration_seconds\":[");
        for (std::size_t it = 0; it < seconds.size(); it++) std::fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
        std::fprintf(stderr, "]}\n");
    }
    return *answer;
}

}  // namespace harness
