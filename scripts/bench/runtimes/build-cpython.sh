#!/usr/bin/env bash
# Builds one CPython from a Debian source package the way Debian builds its
# /usr/bin/python3.X (debian/rules, the "static" build): Debian's patches,
# configure arguments, hardening flags from dpkg-buildflags, LTO
# (-flto -fuse-linker-plugin -ffat-lto-objects, -O3) and PGO (make profile-opt).
# The one difference, recorded with the build: the PGO training run is
# upstream's `-m test --pgo` set, not Debian's whole test suite (an hour and more
# on two shared cores).
#
# Usage: build-cpython.sh DSC PREFIX gil|nogil JOBS
#   DSC     the .dsc of python3.X (apt-get source --download-only python3.X)
#   PREFIX  install folder (replaced; PREFIX.build is the work folder)
# Prints one "phase: NAME (N s)" line per step (setup-vintages shows them as
# progress); everything else goes to stdout for the log. Writes
# PREFIX/diezmil-runtime.json last: the resolver trusts a build only then.
# A build cut short (Ctrl-C, a session that ended) resumes where make stopped
# when it is run again with the same source and flags; if the resumed build
# fails, it starts again from scratch once.
set -euo pipefail
# shellcheck source=cpython-build-steps.sh
source "$(dirname "${BASH_SOURCE[0]}")/cpython-build-steps.sh"

dsc=$1 prefix=$2 gil=$3 jobs=${4:-2}
work="$prefix.build" resumed=no script_argv=("$0" "$@")
begin_build
field() { sed -n "s/^$1: //p" "$dsc" | head -1; }
source_name=$(field Source) source_version=$(field Version)

# debian/rules: DPKG_OPTIMIZE = optimize=-lto (Debian adds its own LTO flags
# below), hardening=-pie for the static interpreter, -fstack-protector-strong
# relaxed to -fstack-protector, every -O dropped for LTO's -O3.
export DEB_BUILD_MAINT_OPTIONS="hardening=-pie optimize=-lto"
cppflags=$(dpkg-buildflags --get CPPFLAGS)
cflags=$(dpkg-buildflags --get CFLAGS | sed -e 's/-fstack-protector-strong/-fstack-protector/' -e 's/-O[0-9s]*//g')
ldflags=$(dpkg-buildflags --get LDFLAGS)
lto="-g -fwrapv -O3 -flto -fuse-linker-plugin -ffat-lto-objects"
triplet=$(dpkg-architecture -qDEB_HOST_GNU_TYPE)

args=(
  --prefix="$prefix"
  --enable-ipv6
  --enable-loadable-sqlite-extensions
  --with-dbmliborder=bdb:gdbm
  --with-computed-gotos
  --without-ensurepip
  --with-system-expat
  --with-ssl-default-suites=openssl
  --with-system-libmpdec=no
)
# Debian configures --with-dtrace (systemtap-sdt-dev); without it the probes are simply absent.
if command -v dtrace >/dev/null 2>&1; then args+=(--with-dtrace); fi
if [ "$gil" = nogil ]; then args+=(--disable-gil); fi
recorded=$(printf '%s\n' "${args[@]}"; printf 'CFLAGS_NODIST=%s\nLDFLAGS_NODIST=%s\n' "$cppflags $cflags $lto" "$ldflags $lto")
# -ffile-prefix-map names the folder the flags were asked from: not a difference in the build.
normalized() { sed -E 's/-ffile-prefix-map=[^ ]*//g'; }
unpacked_version() { dpkg-parsechangelog -l "$work/src/debian/changelog" -S Version 2>/dev/null || true; }

if [ -f "$work/configure-args" ] && [ -f "$work/src/build-static/Makefile" ] &&
  [ "$(normalized <"$work/configure-args")" = "$(printf '%s\n' "$recorded" | normalized)" ] &&
  [ "$(unpacked_version)" = "$source_version" ]; then
  resumed=yes
  phase "resume the build cut short in $work"
else
  rm -rf "$work" "$prefix"
  mkdir -p "$work"
  phase unpack
  dpkg-source --no-check -x "$dsc" "$work/src" >/dev/null
  phase configure
  mkdir -p "$work/src/build-static"
  (
    cd "$work/src/build-static"
    AR="$triplet-gcc-ar" RANLIB="$triplet-gcc-ranlib" \
      CFLAGS_NODIST="$cppflags $cflags $lto" \
      LDFLAGS_NODIST="$ldflags $lto" \
      ../configure "${args[@]}" MKDIR_P="/bin/mkdir -p"
  )
  printf '%s\n' "$recorded" >"$work/configure-args"
fi
rm -rf "$prefix"
cd "$work/src/build-static"

phase "build (instrumented build, profile run, optimized build)"
make_or_start_again -j"$jobs" profile-opt PROFILE_TASK='-m test --pgo --timeout=1200'
install_and_check '_decimal, math, cmath, ssl, sqlite3, zlib' head
cp "$work/configure-args" "$prefix/diezmil-configure-args"
flags='"PGO", "LTO", "-O3"'
if [ "$gil" = nogil ]; then flags="$flags, \"--disable-gil\""; fi
finish_build "  \"flags\": [$flags],
  \"detail\": \"built by npm run bench:setup -- --vintages from Debian's source package $source_name $source_version with Debian's configure flags, LTO at -O3 and PGO (training: regrtest --pgo, not Debian's whole test suite)\",
  \"source_package\": \"$source_name $source_version\""
