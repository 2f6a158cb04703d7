#!/usr/bin/env bash
# The front door from any folder: `make run` in a fresh clone inside a chmod 700 `mktemp -d`
# folder, which the postgres user cannot reach. As root the local cluster's data must go to a folder
# outside the clone that the script creates and gives to postgres, named in the output; the app
# then serves the demo; `make stop-db` stops the cluster and `make drop-db` removes its data.
#
#   Tests/Operations/frontdoor.sh APP
#
#   APP  a built raadsportal binary: `make run` uses it (RAADSPORTAL_BIN) instead of building in
#        the clone. The clone is `git clone` of this repository's HEAD with the working tree's
#        scripts/ and Makefile copied over it, so the scripts are tested as they are now.
# Takes about 10 s. Exits 0 when it passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/pg.sh
APP=${1:?usage: frontdoor.sh APP}
ROOT=$PWD
PARENT=$(mktemp -d /tmp/raadsportal-frontdoor.XXXXXX)
CLONE="$PARENT/raadsportal"
RUN_PID=""
cleanup() {
  [ -n "$RUN_PID" ] && kill -- -"$RUN_PID" 2>/dev/null
  [ -d "$CLONE" ] && (cd "$CLONE" && make -s drop-db >/dev/null 2>&1)
  rm -rf "$PARENT"
}
trap cleanup EXIT
fail() {
  echo "Front door FAILED: $*" >&2
  [ -f "$PARENT/run.log" ] && tail -20 "$PARENT/run.log" >&2
  exit 1
}

chmod 700 "$PARENT"
if [ "$(id -u)" -eq 0 ]; then
  runuser -u postgres -- test -x "$PARENT" && fail "the postgres user can reach $PARENT: the test would prove nothing"
fi
git clone -q "$ROOT" "$CLONE" || fail "git clone"
cp scripts/run.sh scripts/pg.sh "$CLONE/scripts/" && cp Makefile "$CLONE/"
cd "$CLONE"

APP_PORT=$(free_port 18600)
t0=$(date +%s.%N)
env -u DATABASE_URL -u PGPORT RAADSPORTAL_BIN="$APP" HOST=127.0.0.1 PORT="$APP_PORT" setsid make -s run > "$PARENT/run.log" 2>&1 &
RUN_PID=$!
wait_for_http "http://127.0.0.1:$APP_PORT/healthz" || fail "make run does not serve /healthz"
wait_for_http "http://127.0.0.1:$APP_PORT/bestyrelse/moeder/1" || fail "make run does not serve the demo agenda"
ready=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")

DATA=$(sed -n 's/.*Local PostgreSQL on .*, data in \([^ ]*\) (stop it: make stop-db; remove its data: make drop-db).*/\1/p' "$PARENT/run.log")
# Nothing postgres runs may complain about the closed folder it was started from.
grep -q "could not change directory" "$PARENT/run.log" && fail "a tool run as postgres could not enter the clone's folder"
[ -n "$DATA" ] || fail "make run does not name the data folder"
[ -f "$DATA/PG_VERSION" ] || fail "no cluster in $DATA"
if [ "$(id -u)" -eq 0 ]; then
  case "$DATA" in "$PARENT"/*) fail "the data folder $DATA is inside the closed folder" ;; esac
  [ "$(stat -c %U "$DATA")" = postgres ] || fail "$DATA is not the postgres user's"
  [ "$(cat "$DATA/.clone")" = "$CLONE" ] || fail "$DATA/.clone does not name the clone"
fi
pg_running "$DATA" || fail "the cluster in $DATA is not running"
kill -- -"$RUN_PID" 2>/dev/null
wait "$RUN_PID" 2>/dev/null
RUN_PID=""

stopped=$(make -s stop-db 2>&1) || fail "make stop-db: $stopped"
pg_running "$DATA" && fail "make stop-db left the cluster running: $stopped"
[ -f "$DATA/PG_VERSION" ] || fail "make stop-db removed the data"
dropped=$(make -s drop-db 2>&1) || fail "make drop-db: $dropped"
[ -e "$DATA" ] && fail "make drop-db left $DATA: $dropped"
echo "  make run in a chmod 700 folder: serving after ${ready} s, data in $DATA; make stop-db stopped it, make drop-db removed it"
echo "Front door: passed"
