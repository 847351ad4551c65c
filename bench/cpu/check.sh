#!/usr/bin/env bash
# Builds every CPU-suite implementation and checks that each kernel prints
# exactly the expected answer from kernels.json, for each of its sizes.
#
#   bench/cpu/check.sh                  everything: callgrind, quick and full sizes
#   bench/cpu/check.sh --no-full        skip the full sizes (CPython alone takes minutes there)
#   bench/cpu/check.sh --only c,cpp     some implementations (ids, variants included)
#   bench/cpu/check.sh --kernel nbody   one kernel
#
# It reads the same manifest.json files the runner reads, so it builds and runs
# exactly what is measured: build commands in order, then each kernel's argv with
# {n} = the size and {iterations} = 1, without a shell, in the manifest's folder
# and with its env. With the quick size it also runs 2 iterations and checks the
# stderr line {"iteration_seconds":[…]}. Wall and user seconds are printed for
# information only (one run, on whatever else the machine is doing).
set -euo pipefail
cd "$(dirname "$0")"
exec /usr/bin/python3 - "$@" <<'PY'
import argparse, json, os, resource, subprocess, sys, time
from pathlib import Path

ap = argparse.ArgumentParser(prog="check.sh")
ap.add_argument("--no-full", action="store_true", help="skip the full sizes")
ap.add_argument("--only", help="comma-separated implementation ids")
ap.add_argument("--kernel", help="comma-separated kernel ids")
opts = ap.parse_args()

kernels = json.loads(Path("kernels.json").read_text())
only = set(opts.only.split(",")) if opts.only else None
only_kernels = set(opts.kernel.split(",")) if opts.kernel else None

impls = []
for path in sorted(Path(".").glob("*/manifest.json")):
    m = json.loads(path.read_text())
    base = {k: v for k, v in m.items() if k != "variants"}
    impls.append((path.parent, base))
    for v in m.get("variants", []):
        impls.append((path.parent, {**base, **v}))

def user_seconds():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime

failures = 0
for folder, m in impls:
    if only and m["id"] not in only:
        continue
    env = {**os.environ, **m.get("env", {})}
    missing = [r for r in m.get("requires", [])
               if subprocess.run(r["check"], cwd=folder, env=env, capture_output=True).returncode != 0]
    if missing:
        print(f"SKIP {m['id']}: missing {', '.join(r['tool'] for r in missing)} "
              f"({'; '.join(r['install'] for r in missing)})")
        continue
    # manifest "compiler" is what the run records: each build command that calls it must pass exactly those flags first
    compiler = m.get("compiler")
    drift = [cmd for cmd in m.get("build", []) if compiler and cmd[0] == compiler["command"]
             and cmd[1:1 + len(compiler["flags"])] != compiler["flags"]]
    if drift:
        print(f"FAIL {m['id']}: build command {' '.join(drift[0])} does not start with the manifest's "
              f"compiler.flags {' '.join(compiler['flags'])} ({folder}/manifest.json: make them agree)")
        failures += 1
        continue
    for cmd in m.get("build", []):
        b = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
        if b.returncode != 0:
            print(f"FAIL {m['id']}: build {' '.join(cmd)}\n{b.stdout}{b.stderr}")
            failures += 1
            break
    else:
        for kernel, argv in m["kernels"].items():
            if only_kernels and kernel not in only_kernels:
                continue
            spec = kernels[kernel]
            sizes = [("callgrind", spec["callgrind_argument"]), ("quick", spec["quick_argument"])]
            if not opts.no_full:
                sizes.append(("full", spec["argument"]))
            for label, n in sizes:
                cmd = [a.replace("{n}", str(n)).replace("{iterations}", "1") for a in argv]
                u0, t0 = user_seconds(), time.perf_counter()
                p = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
                wall, user = time.perf_counter() - t0, user_seconds() - u0
                expected = spec["expected"][str(n)]
                ok = p.returncode == 0 and p.stdout == expected
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {m['id']:8} {kernel:13} {label:9} n={n:<10} "
                      f"{wall:8.3f} s wall {user:8.3f} s user", flush=True)
                if not ok:
                    print(f"     expected {expected!r}\n     got      {p.stdout!r} (exit {p.returncode})\n{p.stderr}")
            # the warm-up contract: 2 iterations, one answer on stdout, the timings on stderr
            n = spec["quick_argument"]
            cmd = [a.replace("{n}", str(n)).replace("{iterations}", "2") for a in argv]
            p = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
            timings = [json.loads(line)["iteration_seconds"] for line in p.stderr.splitlines()
                       if line.startswith('{"iteration_seconds":')]
            ok = (p.returncode == 0 and p.stdout == spec["expected"][str(n)] and len(timings) == 1
                  and len(timings[0]) == 2 and all(isinstance(s, float) and s > 0 for s in timings[0]))
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {m['id']:8} {kernel:13} 2 iterations, stderr {p.stderr.strip()}", flush=True)

print("all outputs as expected" if failures == 0 else f"{failures} check(s) failed")
sys.exit(1 if failures else 0)
PY
