#!/usr/bin/env bash
# Diez Mil: installs what the benchmark runner and the benchmarked programs need
# on Debian (12), then builds every implementation. Idempotent: it says what it
# installed and what was already there. Usage: npm run bench:setup  (as root)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

APT_PACKAGES=(
  wrk                  # load generator (http suite)
  util-linux           # taskset (CPU pinning)
  time                 # GNU time: user/sys CPU and max RSS of each process
  valgrind             # callgrind instruction counts (cpu suite)
  gcc                  # C implementations
  g++                  # C++ implementation (cpu suite)
  python3 python3-venv python3-dev
  pypy3 pypy3-dev pypy3-venv
  uwsgi uwsgi-plugin-python3
  nginx                # in front of uWSGI / gunicorn (http suite: cpython-nginx, pypy-nginx)
  php-cli php-fpm php-pgsql php-redis php-msgpack   # stack suite: php (nginx + PHP-FPM)
  postgresql redis-server   # stack suite: the runner starts its own PostgreSQL and Redis per run (scripts/bench/services)
  postgresql-client redis-tools   # psql (seeding, statistics) and redis-cli, for the runner and by hand
  openssh-client openssh-server rsync   # --hosts: SSH transport and checkout sync (and the namespace test's sshd)
  iproute2 iperf3 iputils-ping          # --hosts: network-namespace test hosts, bulk-throughput and round-trip probes
  chromium             # end-to-end tests of the site
  git ca-certificates
)

say() { printf '%s\n' "$*"; }

# Each step says how long it took and what it did or skipped; the end repeats them all.
clock() { printf '%s' "$SECONDS"; }   # seconds since setup started (bash's own clock)
STEP_START=$(clock)
STEPS=()
step_done() { # step name, what it did or skipped
  local now took
  now=$(clock)
  took=$((now - STEP_START))
  STEPS+=("$(printf '%-16s %5s  %s' "$1" "$(fmt_seconds "$took")" "$2")")
  say "step $1: $(fmt_seconds "$took") ($2)"
  STEP_START=$now
}
fmt_seconds() { if [ "$1" -ge 60 ]; then printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); else printf '%d s' "$1"; fi; }
steps_summary() {
  say ""
  say "setup steps (total $(fmt_seconds "$(clock)")):"
  for line in "${STEPS[@]}"; do say "  $line"; done
}
# However setup ends: the builds step (when it started), then the summary.
BUILDS_STARTED=no
on_exit() {
  local status=$?
  if [ "$BUILDS_STARTED" = yes ]; then
    if [ "$status" -eq 0 ]; then step_done builds "every implementation built (each line above says how long its build took)"
    else step_done builds "ended with status $status: see the FAILED and skip lines above"; fi
  fi
  [ ${#STEPS[@]} -gt 0 ] && steps_summary
  return 0
}
trap on_exit EXIT

# apt and dpkg narrate every step ("debconf: delaying package configuration",
# "invoke-rc.d: policy-rc.d denied execution", progress counters), which a
# newcomer cannot tell from a problem: keep it in a log, show it only on failure.
APT_LOG=$(mktemp -t diezmil-apt.XXXXXX)
apt_quiet() {
  if ! DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$APT_LOG" 2>&1; then
    cat "$APT_LOG"
    say "apt-get $* failed (its output is above)"
    exit 1
  fi
}

is_debian() { [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*debian' /etc/os-release; }

if ! is_debian || [ "$(id -u)" -ne 0 ]; then
  say "This setup script installs Debian packages and needs root on Debian."
  if ! is_debian; then say "This machine does not look like Debian (/etc/os-release)."; fi
  if [ "$(id -u)" -ne 0 ]; then say "You are not root."; fi
  say ""
  say "To do it by hand (as root, on Debian 12):"
  say "  apt-get update"
  say "  apt-get install -y ${APT_PACKAGES[*]}"
  say "  npm ci"
  say "  node scripts/bench/cli.ts --build-only"
  say "Toolchains not packaged in Debian 12 at the versions used: Go (go.dev), Rust (rustup), Java 21 + Maven."
  exit 1
fi

# ---------------------------------------------------------------- apt
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    say "already installed: $p"
  else
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing: ${missing[*]}"
  apt_quiet update -qq
  apt_quiet install -y -qq "${missing[@]}"
  say "installed: ${missing[*]}"
  # Debian starts an nginx service on port 80 when it installs nginx; the
  # benchmark starts its own (bench/http/python/nginx-front.sh) and wants a
  # quiet machine.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
    systemctl disable --now nginx >/dev/null 2>&1 && say "stopped and disabled the nginx service Debian started (the benchmark runs its own nginx)"
  fi
  # The same for PostgreSQL and Redis: the stack suite starts its own per run, on free ports.
  for unit in postgresql redis-server; do
    if [[ " ${missing[*]} " == *" $unit "* ]] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
      systemctl disable --now "$unit" >/dev/null 2>&1 && say "stopped and disabled the $unit service Debian started (the stack suite runs its own)"
    fi
  done
  # The same for PHP-FPM (service php<version>-fpm): bench/stack/php/start.sh runs its own.
  if [[ " ${missing[*]} " == *" php-fpm "* ]] && command -v systemctl >/dev/null 2>&1; then
    for unit in $(systemctl list-units --type=service --state=active --plain --no-legend 'php*-fpm.service' 2>/dev/null | awk '{print $1}'); do
      systemctl disable --now "$unit" >/dev/null 2>&1 && say "stopped and disabled the $unit service Debian started (the benchmark runs its own PHP-FPM)"
    done
  fi
  step_done apt "installed ${#missing[@]} package(s), $(( ${#APT_PACKAGES[@]} - ${#missing[@]} )) already there"
else
  say "all Debian packages already installed"
  step_done apt "skipped: all ${#APT_PACKAGES[@]} packages already installed"
fi

# ---------------------------------------------------------------- node (pinned in package.json)
if [ -x node_modules/.bin/node ]; then
  say "already installed: node $(node_modules/.bin/node --version) (node_modules)"
  step_done node "skipped: node_modules already there"
else
  if ! command -v npm >/dev/null 2>&1; then
    say "installing: npm (to install the project's pinned node)"
    apt_quiet update -qq
    apt_quiet install -y -qq npm
  fi
  say "running: npm ci"
  npm ci --no-audit --no-fund
  step_done node "npm ci"
fi
NODE="$ROOT/node_modules/.bin/node"

# ---------------------------------------------------------------- toolchains
# Not installed here (not in Debian at the versions used, or not from a package
# registry); reported so a missing one is obvious. Their cells are skipped with
# the install command when they are missing.
check_tool() { # name, command...
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    # Some tools colour their version line even into a pipe (mvn: ESC[0mESC[0mApache Maven):
    # drop ANSI escape sequences so the report reads as plain text.
    out=$(printf '%s' "$out" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')
    say "toolchain: $name: ${out%%$'\n'*}"
  else
    say "toolchain: $name: NOT FOUND (its implementations will be skipped; see their manifest's requires[].install)"
  fi
}
check_tool go go version
check_tool cargo cargo --version
check_tool java java -version
check_tool mvn mvn -B --version
check_tool gcc gcc --version
check_tool g++ g++ --version
check_tool pypy3 pypy3 --version
check_tool uwsgi uwsgi --version
check_tool nginx sh -c 'nginx -v 2>&1'
check_tool postgresql sh -c 'ls -d /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)" --version'
check_tool redis-server redis-server --version
check_tool wrk sh -c 'command -v wrk >/dev/null && { wrk -v 2>&1 || true; }'

# ---------------------------------------------------------------- implementations
# Each manifest's build commands (venvs + pip, go build, cargo build, mvn
# package, npm ci…): dependencies are fetched from the package registries now,
# so that the benchmark itself never waits for the network.
step_done toolchains "checked, none installed here"
BUILDS_STARTED=yes
say "building every implementation (node scripts/bench/cli.ts --build-only)…"
if "$NODE" scripts/bench/cli.ts --build-only "$@"; then
  say "setup done. Next: npm run bench -- --quick"
else
  say "setup finished, but some implementations cannot run yet (the FAILED and skip lines above say why, with the fix); until then their cells are marked failed or skipped."
  exit 1
fi
