#!/usr/bin/env bash
# A malformed DATABASE_URL, a port in use and a missing Views/ folder each give one clear line on
# standard error and a non-zero exit.
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
expect "missing Views" "VIEWS_DIR" env VIEWS_DIR=/nonexistent PORT=18998 timeout 20 "$APP" serve
python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 18997)); s.listen(); time.sleep(25)' &
HOLDER=$!
sleep 0.5
expect "port in use" "already in use" env PORT=18997 timeout 20 "$APP" serve
kill $HOLDER 2>/dev/null
echo "Startup: 3 checks passed"
