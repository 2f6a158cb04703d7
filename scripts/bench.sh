#!/usr/bin/env bash
# make bench: builds in release mode, starts a throwaway PostgreSQL cluster, loads the demo data
# and a generated volume, and drives the app with wrk (bench/run.py prints and saves the numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh

ensure_packages
ensure_pdf_engine
if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

swift build -c release --product raadsportal
export BENCH_BIN="$(swift build -c release --show-bin-path)/raadsportal"
# The reference beside it (not part of the product): Fortunes on Hummingbird 2 and PostgresNIO.
swift build -c release --package-path bench/reference
export BENCH_REF_BIN="$(swift build -c release --package-path bench/reference --show-bin-path)/Reference"

TMP=$(mktemp -d /tmp/raadsportal-bench.XXXXXX)
chmod 755 "$TMP"
export BENCH_PGDATA="$TMP/data" BENCH_TMP="$TMP"
export BENCH_PGPORT=$(free_port 56432)
cleanup() { pg_stop "$BENCH_PGDATA"; rm -rf "$TMP"; }
trap cleanup EXIT
# A durable cluster (fsync on, as in production): the write scenario commits for real.
pg_start "$BENCH_PGDATA" "$BENCH_PGPORT"
BIN_DIR=$(pg_bindir)
if [ "$(id -u)" -eq 0 ]; then
  export BENCH_PG_RESTART="$PG_DEFAULT_MALLOC runuser -u postgres -- $BIN_DIR/pg_ctl -D $BENCH_PGDATA -w -m fast restart"
else
  export BENCH_PG_RESTART="$PG_DEFAULT_MALLOC $BIN_DIR/pg_ctl -D $BENCH_PGDATA -w -m fast restart"
fi
export BENCH_PGBENCH="$BIN_DIR/pgbench"
# The app runs with the allocator settings of a deployment.
app_malloc_settings
python3 bench/run.py "$@"
