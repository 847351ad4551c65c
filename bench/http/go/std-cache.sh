#!/bin/sh
# Compiles Go's standard library once into .gocache-std, so that a cold build
# starts where Rust's and Java's do: with the toolchain's own library already
# compiled (rustup ships Rust's std compiled, the JDK its classes), and only
# the project and its dependencies compiled from source. Rebuilt when the Go
# version changes. Same flags as build.sh, so the cache entries match.
set -eu
cd "$(dirname "$0")"
version=$(go version)
if [ -d .gocache-std ] && [ "$(cat .gocache-std/diezmil-go-version 2>/dev/null)" = "$version" ]; then
  exit 0
fi
rm -rf .gocache-std
GOCACHE="$PWD/.gocache-std" go build -trimpath std
printf '%s' "$version" > .gocache-std/diezmil-go-version
