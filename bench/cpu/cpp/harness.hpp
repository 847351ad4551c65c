// What every C++ kernel shares with the other languages (bench/README.md, "CPU suite"):
//
//   kernel N [ITERATIONS]       the whole problem of size N, answer on stdout; with
//                               ITERATIONS > 1 each iteration's seconds as JSON on stderr
//   kernel worker N [START]     a worker (bench/README.md, "Workers"): answers `run`,
//                               `count` and `quit` on stdin, one JSON line each
//
// A kernel is a resumable problem, a class with
//   static constexpr const char* name; static constexpr long long chunk;  // units per chunk of `run`
//   long long init(long long n);       sizes the problem, returns its work units
//   void reset(long long start);       starts it over at unit `start`
//   void advance(long long units);     does the next units
//   std::string answer() const;        what the command line prints for the units done so far
// The command line is reset(0), advance(all), answer(); a worker does whole chunks
// and starts the problem over when it is done.
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

template <class T>
T parse_number(std::string_view s, const char* what) {
    T value{};
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc{} || end != s.data() + s.size()) {
        std::fprintf(stderr, "bad %s: %.*s\n", what, static_cast<int>(s.size()), s.data());
        std::exit(2);
    }
    return value;
}

inline double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\n') out += "\\n";
        else if (c == '"' || c == '\\') out += {'\\', c};
        else out += c;
    }
    return out + "\"";
}

template <class Kernel>
class Worker {
    Kernel& k_;
    long long units_, done_;

public:
    Worker(Kernel& k, long long units, long long start) : k_(k), units_(units), done_(start % units) { k_.reset(done_); }

    // The next `units` units, starting the problem over each time it is done.
    void work(long long units) {
        while (units > 0) {
            if (done_ == units_) {
                k_.reset(0);
                done_ = 0;
            }
            long long take = std::min(units_ - done_, units);
            k_.advance(take);
            done_ += take;
            units -= take;
        }
    }

    int serve() {
        std::printf("{\"ready\":true,\"tests\":[\"%s\"]}\n", Kernel::name);
        std::fflush(stdout);
        char line[256];
        while (std::fgets(line, sizeof line, stdin)) {
            char cmd_buf[16] = "", test_buf[64] = "", arg_buf[64] = "";
            std::sscanf(line, "%15s %63s %63s", cmd_buf, test_buf, arg_buf);
            std::string_view cmd = cmd_buf, test = test_buf, arg = arg_buf;
            if (cmd == "quit") return 0;
            if (test != Kernel::name || (cmd != "run" && cmd != "count")) {
                std::printf("{\"error\":\"unknown command (this worker runs %s)\"}\n", Kernel::name);
                return 1;
            }
            if (cmd == "run") {
                double seconds = std::strtod(arg_buf, nullptr), t0 = now(), elapsed;
                long long chunks = 0;
                do {
                    work(Kernel::chunk);
                    chunks++;
                } while ((elapsed = now() - t0) < seconds);
                std::printf("{\"test\":\"%s\",\"units\":%lld,\"chunks\":%lld,\"seconds\":%.9f,\"checksum\":%s}\n", Kernel::name, chunks * Kernel::chunk, chunks, elapsed,
                            json_string(k_.answer()).c_str());
            } else {
                long long n = parse_number<long long>(arg, "unit count");
                k_.reset(0);
                done_ = 0;
                work(n);
                std::printf("{\"test\":\"%s\",\"units\":%lld,\"checksum\":%s}\n", Kernel::name, n, json_string(k_.answer()).c_str());
            }
            std::fflush(stdout);
        }
        return 0;
    }
};

template <class Kernel>
int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    bool worker = !args.empty() && args[0] == "worker";
    if (args.size() < 1u + worker) {
        std::fprintf(stderr, "usage: %s N [ITERATIONS]\n       %s worker N [START]\n", Kernel::name, Kernel::name);
        return 2;
    }
    Kernel k;
    long long units = k.init(parse_number<long long>(args[worker], "size"));
    if (units <= 0) return 2;
    if (worker) return Worker<Kernel>(k, units, args.size() > 2 ? parse_number<long long>(args[2], "start") : 0).serve();
    int iterations = args.size() > 1 ? std::max(1, parse_number<int>(args[1], "iteration count")) : 1;
    std::string first;
    std::vector<double> seconds;
    for (int it = 0; it < iterations; it++) {
        double t0 = now();
        k.reset(0);
        k.advance(units);
        seconds.push_back(now() - t0);
        std::string answer = k.answer();
        if (it == 0) first = answer;
        else if (answer != first) {
            std::fprintf(stderr, "iteration %d gave a different answer\n", it);
            return 1;
        }
    }
    std::printf("%s\n", first.c_str());
    if (iterations > 1) {
        std::fprintf(stderr, "{\"iteration_seconds\":[");
        for (std::size_t it = 0; it < seconds.size(); it++) std::fprintf(stderr, it ? ",%.9f" : "%.9f", seconds[it]);
        std::fprintf(stderr, "]}\n");
    }
    return 0;
}

// printf into a std::string (answers are short).
template <class... A>
std::string format(const char* fmt, A... a) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a...);
    return buf;
}

}  // namespace harness
