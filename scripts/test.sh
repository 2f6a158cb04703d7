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
BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/print.py
# Accessibility (axe-core on every page kind for every role, forms in their error state, keyboard
# journeys); after the journey, whose steps it must not disturb.
BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/a11y.py
# Hostile input (#7), against an instance on fresh demo data (the journey published the annual
# report whose editor it fills in): malformed requests, then every form's text fields.
kill $APP_PID 2>/dev/null || true
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc 'CREATE DATABASE hostile' postgres
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/hostile"
{ "$APP" migrate && "$APP" seed-demo; } >> "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$APP_PORT" "$APP" serve >> "$LOG" 2>&1 &
APP_PID=$!
wait_for_http "http://127.0.0.1:$APP_PORT/healthz" || { cat "$LOG"; exit 1; }
BASE="http://127.0.0.1:$APP_PORT" LOG="$LOG" APP_PID=$APP_PID python3 Tests/Operations/robustness.py
BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Operations/hostile.py

# Operations: two instances on one database behind nginx (round robin). Both start at once and
# migrate the empty database together (the advisory lock lets one do it); the request log of each
# goes to a file that the check reads.
ensure_nginx
kill $APP_PID 2>/dev/null || true
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc 'CREATE DATABASE instances' postgres
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/instances" TRUSTED_PROXIES=127.0.0.1
TMP="$(dirname "$DATA")"
A_PORT=$(free_port 18181); B_PORT=$(free_port $((A_PORT + 1))); N_PORT=$(free_port $((B_PORT + 1)))
PORT="$A_PORT" "$APP" serve --migrate > "$TMP/a.log" 2>&1 &
A_PID=$!
PORT="$B_PORT" "$APP" serve --migrate > "$TMP/b.log" 2>&1 &
B_PID=$!
mkdir -p "$TMP/nginx"
NGINX_USER=""
[ "$(id -u)" -eq 0 ] && NGINX_USER="user root;"
cat > "$TMP/nginx/nginx.conf" <<NGINX
$NGINX_USER
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  client_max_body_size 60m;
  upstream raadsportal { server 127.0.0.1:$A_PORT; server 127.0.0.1:$B_PORT; }
  server {
    listen 127.0.0.1:$N_PORT;
    location / {
      proxy_pass http://raadsportal;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_request_buffering off;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
NGINX
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX_BIN" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
N_PID=$!
trap 'kill $A_PID $B_PID $N_PID 2>/dev/null || true; cleanup' EXIT
wait_for_http "http://127.0.0.1:$A_PORT/healthz" && wait_for_http "http://127.0.0.1:$B_PORT/healthz" \
  || { cat "$TMP/a.log" "$TMP/b.log"; exit 1; }
"$APP" seed-demo >/dev/null 2>&1
wait_for_http "http://127.0.0.1:$N_PORT/healthz" || { cat "$TMP/nginx/error.log"; exit 1; }
grep -h "migrations:" "$TMP/a.log" "$TMP/b.log" | sed 's/^/  /'
BASE="http://127.0.0.1:$N_PORT" LOGS="$TMP/a.log,$TMP/b.log" python3 Tests/Operations/instances.py

# Start-up checks: a bad setting is one clear line and a non-zero exit, not a stack trace.
bash Tests/Operations/startup.sh "$APP"

# Backup: pg_dump, pg_restore into a new database, the same pages served from it.
bash Tests/Operations/backup.sh "$PORT" "$APP" "$BIN"

# Faults: PostgreSQL restarted under load, started while it is down, pool exhaustion, SIGKILL in a
# stream of form submissions, SIGTERM draining.
if [ "$(id -u)" -eq 0 ]; then PG_CTL="runuser -u postgres -- $BIN/pg_ctl -D $DATA"; else PG_CTL="$BIN/pg_ctl -D $DATA"; fi
APP="$APP" PG_PORT="$PORT" PG_CTL="$PG_CTL" PG_LOG="$DATA/server.log" python3 Tests/Operations/faults.py
