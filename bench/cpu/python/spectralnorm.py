"""spectral-norm: the largest singular value of the infinite matrix
A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block."""
from math import sqrt

from harness import main


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


class SpectralNorm:
    """The problem; one unit = one product A·Aᵀ·v. 10 rounds of the power method are 20 of
    them, alternately v = AᵀA·u and u = AᵀA·v; every product costs the same."""

    def init(self, n):
        self.n = n
        return 20

    def reset(self, start):
        self.u = [1.0] * self.n
        self.v = [0.0] * self.n
        self.products = 0

    def advance(self, units):
        for _ in range(units):
            if self.products % 2 == 0:
                self.v = mult_atav(self.u)
            else:
                self.u = mult_atav(self.v)
            self.products += 1

    def answer(self):
        vbv = 0.0
        vv = 0.0
        for ui, vi in zip(self.u, self.v):
            vbv += ui * vi
            vv += vi * vi
        # Before the first product v is zero: no norm yet (NaN, as in the other languages).
        return f"{sqrt(vbv / vv):.9f}" if vv else "nan"


if __name__ == "__main__":
    main("spectralnorm", 1, SpectralNorm())
