#!/usr/bin/env bash
# A malformed DATABASE_URL, SMTP_URL without MAIL_FROM, a port in use and a missing Views/ folder each give one clear line on
# standard error and a non-zero exit; a refused DATABASE_URL's password is never shown. Every form
# of connection string libpq accepts passes the check (several hosts, key=value, PG* variables):
# the app then asks libpq to connect, which tries each host named.
set -uo pipefail
APP=$1
fail() { echo "Startup FAILED: $*" >&2; exit 1; }
expect() {  # expect NAME PATTERN COMMAND...
  local name=$1 pattern=$2; shift 2
  local out rc
  out=$("$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -ne 0 ] || fail "$name: exit status 0"
  [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] || fail "$name: more than one line: $out"
  printf '%s' "$out" | grep -q "$pattern" || fail "$name: unclear message: $out"
  echo "  $name: $out"
}
expect "malformed DATABASE_URL" "DATABASE_URL" env DATABASE_URL="not a url" PORT=18999 timeout 20 "$APP" serve
expect "DATABASE_URL with a bad port" "port '54x2'" \
  env DATABASE_URL="postgresql://raadsportal:hemmeligt@127.0.0.1:54x2/raadsportal" PORT=18999 timeout 20 "$APP" serve
expect "DATABASE_URL libpq cannot read" "DATABASE_URL" \
  env DATABASE_URL="host=127.0.0.1 password=hemmeligt kode" PORT=18999 timeout 20 "$APP" serve
expect "DATABASE_URL with an unknown target_session_attrs" "target_session_attrs 'writable'" \
  env DATABASE_URL="postgresql://127.0.0.1:1,127.0.0.1:2/raadsportal?target_session_attrs=writable" PORT=18999 timeout 20 "$APP" serve
out=$(env DATABASE_URL="postgresql://raadsportal:hemmeligt@127.0.0.1:54x2/raadsportal" timeout 20 "$APP" migrate 2>&1)
! printf '%s' "$out" | grep -q hemmeligt || fail "a refused DATABASE_URL's password was shown: $out"
# accepts NAME PORTS… -- ENV…: the check passes and libpq tries each port named (nothing listens
# on ports 1 and 2, so the migration fails there, after the configuration was accepted).
accepts() {
  local name=$1; shift
  local ports=()
  while [ "$1" != "--" ]; do ports+=("$1"); shift; done
  shift
  local out
  out=$(env -u DATABASE_URL "$@" timeout 20 "$APP" migrate 2>&1) && fail "$name: migrate succeeded against ports ${ports[*]}"
  printf '%s' "$out" | grep -q "Configuration error" && fail "$name: refused: $out"
  local port
  for port in "${ports[@]}"; do
    printf '%s' "$out" | grep -q "port $port failed" || fail "$name: libpq did not try port $port: $out"
  done
  echo "  $name: accepted; libpq tried port(s) ${ports[*]}"
}
accepts "multi-host URL" 1 2 -- DATABASE_URL="postgresql://127.0.0.1:1,127.0.0.1:2/raadsportal?target_session_attrs=read-write"
accepts "key=value string" 1 2 -- DATABASE_URL="host=127.0.0.1,127.0.0.1 port=1,2 dbname=raadsportal target_session_attrs=read-write"
accepts "PG* variables" 1 -- PGHOST=127.0.0.1 PGPORT=1 PGDATABASE=raadsportal
expect "SMTP_URL without MAIL_FROM" "MAIL_FROM must be set when SMTP_URL is" \
  env -u MAIL_FROM SMTP_URL="smtp://raad:hemmeligt@127.0.0.1:2525" PORT=18999 timeout 20 "$APP" serve
out=$(env -u MAIL_FROM SMTP_URL="smtp://raad:hemmeligt@127.0.0.1:2525" timeout 20 "$APP" serve 2>&1)
! printf '%s' "$out" | grep -q hemmeligt || fail "the relay's password was shown: $out"
expect "malformed SMTP_URL" "SMTP_URL must look like" env SMTP_URL="mail.region.dk" MAIL_FROM=raadsportal@regioner.dk PORT=18999 timeout 20 "$APP" serve
expect "malformed MAIL_RETRY_SCHEDULE" "MAIL_RETRY_SCHEDULE" env MAIL_RETRY_SCHEDULE="hurtigt" PORT=18999 timeout 20 "$APP" serve
expect "missing Views" "VIEWS_DIR" env VIEWS_DIR=/nonexistent PORT=18998 timeout 20 "$APP" serve
python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 18997)); s.listen(); time.sleep(25)' &
HOLDER=$!
sleep 0.5
expect "port in use" "already in use" env PORT=18997 timeout 20 "$APP" serve
kill $HOLDER 2>/dev/null
echo "Startup: 14 checks passed"
