#!/usr/bin/env bash
# The documented backup procedure (docs/backup.md), tested end to end: a demo database with an
# uploaded multi-chunk file is dumped with `pg_dump -Fc`, restored with `pg_restore` into a new
# database, and a second app instance on the restored copy must serve the same pages (HTML compared
# with CSRF tokens and request ids removed), the same file bytes, accept new writes (sequences
# restored) and have nothing left to migrate.
#
# Usage:
#   Tests/Operations/backup.sh PGPORT [APP] [PGBIN]
#   PGPORT=57532 APP=/tmp/rp-bin/raadsportal PG_BIN=/usr/lib/postgresql/15/bin Tests/Operations/backup.sh
#
#   PGPORT  port of a running PostgreSQL on 127.0.0.1 where user postgres may create databases (trust)
#   APP     the app binary (default: .build/debug/raadsportal)
#   PGBIN   folder with pg_dump and pg_restore (default: the newest /usr/lib/postgresql/*/bin)
#   SRC_DB  optional: an existing demo database to back up instead of a fresh one (it gets one
#           extra attachment on item 1/7); by default a fresh database is migrated and seeded and
#           dropped again at the end.
# Runs from the repository root (Views/ and Public/ are found there). Takes under a minute (debug build:
# most of it is bcrypt at the 14 logins). Exits 0 when the round trip passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/pg.sh
PGPORT=${1:-${PGPORT:?usage: backup.sh PGPORT [APP] [PGBIN]}}
APP=${2:-${APP:-.build/debug/raadsportal}}
PG_BIN=${3:-${PG_BIN:-$(pg_bindir)}}
[ -x "$APP" ] || { echo "Backup FAILED: no app binary at $APP" >&2; exit 1; }
[ -x "$PG_BIN/pg_dump" ] && [ -x "$PG_BIN/pg_restore" ] || { echo "Backup FAILED: no pg_dump/pg_restore in $PG_BIN" >&2; exit 1; }

PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q)
command -v "${PSQL[0]}" >/dev/null || PSQL[0]=psql
TMP=$(mktemp -d /tmp/raadsportal-backup.XXXXXX)
SUFFIX=$$
OWN_SRC=0
SRC=${SRC_DB:-}
if [ -z "$SRC" ]; then SRC="backup_src_$SUFFIX"; OWN_SRC=1; fi
DST="backup_restored_$SUFFIX"
A_PID=""; B_PID=""
cleanup() {
  [ -n "$A_PID" ] && kill "$A_PID" 2>/dev/null
  [ -n "$B_PID" ] && kill "$B_PID" 2>/dev/null
  wait 2>/dev/null
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS \"$DST\"" postgres 2>/dev/null
  [ "$OWN_SRC" -eq 1 ] && "${PSQL[@]}" -c "DROP DATABASE IF EXISTS \"$SRC\"" postgres 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "Backup FAILED: $*" >&2; for f in "$TMP"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done; exit 1; }
URL_BASE="postgresql://postgres@127.0.0.1:$PGPORT"

# pages upload|compare: the HTTP side (Python standard library).
pages() {
  python3 - "$1" <<'PY'
import difflib, hashlib, http.client, json, os, re, sys, urllib.parse
OUT = os.environ["OUT"]
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"

class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.cookies = u.hostname, u.port, {}
    def req(self, method, path, body=None, ctype=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        h = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if ctype: h["Content-Type"] = ctype
        c.request(method, path, body=body, headers=h)
        r = c.getresponse(); data = r.read(); c.close()
        for sc in r.headers.get_all("Set-Cookie") or []:
            k, _, v = sc.split(";")[0].partition("=")
            if v and "max-age=0" not in sc.lower(): self.cookies[k] = v
            else: self.cookies.pop(k, None)
        return r.status, r.headers, data
    def login(self, user):
        _, _, page = self.req("GET", "/login")
        body = urllib.parse.urlencode({"csrf_token": csrf(page), "username": user, "password": PASSWORD})
        status, _, _ = self.req("POST", "/login", body, "application/x-www-form-urlencoded")
        if status != 303: sys.exit(f"login as {user}: {status}")
        return self

def csrf(page):
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()

def normal(body, base=""):
    text = body.decode("utf-8")
    if base:
        text = text.replace(base, "<base>")  # absolute links (the calendar feed) name the instance
    text = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="-"', text)
    return re.sub(r"\b[0-9a-f]{24,32}\b", "<id>", text)

if sys.argv[1] == "upload":
    a = Client(os.environ["BASE_A"]).login("bestyrelsessekretariat")
    _, _, page = a.req("GET", "/bestyrelse/moeder/1/punkter/7")
    data = b"%PDF-1.4\n" + hashlib.sha256(b"seed").digest() * 25_000 + b"\n%%EOF\n"   # 800 KB: four chunks
    name = f"sikkerhedskopi-{os.getpid()}.pdf"
    B = "backupTestBoundary"
    body = (f'--{B}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf(page)}\r\n'
            f'--{B}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n').encode() \
        + data + f"\r\n--{B}--\r\n".encode()
    status, headers, _ = a.req("POST", "/bestyrelse/punkter/7/bilag", body, f"multipart/form-data; boundary={B}")
    if status != 303 or "besked=bilag" not in headers.get("Location", ""):
        sys.exit(f"upload answered {status} {headers.get('Location')}")
    _, _, page = a.req("GET", "/bestyrelse/moeder/1/punkter/7")
    m = re.search(rf'<a href="(/bestyrelse/bilag/\d+)">{re.escape(name)}</a>'.encode(), page)
    if not m: sys.exit("the uploaded file is not listed on the item")
    json.dump({"href": m.group(1).decode(), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
               "session": a.cookies.get("rp_session")}, open(f"{OUT}/upload.json", "w"))
    print(f"  uploaded {name} ({len(data) // 1024} KB) on the original")
    sys.exit(0)

up = json.load(open(f"{OUT}/upload.json"))
A, B = os.environ["BASE_A"], os.environ["BASE_B"]
users = {}
def client(base, user):
    key = (base, user)
    if key not in users:
        users[key] = Client(base) if user == "anon" else Client(base).login(user)
    return users[key]
PAGES = [("anon", "/bestyrelse/moeder"), ("anon", "/bestyrelse/moeder/1"), ("anon", "/bestyrelse/moeder/1/punkter/7"),
         ("anon", "/bestyrelse/moeder/1/punkter/2"), ("anon", "/bestyrelse/moeder/1/pakke"), ("anon", "/bestyrelse/moeder/1/referat"),
         ("anon", "/bestyrelse/soeg?q=region"), ("anon", "/bestyrelse/kalender.ics"), ("anon", "/aarsrapporter"),
         ("anon", "/it-raadet"), ("anon", "/it-raadet/materialer"),
         ("bestyrelse", "/bestyrelse/moeder/1/punkter/1"), ("bestyrelse", "/bestyrelse/moeder/1"),
         ("sekretariat", "/raadet/sager/1"), ("sekretariat", "/raadet/sager/8"), ("sekretariat", "/raadet/sager"),
         ("sekretariat", "/aarsrapporter/1"), ("sekretariat", "/raadet/overblik"), ("sekretariat", "/raadet/sparring/5"),
         ("projektleder", "/raadet/sager/7")]
bad = 0
for user, path in PAGES:
    sa, _, ba = client(A, user).req("GET", path)
    sb, _, bb = client(B, user).req("GET", path)
    if sa != 200 or sb != 200:
        print(f"  {path} as {user}: original {sa}, restored {sb}"); bad += 1; continue
    na, nb = normal(ba, A), normal(bb, B)
    if na != nb:
        diff = [l for l in difflib.unified_diff(na.splitlines(), nb.splitlines(), "original", "restored", n=0, lineterm="")][2:8]
        print(f"  {path} as {user}: the HTML differs:"); print("    " + "\n    ".join(d[:160] for d in diff)); bad += 1
print(f"  {len(PAGES) - bad} of {len(PAGES)} pages identical on the original and the restored instance")
for base, label in [(A, "original"), (B, "restored")]:
    status, headers, data = client(base, "anon").req("GET", up["href"])
    if status != 200 or hashlib.sha256(data).hexdigest() != up["sha256"]:
        print(f"  the uploaded file on the {label}: {status}, {len(data)} bytes (want {up['size']})"); bad += 1
print(f"  the uploaded file ({up['size'] // 1024} KB) downloads byte for byte from the restored instance")
# A session of the original is in the dump: it is valid on the restored copy (sessions live in PostgreSQL).
c = Client(B); c.cookies["rp_session"] = up["session"]
status, _, _ = c.req("GET", "/bestyrelse/punkter/7/rediger")
if status != 200:
    print(f"  the original's session on the restored instance: {status}"); bad += 1
else:
    print("  a session from before the dump still works on the restored instance")
# Writes work on the restored copy: the sequences came along.
w = client(B, "bestyrelsessekretariat")
_, _, page = w.req("GET", "/bestyrelse/statusnotater")
status, headers, _ = w.req("POST", "/bestyrelse/statusnotater", urllib.parse.urlencode({"csrf_token": csrf(page), "title": "Efter gendannelsen"}),
                           "application/x-www-form-urlencoded")
_, _, page = w.req("GET", "/bestyrelse/moeder/1/punkter/7")
B2 = "b2"
body = (f'--{B2}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf(page)}\r\n'
        f'--{B2}\r\nContent-Disposition: form-data; name="file"; filename="efter.pdf"\r\n\r\n%PDF-1.4 efter\r\n--{B2}--\r\n').encode()
s2, _, _ = w.req("POST", "/bestyrelse/punkter/7/bilag", body, f"multipart/form-data; boundary={B2}")
if status != 303 or s2 != 303:
    print(f"  writes on the restored instance: new status note {status}, new attachment {s2}"); bad += 1
else:
    print("  new records can be written on the restored instance (sequences restored)")
sys.exit(1 if bad else 0)
PY
}

# 1. The original: a fresh demo database (or SRC_DB) and an instance on it.
if [ "$OWN_SRC" -eq 1 ]; then
  "${PSQL[@]}" -c "CREATE DATABASE \"$SRC\"" postgres || fail "cannot create database $SRC"
  { DATABASE_URL="$URL_BASE/$SRC" "$APP" migrate && DATABASE_URL="$URL_BASE/$SRC" "$APP" seed-demo; } > "$TMP/seed.log" 2>&1 \
    || fail "migrate/seed-demo of $SRC"
fi
A_PORT=$(free_port 18601)
DATABASE_URL="$URL_BASE/$SRC" PORT=$A_PORT "$APP" serve > "$TMP/a.log" 2>&1 &
A_PID=$!
wait_for_http "http://127.0.0.1:$A_PORT/healthz" || fail "instance A on $SRC did not start"

# A file of several 256 KiB chunks, uploaded through the app, must survive the round trip byte for byte.
BASE_A="http://127.0.0.1:$A_PORT" OUT="$TMP" pages upload || fail "upload on the original"

# 2. The documented backup: pg_dump in PostgreSQL's custom format (compressed, restorable selectively).
t0=$SECONDS
"$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres -Fc -f "$TMP/raadsportal.dump" "$SRC" 2> "$TMP/dump.log" || fail "pg_dump"
"$PG_BIN/pg_restore" -l "$TMP/raadsportal.dump" > "$TMP/toc.txt" 2>> "$TMP/dump.log" || fail "pg_restore -l cannot read the dump"
TABLES=$(grep -c " TABLE DATA " "$TMP/toc.txt")
echo "  pg_dump -Fc: $(du -k "$TMP/raadsportal.dump" | cut -f1) KB, $TABLES tables with data"

# 3. The documented restore: a new, empty database, pg_restore with --no-owner, stop at the first error.
"${PSQL[@]}" -c "CREATE DATABASE \"$DST\"" postgres || fail "cannot create database $DST"
"$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$DST" --no-owner --exit-on-error "$TMP/raadsportal.dump" \
  2> "$TMP/restore.log" || fail "pg_restore"
echo "  pg_restore into $DST: done in $((SECONDS - t0)) s (dump and restore)"
# Row counts of every table agree.
COUNTS="SELECT string_agg(format('%s=%s', c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text), ' ' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public'"
SRC_COUNTS=$("${PSQL[@]}" -tAc "$COUNTS" "$SRC") || fail "row counts of $SRC"
DST_COUNTS=$("${PSQL[@]}" -tAc "$COUNTS" "$DST") || fail "row counts of $DST"
[ "$SRC_COUNTS" = "$DST_COUNTS" ] || fail "row counts differ: $SRC_COUNTS vs $DST_COUNTS"
echo "  row counts of all $(echo "$SRC_COUNTS" | wc -w) tables agree"
# Nothing to migrate on the restored copy (schema_migrations came along).
DATABASE_URL="$URL_BASE/$DST" "$APP" migrate > "$TMP/migrate-restored.log" 2>&1 || fail "migrate on the restored database"
if grep -q "applied migration" "$TMP/migrate-restored.log"; then fail "the restored database needed migrations: $(grep 'applied migration' "$TMP/migrate-restored.log")"; fi
echo "  migrate on the restored copy: nothing to apply"

# 4. A second instance on the restored copy serves the same pages and file.
B_PORT=$(free_port $((A_PORT + 1)))
DATABASE_URL="$URL_BASE/$DST" PORT=$B_PORT "$APP" serve > "$TMP/b.log" 2>&1 &
B_PID=$!
wait_for_http "http://127.0.0.1:$B_PORT/healthz" || fail "instance B on the restored copy did not start"
BASE_A="http://127.0.0.1:$A_PORT" BASE_B="http://127.0.0.1:$B_PORT" OUT="$TMP" pages compare \
  || fail "the restored instance differs"
echo "Backup: pg_dump -Fc / pg_restore round trip passed ($SECONDS s)"
