"""Ops suite, Python: ns per trivial operation, timed with timeit.

Usage: python3 ops.py [SAMPLES] [--only OP,OP]

One JSON line per operation on stdout (protocol: bench/README.md). The same
file runs under CPython and PyPy.

Harness: timeit.Timer, unchanged except for two documented hooks:
  * the loop iterates over range(number) instead of itertools.repeat, so each
    statement sees its iteration index as `_i` (a counted loop, as in every
    other language of the suite);
  * the timer is a probe that, besides returning time.perf_counter(), reads the
    timed function's local `acc` when the loop ends, so that each statement
    can accumulate its result into a local (the cheapest place) and the
    accumulated value comes out as the checksum.
Sizing is timeit's own autorange() (number = 1, 2, 5, 10, 20, 50, ... until
one run takes >= 0.2 s); then repeat(samples, number).

Why accumulate even in Python: PyPy's JIT removes a statement whose result is
never used (it timed `x = 1` at 0.5 ns). Every statement here feeds `acc`, and
statements that build an object store it into a one-slot list (`sink[0] = …`)
so the JIT's escape analysis cannot skip the allocation.
"""
import gc
import json
import sys
import time
import timeit

from checksums import OPS, expected

# ------------------------------------------------------------- the operations


def inc(x):
    return x + 1


class Obj:
    def __init__(self):
        self.a = 1
        self.b = 7
        self.c = 3


class Rec:
    def __init__(self, a, b, c):
        self.a = a
        self.b = b
        self.c = c


ALLOWED_TYPES = frozenset(("U", "A", "M"))


def record(i):
    """Record i of the HTTP suite (bench/data), as msgpack decodes it."""
    return {
        "id": i,
        "name": "My name",
        "description": "Some words on here so it looks full",
        "type": "U",
        "count": 33,
        "created_at": 1569882498.9117897,
    }


def transform(rec):
    """Validate one record and build its output; None when invalid."""
    rid = rec["id"]
    if rid < 0:
        return None
    name = rec["name"]
    if not name:
        return None
    kind = rec["type"]
    if kind not in ALLOWED_TYPES:
        return None
    count = rec["count"]
    if not 0 <= count <= 1000:
        return None
    return {
        "id": rid,
        "name": name,
        "type": kind.upper(),
        "count": count,
        "score": count * 2 + rid % 7,
        "created_at": round(rec["created_at"]),
    }


GLOBALS = {
    "inc": inc,
    "OBJ": Obj(),
    "MAP": {"key%d" % k: k for k in range(100)},
    "KEYS": ["key%d" % k for k in range(100)],
    "Rec": Rec,
    "RECORDS": [record(i) for i in range(1000)],
    "transform": transform,
}

# op -> (setup, statement). `_i` is the iteration index, `acc` the accumulator.
STATEMENTS = {
    "overhead": ("acc = 0", "pass"),
    "empty_loop": ("acc = 0", "acc += 1"),
    "call": ("acc = 0; f = inc", "acc += f(_i)"),
    "attribute": ("acc = 0; obj = OBJ", "acc += obj.b"),
    "map_lookup": ("acc = 0; m = MAP; keys = KEYS", "acc += m[keys[_i % 100]]"),
    "map_insert": (
        "acc = 0; m = {}",
        "m[_i] = _i\nif _i & 1023 == 1023:\n    acc += len(m)\n    m.clear()",
    ),
    "alloc": ("acc = 0; R = Rec; sink = [None]", "o = R(_i, 1, 2)\nsink[0] = o\nacc += o.a"),
    "format": ("acc = 0; sink = [None]", 's = f"item-{_i}"\nsink[0] = s\nacc += len(s)'),
    "record_logic": (
        "acc = 0; records = RECORDS; t = transform; sink = [None]",
        "out = t(records[_i % 1000])\nif out is not None:\n    sink[0] = out\n    acc += out['score']",
    ),
}

# ------------------------------------------------------------------ harness


class ProbeTimer:
    """time.perf_counter that also reads the caller's `acc` at the loop's end.

    timeit's inner function calls the timer twice: before the loop (odd call:
    just the clock) and after it (even call: the clock first, then the frame),
    so the probe's own work stays outside the timed span.
    """

    def __init__(self):
        self.calls = 0
        self.acc = None

    def __call__(self):
        self.calls += 1
        if self.calls % 2:
            return time.perf_counter()
        t = time.perf_counter()
        self.acc = sys._getframe(1).f_locals.get("acc")
        return t


class CountedTimer(timeit.Timer):
    """timeit.Timer whose loop is `for _i in range(number)` (see module doc)."""

    def __init__(self, stmt, setup):
        self.probe = ProbeTimer()
        self.checksums = set()
        super().__init__(stmt, setup, timer=self.probe, globals=GLOBALS)

    def timeit(self, number=timeit.default_number):
        gcold = gc.isenabled()
        gc.disable()
        try:
            timing = self.inner(range(number), self.timer)
        finally:
            if gcold:
                gc.enable()
        self.last_number = number
        self.checksums.add((number, self.probe.acc))
        return timing


def measure(op, samples):
    setup, stmt = STATEMENTS[op]
    timer = CountedTimer(stmt, setup)
    number, _ = timer.autorange()
    timer.checksums.clear()
    times = timer.repeat(repeat=samples, number=number)
    sums = {acc for n, acc in timer.checksums if n == number}
    if len(sums) != 1:
        raise SystemExit(f"{op}: samples disagree on the checksum: {sorted(sums)}")
    return number, [t / number * 1e9 for t in times], sums.pop()


def harness_name():
    impl = sys.implementation.name
    return "timeit" if impl == "cpython" else f"timeit ({impl})"


def main(argv):
    samples = int(argv[1]) if len(argv) > 1 and not argv[1].startswith("-") else 5
    only = None
    if "--only" in argv:
        only = argv[argv.index("--only") + 1].split(",")
    _, over, _ = measure("overhead", samples)
    overhead = sorted(over)[len(over) // 2]
    for op in OPS:
        if only and op not in only:
            continue
        number, ns, checksum = measure(op, samples)
        if checksum != expected(op, number):
            raise SystemExit(f"{op}: checksum {checksum} != expected {expected(op, number)} for n={number}")
        line = {
            "op": op,
            "harness": harness_name(),
            "iterations_per_sample": number,
            "samples_ns_per_op": [round(x, 3) for x in ns],
            "harness_overhead_ns_per_op": round(overhead, 3),
            "overhead_subtracted": False,
            "checksum": str(checksum),
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main(sys.argv)
