"""Measures the Python deployments of manifest.json against each other,
interleaved, to say which is faster per test (README.md, "Which deployment is
faster"). Not part of the benchmark run: a side measurement with plain wrk.

    /usr/bin/python3 compare-deployments.py [--rounds 5] [--duration 2] [--only id,id]
                                            [--extra ID=ARGV_JSON ...]

Every deployment is started once (server pinned to CPU 0 with taskset, one
worker), then each round runs every (test, deployment) pair once in a random
order, wrk pinned to CPU 1 (-t1, 64 connections, 8 for /loop as in the
runner). Round 0 is a warm-up (PyPy's JIT) and is not counted. Prints the
median requests/s per test and deployment, with the range and any errors.
The script holds /tmp/diezmil-measure.lock (flock) during each round, not
between rounds, so that other measurements on the machine can interleave.
"""
import argparse
import fcntl
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = {"plaintext": "/", "msgpack": "/parse-msgpack", "json": "/encode-json", "transfer": "/transfer-data", "loop": "/loop"}
LOCK = "/tmp/diezmil-measure.lock"


def deployments(manifest):
    base = {"id": manifest["id"], "start": manifest["start"], "connections": manifest["connections"]}
    out = [base]
    for v in manifest.get("variants", []):
        out.append({**base, **{k: v[k] for k in ("id", "start", "connections") if k in v}})
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not answer GET / within {seconds} s")


def parse_wrk(text):
    def number(pattern, default=0.0):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else default

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(x) for x in socket_errors.groups()) if socket_errors else 0,
    }


def report(deps, tests, results, errors, rounds, duration):
    width = max(len(d["id"]) for d in deps)
    print(f"median requests/s over {rounds} interleaved rounds of wrk -t1 -d{duration}s "
          f"(64 connections, /loop 8); server CPU 0, wrk CPU 1; [min-max]")
    for t in tests:
        print(f"\n{t} ({TESTS[t]})")
        ranked = sorted(deps, key=lambda d: -statistics.median(results[(t, d['id'])]))
        for d in ranked:
            xs = results[(t, d["id"])]
            non2xx, sock = errors[(t, d["id"])]
            print(f"  {d['id']:<{width}}  {statistics.median(xs):>9.1f}  [{min(xs):.1f}-{max(xs):.1f}]"
                  f"{f'  non-2xx: {non2xx}' if non2xx else ''}{f'  socket errors: {sock}' if sock else ''}")
    print("\nraw:", json.dumps({f"{t}/{i}": xs for (t, i), xs in results.items()}), flush=True)


def main():
    # SIGTERM (e.g. from timeout) must still stop the servers in the finally block.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("--tests", default=",".join(TESTS))
    ap.add_argument("--extra", action="append", default=[], help='ID=["argv", "with", "{port}", "{workers}"]')
    args = ap.parse_args()

    deps = deployments(json.loads((HERE / "manifest.json").read_text()))
    for extra in args.extra:
        ident, argv = extra.split("=", 1)
        deps.append({"id": ident, "start": json.loads(argv), "connections": 64})
    if args.only:
        wanted = args.only.split(",")
        deps = [d for d in deps if d["id"] in wanted]
    tests = args.tests.split(",")

    running = []
    try:
        for d in deps:
            d["port"] = free_port()
            argv = [a.replace("{port}", str(d["port"])).replace("{workers}", "1") for a in d["start"]]
            d["proc"] = subprocess.Popen(["taskset", "-c", "0", *argv], cwd=HERE, start_new_session=True,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            running.append(d)
        for d in deps:
            wait_ready(d["port"], d["proc"])

        results = {(t, d["id"]): [] for t in tests for d in deps}
        errors = {(t, d["id"]): [0, 0] for t in tests for d in deps}
        for rnd in range(args.rounds + 1):
            pairs = [(t, d) for t in tests for d in deps]
            random.shuffle(pairs)
            script = []
            for t, d in pairs:
                conns = min(d["connections"], 8) if t == "loop" else d["connections"]
                script.append(["taskset", "-c", "1", "wrk", "-t1", f"-c{conns}", f"-d{args.duration}s", "--timeout", "10s",
                               f"http://127.0.0.1:{d['port']}{TESTS[t]}"])
            lock = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o666)
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for (t, d), cmd in zip(pairs, script):
                    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                    r = parse_wrk(out)
                    if rnd > 0:
                        results[(t, d["id"])].append(r["rps"])
                        errors[(t, d["id"])][0] += r["non2xx"]
                        errors[(t, d["id"])][1] += r["socket_errors"]
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
                os.close(lock)
            print(f"round {rnd}{' (warm-up, not counted)' if rnd == 0 else ''} done", file=sys.stderr)
            if rnd > 0:
                # After every round, so that an interrupted measurement still leaves its numbers.
                report(deps, tests, results, errors, rnd, args.duration)

    finally:
        for d in running:
            try:
                os.killpg(d["proc"].pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for d in running:
            try:
                d["proc"].wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(d["proc"].pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
