"""spectral-norm: the largest singular value of the infinite matrix
A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block."""
from math import sqrt

from harness import run


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


if __name__ == "__main__":
    run("spectralnorm", spectralnorm, lambda n, r: f"{r:.9f}")
