"""What every kernel shares with the other languages (bench/README.md, "CPU suite"):

    kernel.py N [ITERATIONS]      the whole problem of size N, answer on stdout; with
                                  ITERATIONS > 1 each iteration's seconds as JSON on stderr
    kernel.py worker N [START]    a worker (bench/README.md, "Workers"): answers `run`,
                                  `count` and `quit` on stdin, one JSON line each

A kernel is a resumable problem, an object with
    init(n) -> units        sizes the problem, returns how many work units make it
    reset(start)            starts it over at unit `start`
    advance(units)          does the next units
    answer() -> str         what the command line prints for the units done so far
The command line is reset(0), advance(all), answer(); a worker does whole chunks
of units and starts the problem over when it is done."""
import json
import sys
import time


def _serve(name, chunk, kernel, units, start):
    done = start
    kernel.reset(start)

    def work(n):
        """The next n units, starting the problem over each time it is done."""
        nonlocal done
        while n > 0:
            if done == units:
                kernel.reset(0)
                done = 0
            take = min(units - done, n)
            kernel.advance(take)
            done += take
            n -= take

    def say(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    say({"ready": True, "tests": [name]})
    for line in sys.stdin:
        words = line.split()
        if words and words[0] == "quit":
            return 0
        if len(words) != 3 or words[1] != name or words[0] not in ("run", "count"):
            say({"error": f"unknown command (this worker runs {name})"})
            return 1
        if words[0] == "run":
            seconds = float(words[2])
            t0 = time.perf_counter()
            chunks = 0
            while True:
                work(chunk)
                chunks += 1
                elapsed = time.perf_counter() - t0
                if elapsed >= seconds:
                    break
            say({"test": name, "units": chunks * chunk, "chunks": chunks, "seconds": elapsed, "checksum": kernel.answer()})
        else:
            n = int(words[2])
            kernel.reset(0)
            done = 0
            work(n)
            say({"test": name, "units": n, "checksum": kernel.answer()})
    return 0


def main(name, chunk, kernel):
    """The command line or, with `worker`, a worker; `chunk` is the units per chunk of `run`."""
    args = sys.argv[1:]
    worker = bool(args) and args[0] == "worker"
    if worker:
        args = args[1:]
    if not args:
        sys.exit(f"usage: {name}.py N [ITERATIONS]\n       {name}.py worker N [START]")
    units = kernel.init(int(args[0]))
    if worker:
        sys.exit(_serve(name, chunk, kernel, units, int(args[1]) % units if len(args) > 1 else 0))
    iterations = max(1, int(args[1])) if len(args) > 1 else 1
    seconds = []
    first = None
    for it in range(iterations):
        t0 = time.perf_counter()
        kernel.reset(0)
        kernel.advance(units)
        seconds.append(time.perf_counter() - t0)
        answer = kernel.answer()
        # Comparing answers also keeps a JIT from discarding repeated runs.
        if first is None:
            first = answer
        elif answer != first:
            sys.exit(f"iteration {it} gave a different answer")
    print(first)
    if iterations > 1:
        print('{"iteration_seconds":[' + ",".join(f"{s:.9f}" for s in seconds) + "]}", file=sys.stderr)
