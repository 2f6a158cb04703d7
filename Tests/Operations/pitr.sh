#!/usr/bin/env bash
# Point-in-time recovery from a WAL archive, as docs/operations.md describes it: a cluster that
# archives its WAL to a folder (archive_mode = on, archive_command = cp), a base backup
# (pg_basebackup), a row written after the backup, the time noted, the row deleted by mistake; then
# the backup restored with restore_command from the archive and recovery_target_time set to the
# noted time: the row is back, the deletion is not.
#
#   Tests/Operations/pitr.sh [PGBIN]
#
# PGBIN: folder with initdb, pg_ctl, pg_basebackup and psql (default: the newest
# /usr/lib/postgresql/*/bin). As root the clusters run as the postgres user. Uses a temporary
# folder and free ports, removes both. Takes about 5 s. Exits 0 when the row came back, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/pg.sh
PG_BIN=${1:-$(pg_bindir)}
TMP=$(mktemp -d /tmp/raadsportal-pitr.XXXXXX)
chmod 755 "$TMP"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$TMP"
ARCHIVE="$TMP/archive" LIVE="$TMP/live" BASE="$TMP/base" RESTORED="$TMP/restored"
cleanup() {
  local d
  for d in "$LIVE" "$RESTORED"; do
    [ -f "$d/postmaster.pid" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "PITR FAILED: $*" >&2; for f in "$TMP"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -15 "$f" >&2; }; done; exit 1; }
start=$(date +%s.%N)
P1=$(free_port 15701)
P2=$(free_port $((P1 + 1)))
sql() { "$PG_BIN/psql" -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "${3:-postgres}" -c "$2"; }
opts() { echo "-c listen_addresses=127.0.0.1 -p $1 -c unix_socket_directories='' -c fsync=off"; }

# 1. A cluster that archives every finished WAL segment into $ARCHIVE (never overwriting a file).
as_pg_owner mkdir "$ARCHIVE" || fail "mkdir $ARCHIVE"
as_pg_owner "$PG_BIN/initdb" -D "$LIVE" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$TMP/initdb.log" 2>&1 || fail "initdb"
cat >> "$LIVE/postgresql.conf" <<CONF
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
CONF
as_pg_owner "$PG_BIN/pg_ctl" -D "$LIVE" -l "$TMP/live.log" -w -o "$(opts "$P1")" start > /dev/null || fail "start the live cluster"
sql "$P1" "CREATE DATABASE raadsportal" >/dev/null || fail "create database"
sql "$P1" "CREATE TABLE board_decisions (id int PRIMARY KEY, text text NOT NULL); INSERT INTO board_decisions VALUES (1, 'from before the backup')" raadsportal \
  || fail "create table"

# 2. The base backup (the nightly one), then more work: the row the mistake will delete.
as_pg_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$BASE" -X stream -c fast > "$TMP/basebackup.log" 2>&1 \
  || fail "pg_basebackup"
sql "$P1" "INSERT INTO board_decisions VALUES (2, 'Bestyrelsen godkender årsrapporten')" raadsportal || fail "insert"
target=$(sql "$P1" "SELECT clock_timestamp()" raadsportal) || fail "note the time"
sleep 0.3
sql "$P1" "DELETE FROM board_decisions WHERE id = 2" raadsportal || fail "delete"
# The segment with the deletion is archived once it is full or switched (archive_timeout in production).
segment=$(sql "$P1" "SELECT pg_walfile_name(pg_current_wal_lsn())") || fail "current WAL file"
sql "$P1" "SELECT pg_switch_wal()" >/dev/null || fail "pg_switch_wal"
for _ in $(seq 100); do [ -f "$ARCHIVE/$segment" ] && break; sleep 0.1; done
[ -f "$ARCHIVE/$segment" ] || fail "WAL segment $segment not archived"
[ "$(sql "$P1" "SELECT count(*) FROM board_decisions WHERE id = 2" raadsportal)" = 0 ] || fail "the row was not deleted"
as_pg_owner "$PG_BIN/pg_ctl" -D "$LIVE" -m immediate stop > /dev/null

# 3. Restore: a copy of the base backup, WAL from the archive up to the noted time, then promote.
as_pg_owner cp -a "$BASE" "$RESTORED" || fail "copy the base backup"
as_pg_owner tee -a "$RESTORED/postgresql.conf" > /dev/null <<CONF
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
as_pg_owner touch "$RESTORED/recovery.signal"
restore_start=$(date +%s.%N)
as_pg_owner "$PG_BIN/pg_ctl" -D "$RESTORED" -l "$TMP/restored.log" -w -t 60 -o "$(opts "$P2")" start > /dev/null || fail "start the restore"
for _ in $(seq 100); do [ "$(sql "$P2" "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break; sleep 0.1; done
[ "$(sql "$P2" "SELECT pg_is_in_recovery()")" = f ] || fail "the restored cluster is still recovering"
restored_in=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$restore_start" "$(date +%s.%N)")
rows=$(sql "$P2" "SELECT string_agg(id || ':' || text, ', ' ORDER BY id) FROM board_decisions" raadsportal) || fail "read the restored table"
[ "$rows" = "1:from before the backup, 2:Bestyrelsen godkender årsrapporten" ] || fail "restored to $target, the table holds: $rows"
grep -q "recovery stopping before commit" "$TMP/restored.log" || fail "recovery did not stop at the target"
total=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
echo "  restored to $target (before the deletion): the deleted row is back; replay and promotion ${restored_in} s"
echo "PITR: passed in ${total} s"
