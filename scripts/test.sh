#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL cluster that this script starts and removes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh

ensure_packages

DATA=$(mktemp -d /tmp/raadsportal-test-pg.XXXXXX)
chmod 755 "$DATA"
DATA="$DATA/data"
PORT=$(free_port 55432)
cleanup() { pg_stop "$DATA"; rm -rf "$(dirname "$DATA")"; }
trap cleanup EXIT
PG_FSYNC=off pg_start "$DATA" "$PORT"
echo "Test PostgreSQL on 127.0.0.1:$PORT"

export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
# The fault tests restart this cluster.
BIN=$(pg_bindir)
# (pg_ctl restart reuses the options the cluster was started with.)
if [ "$(id -u)" -eq 0 ]; then
  export TEST_PG_RESTART="runuser -u postgres -- $BIN/pg_ctl -D $DATA -w -m fast restart"
else
  export TEST_PG_RESTART="$BIN/pg_ctl -D $DATA -w -m fast restart"
fi
export TEST_PG_LOG="$DATA/server.log"

swift build --build-tests
swift test --skip-build --disable-swift-testing "$@"

# With a filter (a developer running some tests) the browser journey is left out.
[ $# -gt 0 ] && exit 0

# The browser journey: the app itself, against a fresh database in the same cluster, walked through
# the council's process by headless Chromium (Debian's chromium and chromium-driver, PyPI's selenium).
ensure_browser
swift build --product raadsportal
APP="$(swift build --show-bin-path)/raadsportal"
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc 'CREATE DATABASE journey' postgres
APP_PORT=$(free_port 18080)
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/journey" HOST=127.0.0.1
LOG="$(dirname "$DATA")/app.log"
{ "$APP" migrate && "$APP" seed-demo; } > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$APP_PORT" "$APP" serve >> "$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true; cleanup' EXIT
wait_for_http "http://127.0.0.1:$APP_PORT/healthz" || { cat "$LOG"; exit 1; }
BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/journey.py
