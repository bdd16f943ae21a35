#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks, on 127.0.0.1 only.
#   bash scripts/pg-local.sh start DIR PORT   installs Debian's postgresql when missing, creates the
#                                             cluster in DIR on first use, starts it, prints DATABASE_URL
#   bash scripts/pg-local.sh stop DIR         stops it (fast shutdown)
#   bash scripts/pg-local.sh restart DIR      stops and starts it again (the crash suite's "database restart")
#   bash scripts/pg-local.sh createdb DIR PORT NAME   an empty database NAME, dropped first if it exists
#   bash scripts/pg-local.sh install -            installs Debian's postgresql when missing (CI, before the tests)
#   bash scripts/pg-local.sh stop-all PARENT      stops every server whose folder is directly under PARENT
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
cmd="${1:?usage: pg-local.sh start|stop|restart|createdb DIR [PORT] [NAME]}"
dir="$(realpath -m -- "${2:?a data folder}")"

# Run from / as root: the `postgres` user may not enter the caller's folder (a CI clone under a private
# mktemp folder), and pg_ctl says so on every call otherwise. Paths are absolute (dir, above).
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

ensure_installed() {
  if [ -x "$PGBIN/initdb" ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL 15 is not installed at $PGBIN and installing it needs root: apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
}

case "$cmd" in
  install)
    ensure_installed
    ;;
  stop-all)
    for d in "$dir"/*/; do
      if [ -f "$d/postmaster.pid" ] && [ -f "$d/PG_VERSION" ]; then as_owner "$PGBIN/pg_ctl" -D "$d" -m immediate -w stop >/dev/null || true; fi
    done
    ;;
  start)
    port="${3:?a port}"
    ensure_installed
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      # trust on 127.0.0.1 and the socket in DIR: a throwaway server for this machine's tests only.
      as_owner "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # fsync stays on: the crash suite counts acknowledged writes across a database restart.
    as_owner "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
    ;;
  restart)
    as_owner "$PGBIN/pg_ctl" -D "$dir" -m fast -w -t 60 restart >/dev/null
    ;;
  createdb)
    port="${3:?a port}"
    name="${4:?a database name}"
    "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
      -c "drop database if exists \"$name\" with (force)" -c "create database \"$name\"" postgres >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/$name"
    ;;
  *)
    echo "unknown command: $cmd" >&2
    exit 2
    ;;
esac
