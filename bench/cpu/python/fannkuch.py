"""fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
rotating prefixes), count the prefix reversals ("pancake flips") until 0
comes first; report the maximum and an alternating-sign checksum."""
from harness import run


def fannkuch(n):
    perm1 = list(range(n))  # the current permutation
    count = [0] * n
    checksum = 0
    max_flips = 0
    perm_index = 0
    r = n
    while True:
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
        while True:
            if r == n:
                return checksum, max_flips
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_index += 1


if __name__ == "__main__":
    run("fannkuch", fannkuch, lambda n, r: f"{r[0]}\nPfannkuchen({n}) = {r[1]}")
