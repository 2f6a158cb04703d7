#!/usr/bin/env bash
# Runs Rådsportalen on a fresh machine: installs PostgreSQL, libpq and the PDF engine (WeasyPrint,
# fonts; scripts/pg.sh's ensure_pdf_engine) if missing, starts a local
# cluster (unless DATABASE_URL is given), migrates, loads the demo data and serves on
# http://127.0.0.1:8080 (HOST and PORT override).
#
#   bash scripts/run.sh            make run
#   bash scripts/run.sh --db-only  the local cluster and its database only; prints DATABASE_URL
#   bash scripts/run.sh --stop-db  stops the local cluster (make stop-db); its data stays
#   bash scripts/run.sh --drop-db  stops it and removes its data folder (make drop-db)
#
# The cluster's data folder (scripts/pg.sh, local_cluster_dir): .pgdata/ in the clone, or as root
# /var/lib/raadsportal/pg-<hash of the clone's path>, so a clone the postgres user cannot reach
# (under /root, in a chmod 700 folder) works too. RAADSPORTAL_PGDATA names another folder.
# RAADSPORTAL_BIN runs that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh

ACTION=${1:-run}
case "$ACTION" in
  run | --db-only | --stop-db | --drop-db) ;;
  *) echo "usage: scripts/run.sh [--db-only | --stop-db | --drop-db]" >&2; exit 2 ;;
esac
DATA=$(local_cluster_dir "$PWD")

if [ "$ACTION" = --stop-db ] || [ "$ACTION" = --drop-db ]; then
  if pg_running "$DATA"; then
    pg_stop "$DATA"
    echo "Stopped the local PostgreSQL (data in $DATA)"
  else
    echo "The local PostgreSQL is not running (data in $DATA)"
  fi
  if [ "$ACTION" = --drop-db ]; then
    # Only a folder that holds a cluster (RAADSPORTAL_PGDATA may name anything).
    if [ -f "$DATA/PG_VERSION" ]; then
      rm -rf "$DATA"
      echo "Removed $DATA"
    else
      echo "No cluster in $DATA: nothing removed"
    fi
  fi
  exit 0
fi

ensure_packages
ensure_pdf_engine
CONFIG=${BUILD_CONFIGURATION:-debug}

if [ -z "${DATABASE_URL:-}" ]; then
  PGPORT=${PGPORT:-54329}
  if pg_running "$DATA" && [ -f "$DATA/.port" ]; then
    PGPORT=$(cat "$DATA/.port")
  else
    PGPORT=$(free_port "$PGPORT")
    pg_start "$DATA" "$PGPORT"
    echo "$PGPORT" > "$DATA/.port"
    # Which clone the folder belongs to, for whoever finds it in /var/lib/raadsportal.
    echo "$PWD" > "$DATA/.clone"
  fi
  pg_ensure_db "$PGPORT" raadsportal
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/raadsportal"
  echo "Local PostgreSQL on 127.0.0.1:$PGPORT, data in $DATA (stop it: make stop-db; remove its data: make drop-db)"
fi
if [ "$ACTION" = --db-only ]; then
  echo "DATABASE_URL=$DATABASE_URL"
  exit 0
fi

if [ -n "${RAADSPORTAL_BIN:-}" ]; then
  BIN=$RAADSPORTAL_BIN
else
  swift build -c "$CONFIG" --product raadsportal
  BIN="$(swift build -c "$CONFIG" --show-bin-path)/raadsportal"
fi
app_malloc_settings
"$BIN" migrate
"$BIN" seed-demo
echo "Rådsportalen: http://${HOST:-127.0.0.1}:${PORT:-8080}  (demo password: ${DEMO_PASSWORD:-demo-raadsportal})"
exec "$BIN" serve
