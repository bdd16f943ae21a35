#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: `bash scripts/with-postgres.sh npx vitest run`.
# The server (scripts/pg-local.sh) lives in a fresh folder on PG_PORT (default 55433), listens on
# 127.0.0.1 only, and is stopped when the command ends, whatever its outcome. The command gets
# TEST_POSTGRES_URL (the server's maintenance database) and PG_DATA_DIR (for a restart test).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PG_PORT:-55433}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/tidings-pg.XXXXXX")"
chmod 755 "$dir"
cleanup() {
  bash scripts/pg-local.sh stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT
url="$(bash scripts/pg-local.sh start "$dir" "$port")"
export TEST_POSTGRES_URL="$url" PG_DATA_DIR="$dir" PG_PORT="$port"
"$@"
