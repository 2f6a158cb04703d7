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
