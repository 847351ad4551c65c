#!/usr/bin/env bash
# Starts a Python server behind nginx, as the 2019 essay deployed it:
#   nginx-front.sh PORT WORKERS uwsgi      CPython under uWSGI (uwsgi protocol)
#   nginx-front.sh PORT WORKERS gunicorn   PyPy under gunicorn, sync workers (HTTP)
# nginx listens on 127.0.0.1:PORT, keeps client connections alive and talks to
# the application server over a unix socket. Everything lives in a private
# temporary directory (config, pid, socket, nginx's temp paths), removed on
# exit. The runner stops the whole process group with SIGTERM: nginx, the
# application server and this script each get it; the script waits for both,
# cleans up and exits. If either server exits first, the other is stopped.
set -euo pipefail

if [ $# -ne 3 ] || { [ "$3" != uwsgi ] && [ "$3" != gunicorn ]; }; then
  echo "usage: nginx-front.sh PORT WORKERS uwsgi|gunicorn" >&2
  exit 2
fi
port=$1 workers=$2 backend=$3
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

dir=$(mktemp -d "${TMPDIR:-/tmp}/diezmil-nginx.XXXXXX")
# nginx's workers run as an unprivileged user when started as root: they must
# reach the socket in this directory.
chmod 755 "$dir"
pids=()
stop() {
  trap - TERM INT EXIT
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
  rm -rf "$dir"
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

sed -e "s|@PORT@|$port|g" -e "s|@BIND@|${DIEZMIL_BIND:-127.0.0.1}|g" -e "s|@WORKERS@|$workers|g" -e "s|@DIR@|$dir|g" "nginx-$backend.conf" >"$dir/nginx.conf"

case $backend in
  uwsgi)
    uwsgi --ini uwsgi.ini --socket "$dir/app.sock" --chmod-socket=666 --processes "$workers" &
    ;;
  gunicorn)
    .venv-pypy/bin/gunicorn --bind "unix:$dir/app.sock" --workers "$workers" --worker-class sync app:application &
    ;;
esac
pids+=($!)

# nginx starts once the application server listens, so that no early request
# gets a 502 (a request that arrives before the application is loaded waits in
# the socket's backlog).
for _ in $(seq 1200); do
  [ -S "$dir/app.sock" ] && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "nginx-front.sh: $backend exited before creating $dir/app.sock" >&2
    exit 1
  fi
  sleep 0.05
done
if [ ! -S "$dir/app.sock" ]; then
  echo "nginx-front.sh: $backend did not create $dir/app.sock within 60 s" >&2
  exit 1
fi

nginx -p "$dir" -c "$dir/nginx.conf" -e stderr &
pids+=($!)

set +e
wait -n
status=$?
set -e
echo "nginx-front.sh: nginx or $backend exited (status $status); stopping the other" >&2
exit 1
