"""Threads suite: does a pure-Python CPU-bound task use more cores with
threads or with processes?

Usage: python3 threads.py MODE WORKERS [LIMIT]
  MODE     single     all WORKERS tasks one after another on the main thread
           threads    WORKERS threading.Thread, one task each
           processes  WORKERS processes (concurrent.futures.ProcessPoolExecutor), one task each
  LIMIT    task size, default 200000: each task counts the primes below LIMIT
           by trial division (primes.py); 17984 primes below 200000.

Prints one JSON line: {"wall_seconds": …, "result": WORKERS * primes below
LIMIT, "free_threaded": …}. wall_seconds covers starting the threads or the
process pool too: that start-up is part of what processes cost.
"""
import json
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from primes import count_primes

DEFAULT_LIMIT = 200_000


def free_threaded():
    """True only on a free-threaded build running with the GIL off."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    return is_gil_enabled is not None and is_gil_enabled() is False


def run_single(workers, limit):
    return [count_primes(limit) for _ in range(workers)]


def run_threads(workers, limit):
    results = [None] * workers

    def work(k):
        results[k] = count_primes(limit)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_processes(workers, limit):
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(count_primes, [limit] * workers))


MODES = {"single": run_single, "threads": run_threads, "processes": run_processes}


def main(argv):
    if len(argv) not in (3, 4) or argv[1] not in MODES:
        raise SystemExit(__doc__)
    mode, workers = argv[1], int(argv[2])
    limit = int(argv[3]) if len(argv) == 4 else DEFAULT_LIMIT
    if workers < 1:
        raise SystemExit("WORKERS must be at least 1")
    t0 = time.perf_counter()
    results = MODES[mode](workers, limit)
    wall = time.perf_counter() - t0
    if len(set(results)) != 1 or None in results:
        raise SystemExit(f"workers disagree: {results}")
    print(json.dumps({"wall_seconds": round(wall, 6), "result": sum(results), "free_threaded": free_threaded()}))


if __name__ == "__main__":
    main(sys.argv)
