#!/usr/bin/env bash
# Starts one Python stack: nginx on 127.0.0.1:PORT, keeping client connections
# alive, in front of uWSGI with WORKERS processes over a unix socket (uwsgi
# protocol). Run from the stack's folder (its .venv and application):
#   bash ../python-uwsgi/start.sh PORT WORKERS UWSGI_APP_OPTION...
# e.g. `... 8080 1 --wsgi-file app.py`. Config, pids, socket and nginx's temp
# paths live in $DIEZMIL_WORK_DIR. The runner stops the process group with
# SIGTERM: nginx, uWSGI and this script each get it; the script waits for both
# and exits. If either server exits first, the other is stopped.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: start.sh PORT WORKERS UWSGI_APP_OPTION... (e.g. --wsgi-file app.py)" >&2
  exit 2
fi
port=$1 workers=$2
shift 2
dir=${DIEZMIL_WORK_DIR:?start.sh: DIEZMIL_WORK_DIR is not set: the runner sets it; by hand, DIEZMIL_WORK_DIR=\$(mktemp -d)}
shared=$(cd "$(dirname "$0")" && pwd)

# nginx's workers run as www-data (Debian's nginx user) when started as root,
# and must reach the socket in the work directory.
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  user_line="user www-data;"
  chmod 755 "$dir"
  if ! runuser -u www-data -- test -x "$dir"; then
    echo "start.sh: www-data cannot reach $dir (nginx's workers must open the socket there): make its parent folders o+x" >&2
    exit 1
  fi
fi

pids=()
stop() {
  trap - TERM INT EXIT
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

sed -e "s|@PORT@|$port|g" -e "s|@BIND@|${DIEZMIL_BIND:-127.0.0.1}|g" -e "s|@WORKERS@|$workers|g" -e "s|@DIR@|$dir|g" -e "s|@USER@|$user_line|g" \
  "$shared/nginx.conf" >"$dir/nginx.conf"
rm -f "$dir/uwsgi.sock"

uwsgi --ini "$shared/uwsgi.ini" "$@" --socket "$dir/uwsgi.sock" --chmod-socket=666 --processes "$workers" &
pids+=($!)

# nginx starts once uWSGI listens, so that no early request gets a 502 (one
# that arrives before the application is loaded waits in the socket's backlog).
for _ in $(seq 1200); do
  [ -S "$dir/uwsgi.sock" ] && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "start.sh: uWSGI exited before creating $dir/uwsgi.sock" >&2
    exit 1
  fi
  sleep 0.05
done
if [ ! -S "$dir/uwsgi.sock" ]; then
  echo "start.sh: uWSGI did not create $dir/uwsgi.sock within 60 s" >&2
  exit 1
fi

nginx -p "$dir" -c "$dir/nginx.conf" -e stderr &
pids+=($!)

set +e
wait -n
status=$?
set -e
echo "start.sh: nginx or uWSGI exited (status $status); stopping the other" >&2
exit 1
