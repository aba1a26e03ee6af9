#!/usr/bin/env bash
# A throwaway PostgreSQL for the server tests, on 127.0.0.1 only, in a temporary directory.
#   source scripts/test-postgres.sh start   exports ENVELOPE_TEST_POSTGRES (an admin connection string)
#   scripts/test-postgres.sh stop           stops it and removes its files
# Installs Debian's postgresql package when no server binaries are present.
set -euo pipefail

ENVELOPE_PG_PORT=${ENVELOPE_PG_PORT:-55432}
ENVELOPE_PG_DIR=${ENVELOPE_PG_DIR:-/tmp/envelope-test-postgres}

pg_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ -z "$(pg_bin)" ]; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  local bin; bin=$(pg_bin)
  stop >/dev/null 2>&1 || true
  mkdir -p "$ENVELOPE_PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$ENVELOPE_PG_DIR"
  as_cluster_owner "$bin/initdb" -D "$ENVELOPE_PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  # fsync off: a crash of this throwaway cluster loses nothing anyone needs, and the tests run faster.
  as_cluster_owner "$bin/pg_ctl" -D "$ENVELOPE_PG_DIR/data" -l "$ENVELOPE_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $ENVELOPE_PG_PORT -k $ENVELOPE_PG_DIR -c max_connections=300 -c fsync=off" start >&2
  export ENVELOPE_TEST_POSTGRES="Host=127.0.0.1;Port=$ENVELOPE_PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL is listening on 127.0.0.1:$ENVELOPE_PG_PORT" >&2
}

stop() {
  local bin; bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$ENVELOPE_PG_DIR/data/postmaster.pid" ]; then
    as_cluster_owner "$bin/pg_ctl" -D "$ENVELOPE_PG_DIR/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$ENVELOPE_PG_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: source scripts/test-postgres.sh start | scripts/test-postgres.sh stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
