#!/usr/bin/env bash
# Runs every ops implementation's own tests: the formulas against brute force,
# each timed loop's checksum, that ten times the iterations takes clearly
# longer (a loop the compiler or JIT deleted would not), and a scripted worker
# session over pipes. A missing toolchain is reported and skipped, not failed.
set -uo pipefail
cd "$(dirname "$0")"
NODE=../../../node_modules/.bin/node
passed=0; failed=0; skipped=0
step() {
  local name=$1 dir=$2; shift 2
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$dir/$1" ]; then
    echo "skip $name: $1 not found"; skipped=$((skipped + 1)); return
  fi
  echo "== $name"
  if (cd "$dir" && "$@"); then passed=$((passed + 1)); else echo "FAILED: $name"; failed=$((failed + 1)); fi
}
step cpython python /usr/bin/python3 -m unittest -q test_ops
step pypy python /usr/bin/pypy3 -m unittest -q test_ops
step go go go test -count=1 .
step rust rust cargo test --release -q
step c c sh -c 'mkdir -p bin && gcc -O2 -Wall -o bin/ops ops.c -lm && bin/ops --check'
step node node sh -c "npm ci --no-audit --no-fund --loglevel=error && $NODE --test ops.test.js"
echo "ops checks: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
