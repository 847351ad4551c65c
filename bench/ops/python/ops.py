"""Ops suite, Python: ns per trivial operation, timed with timeit.

Usage: python3 ops.py [SAMPLES] [--only OP,OP]
       python3 ops.py worker      long-lived worker: commands on stdin

One JSON line per operation on stdout (protocol: bench/README.md; the worker
protocol: bench/ops/README.md). The same file runs under CPython and PyPy.

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
so the JIT's escape analysis cannot skip the allocation. What keeps each
operation's work in, per runtime: bench/ops/README.md.
"""
import gc
import json
import sys
import time
import timeit

from checksums import OPS, expected

try:  # PyPy only
    import pypyjit
except ImportError:
    pypyjit = None

# ------------------------------------------------------------- the operations


def inc(x):
    return x + 1


if pypyjit is not None:
    # PyPy's own "do not inline": traces call inc's separately compiled code
    # (call_assembler, a frame per call) instead of inlining and folding x + 1.
    pypyjit.dont_trace_here(0, False, inc.__code__)


class Obj:
    def __init__(self, a, b, c):
        self.a = a
        self.b = b
        self.c = c


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
    # attribute: b = 8k + 1 on object k (see STATEMENTS)
    "OBJS": [Obj(k, 8 * k + 1, 3) for k in range(8)],
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
    # The object is objs[acc & 7]: chosen by what the previous turn read; b ≡ 1
    # (mod 8), so turn i reads object i % 8 and a wrong object gives a wrong sum.
    "attribute": ("acc = 0; objs = OBJS", "acc += objs[acc & 7].b"),
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


CHUNK_MIN_SECONDS = 0.005  # a worker chunk: >= 5 ms, < ~2.5x that by the 1-2-5 steps


def next125(n):
    """The first of 1, 2, 5, 10, 20, ... after n."""
    p = 1
    while p * 10 <= n:
        p *= 10
    return {1: 2 * p, 2: 5 * p}.get(n // p, 10 * p)


def chunk_size(timer):
    """Autorange one chunk to >= 5 ms, confirmed by a second chunk at that n
    (the first may have included the JIT's compilation)."""
    n = 1
    while True:
        if timer.timeit(n) >= CHUNK_MIN_SECONDS and timer.timeit(n) >= CHUNK_MIN_SECONDS:
            return n
        n = next125(n)


def worker(lines, say):
    """The worker protocol of bench/ops/README.md; say(obj) writes one JSON line.
    Returns the exit status (1 after a wrong checksum)."""
    say({"ready": True, "tests": list(OPS)})
    timers, chunks = {}, {}
    for line in lines:
        words = line.split()
        if not words:
            continue
        if words == ["quit"]:
            return 0
        if len(words) != 3 or words[0] not in ("run", "count"):
            say({"error": "unknown command (known: run OP SECONDS, count OP N, quit)"})
            continue
        cmd, op, arg = words
        if op not in OPS:
            say({"error": "unknown test (the ready line lists them)"})
            continue
        if op not in timers:
            timers[op] = CountedTimer(STATEMENTS[op][1], STATEMENTS[op][0])
        timer = timers[op]
        if cmd == "count":
            if not (arg.isascii() and arg.isdigit()):
                say({"error": "count takes a test and a whole number of iterations"})
                continue
            n = int(arg)
            timer.timeit(n)
            if timer.probe.acc != expected(op, n):
                say({"error": f"{op}: checksum {timer.probe.acc}, expected {expected(op, n)} for n={n}"})
                return 1
            say({"test": op, "units": n, "checksum": str(timer.probe.acc)})
            continue
        try:
            seconds = float(arg)
        except ValueError:
            seconds = float("nan")
        if not seconds >= 0:
            say({"error": "run takes a test and a number of seconds"})
            continue
        if op not in chunks:
            chunks[op] = chunk_size(timer)
        n = chunks[op]
        want = expected(op, n)
        count = 0
        t0 = time.perf_counter()
        while True:
            timer.timeit(n)
            elapsed = time.perf_counter() - t0
            count += 1
            if timer.probe.acc != want:
                say({"error": f"{op}: chunk {count} gave checksum {timer.probe.acc}, expected {want} for n={n}"})
                return 1
            if elapsed >= seconds:
                break
        say({"test": op, "units": n * count, "chunks": count, "seconds": elapsed, "checksum": str(want)})
    return 0


def harness_name():
    impl = sys.implementation.name
    return "timeit" if impl == "cpython" else f"timeit ({impl})"


def main(argv):
    if argv[1:2] == ["worker"]:
        raise SystemExit(worker(sys.stdin, lambda obj: print(json.dumps(obj, separators=(",", ":")), flush=True)))
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
