"""fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
rotating prefixes), count the prefix reversals ("pancake flips") until 0
comes first; report the maximum and an alternating-sign checksum."""
import sys
import time


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


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: fannkuch.py N [ITERATIONS]")
    n = int(sys.argv[1])
    iterations = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    seconds = []
    result = None
    for it in range(iterations):
        t0 = time.perf_counter()
        r = fannkuch(n)
        seconds.append(time.perf_counter() - t0)
        if it > 0 and r != result:
            sys.exit(f"iteration {it} gave a different answer")
        result = r
    checksum, max_flips = result
    print(f"{checksum}\nPfannkuchen({n}) = {max_flips}")
    if iterations > 1:
        print('{"iteration_seconds":[' + ",".join(f"{s:.9f}" for s in seconds) + "]}", file=sys.stderr)


if __name__ == "__main__":
    main()
