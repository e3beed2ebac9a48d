#!/usr/bin/env bash
# start: initdb + start a PostgreSQL server on a free loopback port in a temp dir and print
#        `export INTERVISIE_TEST_PG_URL=… PGTEST_DIR=…` for eval.  stop DIR: stop it and remove DIR.
# Without PostgreSQL, start prints a note for eval (its tests are then skipped); under CI
# (CI=true) it fails instead, and prints `false` so that `eval "$(… start)"` fails too.
# PG_LIB_ROOT (default /usr/lib/postgresql) is where the versioned bin folders are looked for.
set -euo pipefail
bin=$(ls -d "${PG_LIB_ROOT:-/usr/lib/postgresql}"/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ]; then
  if [ "${1:-}" = start ] && [[ "${CI:-}" =~ ^(1|[Tt]rue|TRUE|[Yy]es)$ ]]; then
    echo "PostgreSQL is not installed, and under CI (CI=true) its tests must run (Debian: apt-get install postgresql)" >&2
    echo false
    exit 1
  fi
  echo "echo 'PostgreSQL not installed: its tests will be skipped' >&2"
  exit 0
fi
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/intervisie-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run "$bin/initdb" -D "$dir/data" -U intervisie --auth=trust -E UTF8 >/dev/null
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    run "$bin/createdb" -h 127.0.0.1 -p "$port" -U intervisie intervisie_test
    echo "export INTERVISIE_TEST_PG_URL=postgresql+psycopg://intervisie@127.0.0.1:$port/intervisie_test PGTEST_DIR=$dir"
    ;;
  stop)
    dir="$2"
    run "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
