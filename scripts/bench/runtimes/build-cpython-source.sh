#!/usr/bin/env bash
# Builds one CPython from upstream's source tree the way pyenv builds it
# (python-build: ./configure --prefix --enable-shared with an rpath, no
# --enable-optimizations, no --with-lto; upstream's default -O3), so that it
# compares fairly with pyenv's 3.7 and 3.13. The source tree comes from the Go
# module proxy, which serves CPython's tags as a module
# (github.com/python/cpython@v3.14.7+incompatible): the one source this
# machine can reach when Debian's mirror has no python3.X package.
#
# Usage: build-cpython-source.sh SRC PREFIX gil|nogil JOBS ORIGIN
#   SRC     CPython's source tree (read-only is fine: it is copied)
#   PREFIX  install folder (replaced; PREFIX.build is the work folder)
#   ORIGIN  where SRC came from, in words (recorded with the build)
# Prints one "phase: NAME (N s)" line per step, like build-cpython.sh; writes
# PREFIX/diezmil-runtime.json last: the resolver trusts a build only then.
set -euo pipefail
# shellcheck source=cpython-build-steps.sh
source "$(dirname "${BASH_SOURCE[0]}")/cpython-build-steps.sh"

src=$1 prefix=$2 gil=$3 jobs=${4:-2} origin=${5:-$1}
work="$prefix.build" resumed=no script_argv=("$0" "$@")
begin_build

version=$(sed -n 's/^#define PY_VERSION[[:space:]]*"\([^"]*\)".*/\1/p' "$src/Include/patchlevel.h")
[ -n "$version" ] || { echo "no PY_VERSION in $src/Include/patchlevel.h: not a CPython source tree" >&2; exit 1; }

args=(--prefix="$prefix" --enable-shared --libdir="$prefix/lib" "LDFLAGS=-L$prefix/lib -Wl,-rpath,$prefix/lib" "CPPFLAGS=-I$prefix/include")
if [ "$gil" = nogil ]; then args+=(--disable-gil); fi
recorded=$(printf '%s\n' "$version" "${args[@]}")

if [ -f "$work/configure-args" ] && [ -f "$work/src/Makefile" ] && [ "$(cat "$work/configure-args")" = "$recorded" ]; then
  resumed=yes
  phase "resume the build cut short in $work"
else
  rm -rf "$work" "$prefix"
  mkdir -p "$work"
  phase "copy the source tree"
  # The module cache is read-only and drops exec bits: copy, make writable, restore scripts' exec bits.
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  grep -rlI --null -m1 '^#!' "$work/src" 2>/dev/null | xargs -0 chmod +x
  chmod +x "$work/src/configure" "$work/src/install-sh" "$work/src/config.guess" "$work/src/config.sub"
  phase configure
  (cd "$work/src" && ./configure "${args[@]}")
  printf '%s\n' "$recorded" >"$work/configure-args"
fi
rm -rf "$prefix"
cd "$work/src"

phase "build (make -j$jobs)"
make_or_start_again -j"$jobs"
install_and_check '_decimal, math, cmath, ssl, sqlite3, zlib, json' tail
printf '%s\n' "${args[@]}" >"$prefix/diezmil-configure-args"
flags='"-O3"'
if [ "$gil" = nogil ]; then flags="$flags, \"--disable-gil\""; fi
finish_build "  \"flags\": [$flags],
  \"detail\": \"built by npm run bench:setup -- --vintages from CPython $version's source ($origin) the way pyenv builds: ./configure --enable-shared$([ "$gil" = nogil ] && echo ' --disable-gil'), upstream's -O3, no PGO or LTO\",
  \"source\": \"$origin\""
