"""spectral-norm: the largest singular value of the infinite matrix
A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block."""
import sys
import time
from math import sqrt


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


# The sums are written as plain loops rather than sum(): from Python 3.12 on,
# sum() of floats is compensated and would round differently from the other languages.
def mult_av(v):
    n = len(v)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(i, j) * v[j]
        out.append(total)
    return out


def mult_atv(v):
    n = len(v)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(j, i) * v[j]
        out.append(total)
    return out


def mult_atav(v):
    return mult_atv(mult_av(v))


def spectralnorm(n):
    u = [1.0] * n
    for _ in range(10):
        v = mult_atav(u)
        u = mult_atav(v)
    vbv = 0.0
    vv = 0.0
    for ui, vi in zip(u, v):
        vbv += ui * vi
        vv += vi * vi
    return sqrt(vbv / vv)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: spectralnorm.py N [ITERATIONS]")
    n = int(sys.argv[1])
    iterations = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    seconds = []
    result = None
    for it in range(iterations):
        t0 = time.perf_counter()
        r = spectralnorm(n)
        seconds.append(time.perf_counter() - t0)
        if it > 0 and r != result:
            sys.exit(f"iteration {it} gave a different answer")
        result = r
    print(f"{result:.9f}")
    if iterations > 1:
        print('{"iteration_seconds":[' + ",".join(f"{s:.9f}" for s in seconds) + "]}", file=sys.stderr)


if __name__ == "__main__":
    main()
