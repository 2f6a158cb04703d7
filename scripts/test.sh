#!/usr/bin/env bash
# Runs the tests against a throwaway PostgreSQL cluster that this script starts and removes.
#
#   bash scripts/test.sh                  every part, in this order (make test)
#   bash scripts/test.sh --part unit      the XCTest cases: domain, database, web (make test-unit)
#   bash scripts/test.sh --part browser   the app in headless Chromium: journey, print, a11y, narrow (375 px); the PDFs
#                                         read by qpdf, pdffonts, pdfua, pikepdf, pdftotext (make test-browser)
#   bash scripts/test.sh --part ops       robustness, hostile input, two instances behind nginx, start-up,
#                                         make run from a closed folder, backup, faults, failover,
#                                         point-in-time recovery (make test-ops)
#   bash scripts/test.sh --part sso       single sign-on against a real OpenID provider (glewlwyd), in
#                                         Chromium, and the refusals of its tokens made wrong (also in browser)
#   bash scripts/test.sh --part clients   the world's HTTP clients: the Nu HTML Checker, promtool, icalendar
#                                         and vobject, csv, curl (make test-clients)
#   bash scripts/test.sh [--part unit] --filter Name   only the XCTest cases matching Name (any further
#                                         arguments go to `swift test`; without --part only the unit part runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh

PART=all
if [ "${1:-}" = "--part" ]; then
  PART=${2:-}
  shift 2 || true
fi
case "$PART" in
  all) if [ $# -gt 0 ]; then PART=unit; fi ;;  # a filter (a developer running some tests): the XCTest cases only
  unit) ;;
  browser | ops | clients | sso) [ $# -eq 0 ] || { echo "scripts/test.sh: --part $PART takes no further arguments" >&2; exit 2; } ;;
  *) echo "usage: scripts/test.sh [--part unit|browser|ops|clients|sso] [swift test arguments, e.g. --filter Name]" >&2; exit 2 ;;
esac

ensure_packages

TMP=$(mktemp -d /tmp/raadsportal-test-pg.XXXXXX)
chmod 755 "$TMP"
DATA="$TMP/data"
PORT=$(free_port 55432)
PIDS=()  # app instances and nginx, stopped at the end
cleanup() {
  [ ${#PIDS[@]} -eq 0 ] || kill "${PIDS[@]}" 2>/dev/null || true
  pg_stop "$DATA"
  rm -rf "$TMP"
}
trap cleanup EXIT
PG_FSYNC=off pg_start "$DATA" "$PORT"
echo "Test PostgreSQL on 127.0.0.1:$PORT"

export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
BIN=$(pg_bindir)
# The fault tests restart this cluster (pg_ctl restart reuses the options it was started with).
if [ "$(id -u)" -eq 0 ]; then PG_CTL="runuser -u postgres -- $BIN/pg_ctl -D $DATA"; else PG_CTL="$BIN/pg_ctl -D $DATA"; fi
PG_CTL="$PG_DEFAULT_MALLOC $PG_CTL"
export TEST_PG_RESTART="$PG_CTL -w -m fast restart"
export TEST_PG_LOG="$DATA/server.log"
LOG="$TMP/app.log"

# The XCTest cases (domain, database and web tests); arguments go to `swift test`. The code's layout
# is checked first, against the committed .swift-format (`swift format format -i -r Sources Tests
# Package.swift` fixes what it finds).
unit_part() {
  # The web tests render PDFs with the real engine (DocumentTests).
  ensure_pdf_engine
  # The archive package's schema, and an example package's metadata against it (PrivacyTests checks
  # a real package's the same way).
  ensure_xmllint
  xmllint --noout --schema schemas/arkivpakke.xsd schemas/arkivpakke-eksempel.xml
  swift format lint --strict -r Sources Tests Package.swift
  swift build --build-tests
  swift test --skip-build --disable-swift-testing "$@"
}

# The app binary the browser and operations parts start: a release build, as deployed, with the
# allocator settings of a deployment (every app this script or the checks start inherits them).
# (A debug build is not what anyone runs, and some of it is far slower than a release: multipart-kit's
# parser reads a body byte by byte through an unspecialised generic view, about 1 us a byte, so the
# 50 MB upload of robustness.py alone would take over a minute.)
build_app() {
  [ -n "${APP:-}" ] && return 0
  swift build -c release --product raadsportal
  APP="$(swift build -c release --show-bin-path)/raadsportal"
  app_malloc_settings
}

# new_database NAME: creates NAME in the test cluster and points DATABASE_URL at it.
new_database() {
  psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE $1" postgres
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/$1" HOST=127.0.0.1
}

# start_demo_app NAME: the app on a new database NAME with the demo data, on APP_PORT.
start_demo_app() {
  new_database "$1"
  { "$APP" migrate && "$APP" seed-demo; } >> "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  APP_PORT=$(free_port 18080)
  PORT="$APP_PORT" "$APP" serve >> "$LOG" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  wait_for_http "http://127.0.0.1:$APP_PORT/healthz" || { cat "$LOG"; exit 1; }
}

# The browser journey: the app itself, against a fresh database in the same cluster, walked through
# the council's process by headless Chromium (Debian's chromium and chromium-driver, PyPI's selenium),
# the printed A4 PDFs, and accessibility (axe-core on every page kind for every role, forms in their
# error state, keyboard journeys) and the site at 375 px (no sideways scrolling, the folded menu, axe)
# after the journey, whose steps they must not disturb.
browser_part() {
  ensure_browser
  build_app
  start_demo_app journey
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/journey.py
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/print.py
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/a11y.py
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/narrow.py
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/expired_form.py
  kill "$APP_PID" 2>/dev/null || true

  # The PDFs the app writes (annual report, letter), as their readers fetch them, read by qpdf,
  # pdffonts, pdfua, pikepdf and pdftotext; on fresh demo data (it writes a foreword and publishes).
  ensure_pdf_engine checks
  start_demo_app documents
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Documents/check_pdfs.py
  # The board book (issue 21) downloaded in Chromium as a board member and as the public, read back.
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Browser/book.py
  kill "$APP_PID" 2>/dev/null || true

  sso_part
}

# Single sign-on against a real OpenID provider: Debian's glewlwyd on loopback, installed and
# configured by Tests/OIDC/provider.sh (a user module with groups, two public clients with PKCE),
# the portal on the demo data with OIDC_* pointing at it; Tests/OIDC/sso.py signs in through
# Chromium and tries the provider's own tokens made wrong.
sso_part() {
  ensure_browser
  build_app
  new_database sso
  { "$APP" migrate && "$APP" seed-demo; } >> "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  APP_PORT=$(free_port 18080)
  local idp_port
  idp_port=$(free_port 14593)
  OIDC_PROVIDER_PORT=$idp_port OIDC_PROVIDER_DIR="$TMP/oidc" OIDC_REDIRECT_URI="http://127.0.0.1:$APP_PORT/login/sso/retur" \
    bash Tests/OIDC/provider.sh start >> "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  (
    set -a
    . "$TMP/oidc/env"
    set +a
    PORT="$APP_PORT" PUBLIC_URL="http://127.0.0.1:$APP_PORT" "$APP" serve >> "$LOG" 2>&1 &
    APP_PID=$!
    trap 'kill $APP_PID 2>/dev/null; OIDC_PROVIDER_DIR="$TMP/oidc" bash Tests/OIDC/provider.sh stop' EXIT
    wait_for_http "http://127.0.0.1:$APP_PORT/healthz" || { cat "$LOG"; exit 1; }
    BASE="http://127.0.0.1:$APP_PORT" APP_BIN="$APP" python3 Tests/OIDC/sso.py
  )
}

# The mail test's relay and spam filter: aiosmtpd from PyPI, SpamAssassin and openssl from Debian.
ensure_mail_tools() {
  local missing=()
  command -v spamassassin >/dev/null || missing+=(spamassassin)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check aiosmtpd \
    || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages aiosmtpd
}

ops_part() {
  build_app
  # Hostile input (#7), against an instance on fresh demo data (the journey published the annual
  # report whose editor it fills in): malformed requests, then every form's text fields.
  start_demo_app hostile
  BASE="http://127.0.0.1:$APP_PORT" LOG="$LOG" APP_PID=$APP_PID python3 Tests/Operations/robustness.py
  BASE="http://127.0.0.1:$APP_PORT" python3 Tests/Operations/hostile.py
  kill "$APP_PID" 2>/dev/null || true

  # Two instances on one database behind nginx (round robin). Both start at once and migrate the
  # empty database together (the advisory lock lets one do it); the request log of each goes to a
  # file that the check reads.
  ensure_nginx
  new_database instances
  export TRUSTED_PROXIES=127.0.0.1
  local a_port b_port n_port
  a_port=$(free_port 18181); b_port=$(free_port $((a_port + 1))); n_port=$(free_port $((b_port + 1)))
  PORT="$a_port" "$APP" serve --migrate > "$TMP/a.log" 2>&1 &
  PIDS+=($!)
  PORT="$b_port" "$APP" serve --migrate > "$TMP/b.log" 2>&1 &
  PIDS+=($!)
  mkdir -p "$TMP/nginx"
  local nginx_user=""
  [ "$(id -u)" -eq 0 ] && nginx_user="user root;"
  cat > "$TMP/nginx/nginx.conf" <<NGINX
$nginx_user
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
  upstream raadsportal { server 127.0.0.1:$a_port; server 127.0.0.1:$b_port; }
  server {
    listen 127.0.0.1:$n_port;
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
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  "$nginx_bin" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  wait_for_http "http://127.0.0.1:$a_port/healthz" && wait_for_http "http://127.0.0.1:$b_port/healthz" \
    || { cat "$TMP/a.log" "$TMP/b.log"; exit 1; }
  "$APP" seed-demo >/dev/null 2>&1
  wait_for_http "http://127.0.0.1:$n_port/healthz" || { cat "$TMP/nginx/error.log"; exit 1; }
  grep -h "migrations:" "$TMP/a.log" "$TMP/b.log" | sed 's/^/  /'
  BASE="http://127.0.0.1:$n_port" LOGS="$TMP/a.log,$TMP/b.log" python3 Tests/Operations/instances.py

  # Mail (Tests/Mail/relay.py): the outbox and the SMTP client against aiosmtpd with STARTTLS and
  # AUTH, a relay that is down and one that refuses, SpamAssassin's header tests, and a reminder
  # that two instances scanning every second send once; on a database of its own.
  ensure_mail_tools
  new_database mail
  { "$APP" migrate && "$APP" seed-demo; } >> "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  APP="$APP" python3 Tests/Mail/relay.py

  # Start-up checks: a bad setting is one clear line and a non-zero exit, not a stack trace; every
  # form of connection string libpq accepts passes.
  bash Tests/Operations/startup.sh "$APP"

  # The front door from any folder: `make run` (with this binary) in a clone inside a chmod 700
  # folder; the cluster's data outside it, then make stop-db and make drop-db.
  bash Tests/Operations/frontdoor.sh "$APP"

  # Backup: pg_dump, pg_restore into a new database, the same pages served from it.
  bash Tests/Operations/backup.sh "$PORT" "$APP" "$BIN"

  # Faults: PostgreSQL restarted under load, started while it is down, pool exhaustion, SIGKILL in
  # a stream of form submissions, SIGTERM draining.
  APP="$APP" PG_PORT="$PORT" PG_CTL="$PG_CTL" PG_LOG="$DATA/server.log" python3 Tests/Operations/faults.py

  # High availability, on clusters of their own: a failover to a synchronous streaming standby
  # under a stream of form submissions (nothing acknowledged lost), the old primary rewound into a
  # standby, and a point-in-time recovery from a WAL archive (docs/operations.md).
  local ha_start=$SECONDS
  APP="$APP" PG_BIN="$BIN" python3 Tests/Operations/failover.py
  bash Tests/Operations/pitr.sh "$BIN"
  echo "High availability: failover and point-in-time recovery took $((SECONDS - ha_start)) s"
}

# The world's HTTP clients (Tests/Clients/clients.py) against the app on fresh demo data: the Nu HTML
# Checker over every page kind per role and the forms in their error state, promtool over /metrics,
# icalendar and vobject over the calendar feed, csv over the annual report's files, and curl's HEAD,
# 304, 206, gzip, 405 and 413.
clients_part() {
  ensure_clients
  build_app
  start_demo_app clients
  # deploy/nginx.conf as shipped, its upstream and port pointed at this app.
  ensure_nginx
  local n_port nginx_bin nginx_user=""
  n_port=$(free_port $((APP_PORT + 1)))
  mkdir -p "$TMP/nginx-deploy"
  [ "$(id -u)" -eq 0 ] && nginx_user="user root;"
  {
    echo "$nginx_user worker_processes 1; pid $TMP/nginx-deploy/nginx.pid; error_log $TMP/nginx-deploy/error.log;"
    echo "events { worker_connections 64; }"
    echo "http { access_log off; client_body_temp_path $TMP/nginx-deploy/body; proxy_temp_path $TMP/nginx-deploy/proxy;"
    echo "  fastcgi_temp_path $TMP/nginx-deploy/fastcgi; uwsgi_temp_path $TMP/nginx-deploy/uwsgi; scgi_temp_path $TMP/nginx-deploy/scgi;"
    sed -e "s/server app:8080;/server 127.0.0.1:$APP_PORT;/" -e "s/listen 80;/listen 127.0.0.1:$n_port;/" deploy/nginx.conf
    echo "}"
  } > "$TMP/nginx-deploy/nginx.conf"
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  "$nginx_bin" -p "$TMP/nginx-deploy" -c "$TMP/nginx-deploy/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  wait_for_http "http://127.0.0.1:$n_port/healthz" || { cat "$TMP/nginx-deploy/error.log"; exit 1; }
  BASE="http://127.0.0.1:$APP_PORT" NGINX_BASE="http://127.0.0.1:$n_port" python3 Tests/Clients/clients.py
  kill "$APP_PID" 2>/dev/null || true
}

case "$PART" in
  unit) unit_part "$@" ;;
  browser) browser_part ;;
  ops) ops_part ;;
  clients) clients_part ;;
  sso) sso_part ;;
  all) unit_part; browser_part; ops_part; clients_part ;;
esac
