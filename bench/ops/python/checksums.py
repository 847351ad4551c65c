"""Expected checksums of the ops suite, as functions of the iteration count n.

Iteration i runs from 0 to n - 1; the checksum is the accumulator after one
sample of n iterations. Same formulas as bench/ops/README.md and the
runner's scripts/bench/ops-checksums.ts.
"""

MAP_KEYS = 100          # map_lookup: keys "key0" .. "key99", value = index
INSERT_CLEAR = 1024     # map_insert: cleared every 1024 inserts
RECORDS = 1000          # record_logic: records 0 .. 999, used in turn


def _digits_below(n):
    """Total decimal digits of 0, 1, ..., n - 1 (0 has one digit)."""
    if n <= 0:
        return 0
    total, lo, d = 1, 1, 1          # the number 0
    while lo < n:
        hi = min(n, lo * 10)
        total += (hi - lo) * d
        lo, d = lo * 10, d + 1
    return total


def _sum_mod(n, period, mod):
    """sum over i < n of (i % period) % mod."""
    full = sum(j % mod for j in range(period))
    q, r = divmod(n, period)
    return q * full + sum(j % mod for j in range(r))


def expected(op, n):
    if op == "empty_loop":
        return n                                   # one count per iteration
    if op == "call":
        return n * (n + 1) // 2                    # sum of f(i) = i + 1
    if op == "attribute":
        return n + 8 * _sum_mod(n, 8, 8)           # objs[k].b == 8k + 1, object i % 8 at turn i
    if op == "map_lookup":
        return _sum_mod(n, MAP_KEYS, MAP_KEYS)     # sum of m["key" + str(i % 100)] = i % 100
    if op == "map_insert":
        return INSERT_CLEAR * (n // INSERT_CLEAR)  # len(m) added at each clear
    if op == "alloc":
        return n * (n - 1) // 2                    # sum of Rec(a=i, b=1, c=2).a
    if op == "format":
        return 5 * n + _digits_below(n)            # sum of len("item-%d" % i)
    if op == "record_logic":
        return 66 * n + _sum_mod(n, RECORDS, 7)    # sum of score = 33 * 2 + id % 7, id = i % 1000
    raise KeyError(op)


OPS = ("empty_loop", "call", "attribute", "map_lookup", "map_insert", "alloc", "format", "record_logic")
