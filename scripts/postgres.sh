#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests (Debian's postgresql package,
# installed here when missing and running as root) and print its URL. Idempotent: a server
# already running in $PGDIR is reused. Stop it with: scripts/postgres.sh stop
set -euo pipefail
PGDIR=${PLANWATCH_PGDIR:-/tmp/planwatch-pg}
PORT=${PLANWATCH_PGPORT:-54329}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() {  # PostgreSQL refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "${1:-}" = stop ]; then
  as_owner "$BIN/pg_ctl" -D "$PGDIR" stop -m fast >/dev/null 2>&1 || true
  exit 0
fi
if [ ! -f "$PGDIR/PG_VERSION" ]; then
  mkdir -p "$PGDIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; fi
  as_owner "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'planwatch_test'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres planwatch_test
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/planwatch_test"
