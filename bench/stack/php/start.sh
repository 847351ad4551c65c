#!/usr/bin/env bash
# Starts the PHP stack: nginx on 127.0.0.1:PORT, keeping client connections
# alive, in front of PHP-FPM with WORKERS workers over a unix socket (FastCGI).
#   bash start.sh PORT WORKERS
# Config, pids, socket, nginx's temp paths and the prepared data live in
# $DIEZMIL_WORK_DIR. The runner stops the process group with SIGTERM, which
# reaches PHP-FPM (this script becomes it) and nginx.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: start.sh PORT WORKERS" >&2
  exit 2
fi
port=$1 workers=$2
dir=${DIEZMIL_WORK_DIR:?start.sh: DIEZMIL_WORK_DIR is not set: the runner sets it; by hand, DIEZMIL_WORK_DIR=\$(mktemp -d)}
data_dir=${DIEZMIL_DATA_DIR:?start.sh: DIEZMIL_DATA_DIR is not set: the runner sets it; by hand, DIEZMIL_DATA_DIR=../../data}
app=$(cd "$(dirname "$0")" && pwd)

# Debian names the FPM binary after the PHP version (php-fpm8.2 on Debian 12):
# take the one that matches the php on PATH.
fpm=php-fpm$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
if ! command -v "$fpm" >/dev/null; then
  echo "start.sh: $fpm not found: apt-get install -y php-fpm php-pgsql php-redis php-msgpack" >&2
  exit 1
fi

# As root, nginx's and PHP-FPM's workers run as www-data (Debian's user for
# both) and must reach the socket and the prepared data in the work directory.
user_line="" pool_user=""
if [ "$(id -u)" -eq 0 ]; then
  user_line="user www-data;"
  pool_user=$'user = www-data\ngroup = www-data\nlisten.owner = www-data\nlisten.group = www-data'
  chmod 755 "$dir"
  if ! runuser -u www-data -- test -x "$dir"; then
    echo "start.sh: www-data cannot reach $dir (the workers open the socket and read records.php there): make its parent folders o+x" >&2
    exit 1
  fi
fi

php "$app/prepare-data.php" "$data_dir" "$dir/records.php"
chmod 644 "$dir/records.php"

# PHP-FPM gives its workers only the variables listed as env[NAME]: those
# that index.php reads.
env_lines=""
for name in PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD DIEZMIL_REDIS_URL DIEZMIL_WORK_DIR; do
  if [ -z "${!name+set}" ]; then
    echo "start.sh: $name is not set: the runner sets it (bench/stack/README.md)" >&2
    exit 1
  fi
  env_lines+="env[$name] = \"${!name}\""$'\n'
done

fill() { # template -> stdout
  local text
  text=$(<"$1")
  text=${text//@PORT@/$port}
  text=${text//@BIND@/${DIEZMIL_BIND:-127.0.0.1}}
  text=${text//@WORKERS@/$workers}
  text=${text//@DIR@/$dir}
  text=${text//@APP@/$app}
  text=${text//@USER@/$user_line}
  text=${text//@POOL_USER@/$pool_user}
  text=${text//@ENV@/$env_lines}
  printf '%s\n' "$text"
}
fill "$app/nginx.conf" >"$dir/nginx.conf"
fill "$app/php-fpm.conf" >"$dir/php-fpm.conf"
rm -f "$dir/php-fpm.sock"

# PHP-FPM calls setsid() when it starts, which would take it out of the
# runner's process group, unless it already leads a process group: so this
# process becomes PHP-FPM (exec, same pid) and stays the group's leader when
# the runner started it as one. nginx runs beside it in a subshell that starts
# it once PHP-FPM listens (no early request gets a 502) and stops PHP-FPM if
# nginx exits. SIGTERM to the group reaches PHP-FPM, nginx and the subshell.
fpm_pid=$$
(
  for _ in $(seq 1200); do
    [ -S "$dir/php-fpm.sock" ] && break
    kill -0 "$fpm_pid" 2>/dev/null || exit 1
    sleep 0.05
  done
  if [ ! -S "$dir/php-fpm.sock" ]; then
    echo "start.sh: PHP-FPM did not create $dir/php-fpm.sock within 60 s" >&2
    kill -TERM "$fpm_pid"
    exit 1
  fi
  nginx -p "$dir" -c "$dir/nginx.conf" -e stderr &
  status=0
  wait $! || status=$?
  echo "start.sh: nginx exited (status $status); stopping PHP-FPM" >&2
  kill -TERM "$fpm_pid" 2>/dev/null
  exit 1
) &

exec "$fpm" --nodaemonize --force-stderr --fpm-config "$dir/php-fpm.conf"
