"""cd bench/threads/python && /usr/bin/python3 -m unittest -v test_threads"""
import json
import subprocess
import sys
import unittest

from primes import count_primes


class Primes(unittest.TestCase):
    def test_known_counts(self):
        self.assertEqual([count_primes(n) for n in (0, 2, 3, 10, 100, 1000, 10_000)], [0, 0, 1, 4, 25, 168, 1229])


class Modes(unittest.TestCase):
    def test_every_mode_runs_every_worker(self):
        for mode in ("single", "threads", "processes"):
            out = subprocess.run(
                [sys.executable, "threads.py", mode, "3", "10000"], check=True, capture_output=True, text=True
            ).stdout
            line = json.loads(out)
            self.assertEqual(line["result"], 3 * 1229, mode)
            self.assertGreater(line["wall_seconds"], 0)
            self.assertIsInstance(line["free_threaded"], bool)


if __name__ == "__main__":
    unittest.main()
