"""The loop of bench/README.md, n iterations: two arithmetic operations and an if."""
from harness import run


def loop(n):
    acc = 0
    for i in range(n):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return acc


if __name__ == "__main__":
    run("loop", loop, lambda n, r: str(r))
