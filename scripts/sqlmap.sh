#!/usr/bin/env bash
# SQL injection scan of the running app with sqlmap (Debian package `sqlmap`, installed if missing).
#
# Usage:
#   BASE=http://127.0.0.1:18991 scripts/sqlmap.sh
#   BASE=… DATABASE_URL=postgresql://postgres@127.0.0.1:57532/sec scripts/sqlmap.sh   # also resets the login throttle afterwards
#
# Environment:
#   BASE            the running app (required)
#   DEMO_PASSWORD   demo accounts' password (default demo-raadsportal)
#   SQLMAP_THREADS  sqlmap --threads (default 4)
#   SQLMAP_OUT      folder for sqlmap's session files and logs (default: a fresh temporary folder)
#   DATABASE_URL    optional: the app's database; when set, the login throttle's table
#                   (login_failures) is emptied at the end, so that later tests from this address can
#                   log in again (the login scan sends hundreds of failed logins: after 30 in
#                   15 minutes the address is refused with 429).
#
# Targets, each at --level 2 with every technique (no --smart), in batch mode:
#   1. the board search   GET  /bestyrelse/soeg?q=test            (as bestyrelsessekretariat: confidential items included)
#   2. a case page         GET  /raadet/sager/1*                   (as sekretariat; * marks the id in the path)
#   3. an agenda item      GET  /bestyrelse/moeder/1*/punkter/7*    (as bestyrelse)
#   4. the login form      POST /login username, password          (a fresh csrf_token for every request via --csrf-url)
# Level 2 also tests the Cookie header (rp_session, rp_pre). The logged-in targets run first: the
# login scan trips the login throttle, after which sqlmap sees consistent 429 answers — still a
# valid test, because the username reaches PostgreSQL (the throttle's own queries) on every request.
#
# Exit status: 0 when sqlmap finds nothing, 1 when it reports an injectable parameter, 2 when the
# scan itself could not run (app down, login failed, sqlmap missing). Runs in about 5–10 minutes.
set -uo pipefail
BASE=${BASE:?set BASE, e.g. BASE=http://127.0.0.1:18991}
BASE=${BASE%/}
PASSWORD=${DEMO_PASSWORD:-demo-raadsportal}
THREADS=${SQLMAP_THREADS:-4}
OUT=${SQLMAP_OUT:-$(mktemp -d /tmp/raadsportal-sqlmap.XXXXXX)}
mkdir -p "$OUT"

if ! command -v sqlmap >/dev/null; then
  echo "Installing sqlmap (Debian package)…"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlmap >/dev/null \
    || { echo "sqlmap: could not install the Debian package" >&2; exit 2; }
fi

curl -fsS -o /dev/null "$BASE/healthz" || { echo "sqlmap: $BASE/healthz does not answer" >&2; exit 2; }

# login USER → prints the rp_session cookie value (stdlib only)
login() {
  BASE="$BASE" USER_NAME="$1" PASSWORD="$PASSWORD" python3 - <<'PY'
import http.client, os, re, sys, urllib.parse
u = urllib.parse.urlsplit(os.environ["BASE"])
def req(method, path, body=None, headers={}):
    c = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse(); data = r.read(); c.close()
    return r, data
r, page = req("GET", "/login")
pre = [c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or [] if c.startswith("rp_pre=")][0]
token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
body = urllib.parse.urlencode({"csrf_token": token, "username": os.environ["USER_NAME"], "password": os.environ["PASSWORD"]})
r, _ = req("POST", "/login", body, {"Cookie": pre, "Content-Type": "application/x-www-form-urlencoded"})
session = [c.split(";")[0].split("=", 1)[1] for c in r.headers.get_all("Set-Cookie") or [] if c.startswith("rp_session=")]
if r.status != 303 or not session:
    sys.exit(f"login as {os.environ['USER_NAME']} failed: {r.status}")
print(session[0])
PY
}
SECRETARIAT=$(login sekretariat) || exit 2
BOARD_SECRETARIAT=$(login bestyrelsessekretariat) || exit 2
BOARD=$(login bestyrelse) || exit 2

# --answers: at level 2 sqlmap would otherwise cut the UNION tests short when nothing else hinted at
# an injection (the one shortcut it takes in batch mode); the full set is wanted here.
COMMON=(--batch --level 2 --risk 1 --output-dir "$OUT" --flush-session --disable-coloring --timeout 30 --retries 1
        --answers "reduce the number of requests=N")
FOUND=0
run() {  # run NAME sqlmap-arguments…
  local name=$1; shift
  local log="$OUT/$name.log"
  local t0=$SECONDS
  echo "== $name: sqlmap $*"
  sqlmap "${COMMON[@]}" "$@" > "$log" 2>&1
  local rc=$?
  local secs=$((SECONDS - t0))
  if grep -qE "identified the following injection point|is vulnerable\. Do you want" "$log"; then
    echo "   INJECTABLE (${secs} s): see $log"
    grep -E "Parameter:|Type:|Title:|Payload:" "$log" | sed 's/^/   /' | head -20
    FOUND=1
  elif grep -qE "all tested parameters do not appear to be injectable|do not appear to be injectable" "$log"; then
    echo "   nothing found (${secs} s, $(grep -c "testing '" "$log") tests)"
  else
    echo "   sqlmap ended without a verdict (exit $rc, ${secs} s): see $log"
    tail -5 "$log" | sed 's/^/   /'
    [ "$FOUND" -eq 0 ] && FOUND=2
  fi
  { grep -E "\[CRITICAL\]|unable to connect|connection timed out|appears to be .*injectable|false positive" "$log"
    grep -A4 "HTTP error codes detected" "$log" | grep -E "^[0-9]{3} \("; } | sed 's/^\[[0-9:]*\] //' | sort -u | head -6 | sed 's/^/   note: /'
}

run search -u "$BASE/bestyrelse/soeg?q=test" --cookie "rp_session=$BOARD_SECRETARIAT" --threads "$THREADS"
run case-page -u "$BASE/raadet/sager/1*" --cookie "rp_session=$SECRETARIAT" --threads "$THREADS"
run agenda-item -u "$BASE/bestyrelse/moeder/1*/punkter/7*" --cookie "rp_session=$BOARD" --threads "$THREADS"
# (--csrf-url does not combine with --threads: one request at a time, each with a fresh token.)
# (--csrf-method GET: the token page is fetched with GET; a forced --method POST would apply to it too.
# 401 is a failed login, 429 the throttle: both are ordinary answers here, not reasons to stop.)
run login -u "$BASE/login" --data "csrf_token=x&username=sqlmap&password=sqlmap-test" \
  -p "username,password" --csrf-token csrf_token --csrf-url "$BASE/login" --csrf-method GET --ignore-code 401,429

if [ -n "${DATABASE_URL:-}" ]; then
  psql "$DATABASE_URL" -qc "DELETE FROM login_failures" && echo "Login throttle reset (login_failures emptied)."
fi
curl -fsS -o /dev/null "$BASE/healthz" || { echo "sqlmap: the app stopped answering /healthz" >&2; exit 2; }
case $FOUND in
  0) echo "sqlmap: no injectable parameter found (logs in $OUT)" ;;
  1) echo "sqlmap: INJECTABLE parameter found (logs in $OUT)" >&2 ;;
  *) echo "sqlmap: a scan ended without a verdict (logs in $OUT)" >&2 ;;
esac
exit $FOUND
