"""fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
rotating prefixes), count the prefix reversals ("pancake flips") until 0
comes first; report the maximum and an alternating-sign checksum."""
import sys
from math import factorial

from harness import main


class Fannkuch:
    """The problem; one unit = one permutation. The generator's state persists between
    units; reset(start) jumps to permutation `start` (its digits in the factorial number
    system say how far each prefix has been rotated), since permutations cost unequal
    numbers of flips and a worker starts at a random one."""

    def init(self, n):
        if not 1 <= n <= 20:
            sys.exit(f"fannkuch: N must be between 1 and 20, got {n}")
        self.n = n
        return factorial(n)

    def reset(self, start):
        n = self.n
        self.perm1 = list(range(n))  # the current permutation
        self.count = [0] * n
        self.r = n
        self.perm_index = start
        self.checksum = 0
        self.max_flips = 0
        if start == 0:
            return
        for i in range(n - 1, 0, -1):
            d, start = divmod(start, factorial(i))
            self.perm1[:i + 1] = self.perm1[d:i + 1] + self.perm1[:d]
            self.count[i] = i + 1 - d
        self.r = 1

    def advance(self, units):
        n, perm1, count, r = self.n, self.perm1, self.count, self.r
        checksum, max_flips, perm_index = self.checksum, self.max_flips, self.perm_index
        for _ in range(units):
            while r != 1:
                count[r - 1] = r
                r -= 1

            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k != 0:
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            max_flips = max(max_flips, flips)
            checksum += flips if perm_index % 2 == 0 else -flips

            # next permutation: rotate the first r+1 elements left by one, carrying like an odometer
            while r != n:
                perm1.insert(r, perm1.pop(0))
                count[r] -= 1
                if count[r] > 0:
                    break
                r += 1
            perm_index += 1
        self.r, self.checksum, self.max_flips, self.perm_index = r, checksum, max_flips, perm_index

    def answer(self):
        return f"{self.checksum}\nPfannkuchen({self.n}) = {self.max_flips}"


if __name__ == "__main__":
    main("fannkuch", 5040, Fannkuch())
