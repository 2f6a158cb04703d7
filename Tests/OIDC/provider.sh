#!/usr/bin/env bash
# A real OpenID provider for the single sign-on tests: Debian's glewlwyd, on loopback, with its own
# SQLite database in a throwaway folder, configured through its admin API (provider_setup.py):
# the OpenID plugin (RS256 key made here), a user module that stores groups, two users and two
# clients (the portal's, and a second one whose tokens carry another audience).
#
#   Tests/OIDC/provider.sh start   installs glewlwyd if missing, starts it, configures it; prints
#                                  the variables the app and the test read (also in $DIR/env)
#   Tests/OIDC/provider.sh stop
#
# OIDC_PROVIDER_PORT (default 4593), OIDC_PROVIDER_DIR (default /tmp/raadsportal-oidc),
# OIDC_REDIRECT_URI (the portal's callback; default http://127.0.0.1:8080/login/sso/retur).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${OIDC_PROVIDER_PORT:-4593}
DIR=${OIDC_PROVIDER_DIR:-/tmp/raadsportal-oidc}

ensure_glewlwyd() {
  command -v glewlwyd >/dev/null && [ -f /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz ] && return 0
  echo "Installing glewlwyd (Debian package)…"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # Its dbconfig asks nothing when told not to; the package's own service is not used.
  echo "glewlwyd glewlwyd/dbconfig-install boolean false" | $sudo debconf-set-selections 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq glewlwyd sqlite3 openssl >/dev/null
}

start() {
  ensure_glewlwyd
  stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # The web app (login page) with its configuration file: Debian links config.json to a folder.
  cp -rL /usr/share/glewlwyd/webapp "$DIR/webapp" 2>/dev/null || true
  rm -rf "$DIR/webapp/config.json"
  cp /etc/glewlwyd/config-2.7.json/config.json "$DIR/webapp/config.json" 2>/dev/null \
    || cp /usr/share/glewlwyd/templates/config.json "$DIR/webapp/config.json"
  zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz | sqlite3 "$DIR/glewlwyd.db"
  # The provider's signing key (RS256).
  openssl genrsa -out "$DIR/key.pem" 2048 2>/dev/null
  openssl rsa -in "$DIR/key.pem" -pubout -out "$DIR/pub.pem" 2>/dev/null
  # The package's configuration, on loopback, with this folder's database, log and web app.
  sed -e "s|^port=.*|port=$PORT\nbind_address=\"127.0.0.1\"|" \
      -e "s|^external_url=.*|external_url=\"http://127.0.0.1:$PORT\"|" \
      -e "s|^log_mode=.*|log_mode=\"file\"|" -e "s|^log_file=.*|log_file=\"$DIR/glewlwyd.log\"|" \
      -e "s|^session_expiration=.*|session_expiration=3600|" \
      -e "s|^# *static_files_path=.*|static_files_path=\"$DIR/webapp/\"|" \
      -e "s|^@include.*glewlwyd-db.conf.*|database = { type = \"sqlite3\" path = \"$DIR/glewlwyd.db\" };|" \
      /etc/glewlwyd/glewlwyd.conf > "$DIR/glewlwyd.conf"
  glewlwyd -c "$DIR/glewlwyd.conf" >"$DIR/stdout.log" 2>&1 &
  echo $! > "$DIR/pid"
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/api/auth/scheme/" -o /dev/null 2>/dev/null && break
    curl -s "http://127.0.0.1:$PORT/config" -o /dev/null 2>/dev/null && break
    sleep 0.2
  done
  python3 "$HERE/provider_setup.py" "http://127.0.0.1:$PORT" "$DIR" "${OIDC_REDIRECT_URI:-http://127.0.0.1:8080/login/sso/retur}"
  cat "$DIR/env"
}

stop() {
  if [ -f "$DIR/pid" ]; then
    local pid
    pid=$(cat "$DIR/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
