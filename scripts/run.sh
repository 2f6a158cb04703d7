#!/usr/bin/env bash
# Runs Rådsportalen on a fresh machine: installs PostgreSQL and libpq if missing, starts a local
# cluster in .pgdata/ (unless DATABASE_URL is given), migrates, loads the demo data and serves
# on http://127.0.0.1:8080 (HOST and PORT override).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh

ensure_packages
CONFIG=${BUILD_CONFIGURATION:-debug}

if [ -z "${DATABASE_URL:-}" ]; then
  DATA="$PWD/.pgdata"
  PGPORT=${PGPORT:-54329}
  if pg_running "$DATA" && [ -f "$DATA/.port" ]; then
    PGPORT=$(cat "$DATA/.port")
  else
    PGPORT=$(free_port "$PGPORT")
    pg_start "$DATA" "$PGPORT"
    echo "$PGPORT" > "$DATA/.port"
  fi
  pg_ensure_db "$PGPORT" raadsportal
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/raadsportal"
  echo "Local PostgreSQL on 127.0.0.1:$PGPORT (data in .pgdata/; stop it with: make stop-db)"
fi

swift build -c "$CONFIG" --product raadsportal
BIN="$(swift build -c "$CONFIG" --show-bin-path)/raadsportal"
app_malloc_settings
"$BIN" migrate
"$BIN" seed-demo
echo "Rådsportalen: http://${HOST:-127.0.0.1}:${PORT:-8080}  (demo password: ${DEMO_PASSWORD:-demo-raadsportal})"
exec "$BIN" serve
