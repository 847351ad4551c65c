# Sourced by build-cpython.sh and build-cpython-source.sh: the steps both
# builds take alike. Each script unpacks and configures in its own way; the
# lock, the progress lines, make (resumed or from scratch), the install, the
# check of the interpreter and the record the resolver trusts are these.
#
# Variables a script sets before calling: prefix, work (PREFIX.build), resumed
# (yes|no), and script_argv (its own "$0" "$@", to start again from scratch).

# Takes PREFIX's lock (two setups at once must not build into one folder) and starts the clock.
begin_build() {
  mkdir -p "$(dirname "$prefix")"
  exec 9>"$prefix.lock"
  if ! flock -n 9; then
    echo "another build of $prefix is running (lock $prefix.lock)" >&2
    exit 3
  fi
  started=$(date +%s)
}

# One "phase: NAME (N s)" line per step: setup-vintages shows them as progress.
phase() { echo "phase: $* ($(($(date +%s) - started)) s)"; }

# make with the given arguments. A resumed build that fails starts again from
# scratch once (the script runs again with no work folder to resume).
make_or_start_again() {
  if make "$@"; then return 0; fi
  if [ "$resumed" = yes ]; then
    phase "the resumed build failed: starting again from scratch"
    cd /
    rm -rf "$work"
    exec bash "${script_argv[@]}"
  fi
  exit 1
}

# Installs, then checks that the interpreter imports MODULES (a Python import
# statement's list); sets py to the interpreter's path. WHICH picks among
# several python3.X names: head (the first) or tail (the last).
install_and_check() {
  local modules=$1 which=$2
  phase install
  make install >/dev/null
  phase check
  py=$(ls "$prefix"/bin/python3.[0-9]* | grep -E 'python3\.[0-9]+t?$' | sort | "$which" -1)
  "$py" -c "import $modules; from _multiprocessing import SemLock"
}

# Writes PREFIX/diezmil-runtime.json last, from the JSON object's inner fields
# given (flags, detail, where the source came from): the resolver trusts a
# build only once it is there. Then removes the work folder and the lock.
finish_build() {
  local fields=$1
  cat >"$prefix/diezmil-runtime.json" <<JSON
{
$fields,
  "build_seconds": $(($(date +%s) - started)),
  "resumed": $([ "$resumed" = yes ] && echo true || echo false)
}
JSON
  cd /
  rm -rf "$work"
  rm -f "$prefix.lock"
  phase "done $py"
}
