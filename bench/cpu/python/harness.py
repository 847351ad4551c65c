"""The command-line contract every kernel shares (bench/README.md, "CPU suite"):
size first, optional in-process iteration count second; the answer printed once
on stdout; with more than one iteration, each iteration's seconds on stderr."""
import sys
import time


def run(name, kernel, describe):
    """Runs kernel(n) the requested number of times and prints describe(n, result)."""
    if len(sys.argv) < 2:
        sys.exit(f"usage: {name}.py N [ITERATIONS]")
    n = int(sys.argv[1])
    iterations = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    seconds = []
    result = None
    for it in range(iterations):
        t0 = time.perf_counter()
        r = kernel(n)
        seconds.append(time.perf_counter() - t0)
        # Comparing answers also keeps a JIT from discarding repeated runs.
        if it > 0 and r != result:
            sys.exit(f"iteration {it} gave a different answer")
        result = r
    print(describe(n, result))
    if iterations > 1:
        print('{"iteration_seconds":[' + ",".join(f"{s:.9f}" for s in seconds) + "]}", file=sys.stderr)
