"""The loop of bench/README.md, n iterations: two arithmetic operations and an if."""
import sys
import time


def loop(n):
    acc = 0
    for i in range(n):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return acc


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: loop.py N [ITERATIONS]")
    n = int(sys.argv[1])
    iterations = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    seconds = []
    result = None
    for it in range(iterations):
        t0 = time.perf_counter()
        r = loop(n)
        seconds.append(time.perf_counter() - t0)
        if it > 0 and r != result:
            sys.exit(f"iteration {it} gave a different answer")
        result = r
    print(result)
    if iterations > 1:
        print('{"iteration_seconds":[' + ",".join(f"{s:.9f}" for s in seconds) + "]}", file=sys.stderr)


if __name__ == "__main__":
    main()
