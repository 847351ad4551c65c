"""Proves the Python ops loops really run: run with
    cd bench/ops/python && /usr/bin/python3 -m unittest -v test_ops
    cd bench/ops/python && pypy3 -m unittest -v test_ops
"""
import json
import os
import subprocess
import sys
import unittest

import ops
from checksums import OPS, expected


def brute(op, n):
    """The checksum computed the slow, obvious way (checks the formulas)."""
    acc = 0
    m = {}
    for i in range(n):
        if op == "empty_loop":
            acc += 1
        elif op == "call":
            acc += i + 1
        elif op == "attribute":
            acc += 8 * (i % 8) + 1
        elif op == "map_lookup":
            acc += i % 100
        elif op == "map_insert":
            m[i] = i
            if len(m) == 1024:
                acc += 1024
                m.clear()
        elif op == "alloc":
            acc += i
        elif op == "format":
            acc += len("item-%d" % i)
        elif op == "record_logic":
            acc += 33 * 2 + (i % 1000) % 7
    return acc


class ChecksumFormulas(unittest.TestCase):
    def test_formulas_match_brute_force(self):
        for op in OPS:
            for n in (0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 9999, 12345):
                self.assertEqual(expected(op, n), brute(op, n), (op, n))


class LoopsRun(unittest.TestCase):
    def test_each_statement_accumulates_every_iteration(self):
        for op in OPS:
            setup, stmt = ops.STATEMENTS[op]
            for n in (1, 1000, 4099):
                timer = ops.CountedTimer(stmt, setup)
                timer.timeit(n)
                self.assertEqual(timer.probe.acc, expected(op, n), (op, n))

    def test_time_scales_with_iterations(self):
        for op in ("empty_loop", "call", "record_logic"):
            setup, stmt = ops.STATEMENTS[op]
            timer = ops.CountedTimer(stmt, setup)
            timer.timeit(20000)  # warm up (PyPy's JIT)
            small = min(timer.repeat(repeat=3, number=20000))
            large = min(timer.repeat(repeat=3, number=200000))
            self.assertGreater(large, 3 * small, op)

    def test_measure_reports_consistent_checksum(self):
        number, ns, checksum = ops.measure("call", 2)
        self.assertEqual(checksum, expected("call", number))
        self.assertEqual(len(ns), 2)


class Worker(unittest.TestCase):
    """A scripted session with `ops.py worker` over pipes, as the runner drives it."""

    def test_session(self):
        here = os.path.dirname(os.path.abspath(__file__))
        child = subprocess.Popen([sys.executable, "ops.py", "worker"], cwd=here, text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            def ask(command):
                child.stdin.write(command + "\n")
                child.stdin.flush()
                return child.stdout.readline()

            ready = child.stdout.readline()
            self.assertEqual(ready, '{"ready":true,"tests":' + json.dumps(list(OPS), separators=(",", ":")) + "}\n")
            self.assertEqual(json.loads(ask("count attribute 1000")),
                             {"test": "attribute", "units": 1000, "checksum": str(brute("attribute", 1000))})
            run = json.loads(ask("run call 0.05"))
            self.assertEqual(run["test"], "call")
            self.assertGreaterEqual(run["chunks"], 1)
            self.assertEqual(run["units"] % run["chunks"], 0)
            self.assertGreaterEqual(run["seconds"], 0.05)
            self.assertEqual(run["checksum"], str(brute("call", run["units"] // run["chunks"])))
            self.assertIn("error", json.loads(ask("count teleport 5")))
            child.stdin.write("quit\n")
            child.stdin.flush()
            self.assertEqual(child.wait(timeout=60), 0)
        finally:
            child.kill()
            child.wait()
            child.stdin.close()
            child.stdout.close()


if __name__ == "__main__":
    unittest.main()
