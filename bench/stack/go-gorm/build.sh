#!/bin/sh
# Builds bin/server with a build cache private to this folder (.gocache), so that
# `rm -rf bin .gocache` makes the next build cold without touching the machine's
# cache. Downloaded modules (GOMODCACHE) are kept: a cold build needs no network
# once `go mod download` has run.
set -eu
cd "$(dirname "$0")"
export GOCACHE="$PWD/.gocache"
exec go build -trimpath -buildvcs=false -o bin/server .
