#!/usr/bin/env python3
"""Failover with nothing lost (issue #25, point 2), with PostgreSQL's own streaming replication and
the real app binary:

  1. A primary and a streaming standby (`pg_basebackup -R`), with synchronous commit: the primary
     names the standby in synchronous_standby_names, so a COMMIT returns only once the standby has
     the transaction on disk.
  2. The app with a multi-host DATABASE_URL (`postgresql://…:P1,…:P2/raadsportal?
     target_session_attrs=read-write`), under a stream of meeting creations (4 threads, each a
     fresh submission_id) and a reader of the public agenda.
  3. The primary stopped hard (`pg_ctl stop -m immediate`); 1.5 s with no primary; the standby
     promoted (`pg_ctl promote`), then `ALTER SYSTEM SET synchronous_standby_names = ''` and a
     reload, so its commits do not wait for a standby that is gone (docs/operations.md, "Failover").
  4. The old primary rebuilt as a standby of the new one (`pg_rewind -R`), synchronous again.

Expected: every creation the app acknowledged (303) is on the new primary, once, at its Location
(0 lost); no meeting twice, also after re-sending every creation that was not acknowledged (same
submission_id); the app answers again within 10 s of the promotion, without a restart; while no
primary is reachable every page and form is answered with the Danish 503 page within the pool's wait
(5 s), none hangs; no 500 at any time. Prints the figures: sent, acknowledged, found after
promotion, seconds until the app answered again. After the rebuild, a creation the app
acknowledges is on the rebuilt standby too.

    APP=.build/release/raadsportal python3 Tests/Operations/failover.py

Inputs (environment): APP (required), PG_BIN (default: the newest /usr/lib/postgresql/*/bin),
DEMO_PASSWORD, ROOT (the repository, the app's working folder), FAILOVER_KEEP=1 (keep the folder
with the clusters and logs). As root the clusters run as the postgres user. Python 3 standard
library only; the run takes about 25 s. Exit status 1 on any failure.
"""
import glob
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APP = os.path.abspath(os.environ["APP"]) if os.environ.get("APP") else ""
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
KEEP = os.environ.get("FAILOVER_KEEP") == "1"
IS_ROOT = os.geteuid() == 0
POOL_WAIT = 5.0  # the pool's checkout wait (ConnectionPool.Configuration.checkoutTimeout)
T0 = time.monotonic()


def die(message):
    global KEEP
    print(f"Failover FAILED: {message}", file=sys.stderr, flush=True)
    KEEP = True
    print(f"  (the clusters and logs are kept in {TMP})", file=sys.stderr)
    sys.exit(1)


def pg_bin():
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        die("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    return os.path.dirname(found[-1])


if not APP or not os.access(APP, os.X_OK):
    print("Failover FAILED: set APP to the raadsportal binary", file=sys.stderr)
    sys.exit(1)
BIN = pg_bin()
TMP = tempfile.mkdtemp(prefix="raadsportal-failover.")
os.chmod(TMP, 0o755)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def as_postgres(cmd):
    return (["runuser", "-u", "postgres", "--"] if IS_ROOT else []) + cmd


def run(cmd, what, timeout=90):
    """Runs cmd with its output in a log file (a server it starts must not hold a pipe)."""
    log = os.path.join(TMP, "commands.log")
    with open(log, "ab") as f:
        f.write(f"$ {' '.join(cmd)}\n".encode())
        f.flush()
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=f, stderr=f, cwd="/", timeout=timeout)
    if r.returncode != 0:
        with open(log, errors="replace") as f:
            die(f"{what} failed ({r.returncode}): {f.read()[-800:]}")


def psql(port, sql, db="raadsportal", timeout=20):
    r = subprocess.run([os.path.join(BIN, "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port),
                        "-U", "postgres", "-d", db, "-c", sql],
                       capture_output=True, text=True, timeout=timeout, env=dict(os.environ, PGCONNECT_TIMEOUT="5"))
    if r.returncode != 0:
        raise RuntimeError(f"psql on {port} failed: {r.stderr.strip()} [{sql[:80]}]")
    return r.stdout.strip()


def pg_ctl(data, *args):
    run(as_postgres([os.path.join(BIN, "pg_ctl"), "-D", data, *args]), f"pg_ctl {' '.join(args)}")


def server_options(port):
    # wal_retrieve_retry_interval: a standby that finds no WAL yet asks again after 0.2 s, not 5 s.
    return (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c fsync=off -c max_connections=100 "
            "-c wal_retrieve_retry_interval=200ms")


def section(title):
    print(f"  {title} [{time.monotonic() - T0:.1f} s]", flush=True)


# ---------------------------------------------------------------- the pair

P1, P2 = free_port(), free_port()
PRIMARY, STANDBY = os.path.join(TMP, "primary"), os.path.join(TMP, "standby")
URL = f"postgresql://postgres@127.0.0.1:{P1},127.0.0.1:{P2}/raadsportal?target_session_attrs=read-write"
app_proc = None


def cleanup():
    if app_proc and app_proc.poll() is None:
        app_proc.kill()
        app_proc.wait()
    for data in (PRIMARY, STANDBY):
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run(as_postgres([os.path.join(BIN, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
    if not KEEP:
        shutil.rmtree(TMP, ignore_errors=True)


def set_up_pair():
    section("primary: initdb, migrate, demo data")
    os.mkdir(PRIMARY, 0o700)
    if IS_ROOT:
        shutil.chown(TMP, "postgres", "postgres")
        shutil.chown(PRIMARY, "postgres", "postgres")
    run(as_postgres([os.path.join(BIN, "initdb"), "-D", PRIMARY, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                     "--locale=C.UTF-8"]), "initdb")
    # initdb's pg_hba.conf lets 127.0.0.1 replicate (trust); wal_level=replica and max_wal_senders
    # are the defaults. The port goes on the command line: pg_basebackup copies postgresql.conf.
    # What pg_rewind needs, in postgresql.conf (its recovery of the stopped primary reads that, not
    # the command line): wal_log_hints, and the WAL back to the last checkpoint before the servers
    # diverged, which the primary's own checkpoints would otherwise recycle (docs/operations.md).
    run(as_postgres(["sh", "-c", f"printf 'wal_log_hints = on\\nwal_keep_size = 256MB\\n' >> {PRIMARY}/postgresql.conf"]),
        "settings for pg_rewind")
    pg_ctl(PRIMARY, "-l", os.path.join(TMP, "primary.log"), "-w", "-t", "60", "-o", server_options(P1), "start")
    psql(P1, "CREATE DATABASE raadsportal", db="postgres")
    env = dict(os.environ, DATABASE_URL=f"postgresql://postgres@127.0.0.1:{P1}/raadsportal")
    for command in ("migrate", "seed-demo"):
        with open(os.path.join(TMP, "seed.log"), "ab") as f:
            if subprocess.run([APP, command], cwd=ROOT, env=env, stdout=f, stderr=f).returncode != 0:
                die(f"{command} on the primary failed")
    # Synchronous commit from here on: a COMMIT waits until the standby named 'standby' has it on
    # disk. In postgresql.auto.conf, so the standby's copy carries it too, as a real pair's would.
    psql(P1, "ALTER SYSTEM SET synchronous_standby_names = 'standby'")
    psql(P1, "SELECT pg_reload_conf()")
    section("standby: pg_basebackup -R, streaming")
    run(as_postgres([os.path.join(BIN, "pg_basebackup"), "-D", STANDBY, "-R", "-X", "stream", "-c", "fast",
                     "-d", f"host=127.0.0.1 port={P1} user=postgres application_name=standby"]), "pg_basebackup")
    pg_ctl(STANDBY, "-l", os.path.join(TMP, "standby.log"), "-w", "-t", "60", "-o", server_options(P2), "start")
    wait_for_sync_standby(P1)
    if psql(P2, "SELECT pg_is_in_recovery()") != "t":
        die("the standby is not in recovery")


# ---------------------------------------------------------------- HTTP

def call(method, path, body=None, headers=None, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r, r.read()
    except (OSError, http.client.HTTPException) as e:
        return None, None, f"{type(e).__name__}: {e}"
    finally:
        c.close()


def post_form(path, fields, cookie, timeout=10):
    return call("POST", path, urllib.parse.urlencode(fields),
                {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, timeout)


def cookie_of(response, name):
    for sc in response.headers.get_all("Set-Cookie") or []:
        k, _, v = sc.split(";")[0].partition("=")
        if k.strip() == name and v:
            return v
    return None


def csrf_of(body):
    m = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    return m.group(1).decode() if m else None


def login(user):
    status, r, body = call("GET", "/login")
    if status != 200:
        die(f"GET /login: {status}")
    pre = cookie_of(r, "rp_pre")
    status, r, body = post_form("/login", {"csrf_token": csrf_of(body), "username": user, "password": PASSWORD}, f"rp_pre={pre}")
    session = cookie_of(r, "rp_session") if r else None
    if status != 303 or not session:
        die(f"cannot log in as {user}: {status}")
    cookie = f"rp_session={session}"
    status, _, page = call("GET", "/bestyrelse/moeder/ny", headers={"Cookie": cookie})
    token = csrf_of(page) if status == 200 else None
    if not token:
        die(f"GET /bestyrelse/moeder/ny: {status}")
    return cookie, token


def danish_503(status, body):
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else ""
    return status == 503 and 'lang="da"' in text and "Tjenesten er midlertidigt utilgængelig" in text


def meeting_fields(title, sid, token):
    return {"csrf_token": token, "submission_id": sid, "version": "0", "title": title, "date": "24.6.2027",
            "start": "9.00", "end": "12.00", "place": "Failover"}


def path_of(location):
    return urllib.parse.urlsplit(location or "").path


# ---------------------------------------------------------------- the failover

def failover():
    global app_proc, APP_PORT
    APP_PORT = free_port()
    log = os.path.join(TMP, "app.log")
    env = dict(os.environ, DATABASE_URL=URL, HOST="127.0.0.1", PORT=str(APP_PORT), LOG_LEVEL="info")
    env.pop("BENCH_HELLO_PORT", None)
    app_proc = subprocess.Popen([APP, "serve"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while call("GET", "/healthz", timeout=2)[0] != 200:
        if time.monotonic() > deadline or app_proc.poll() is not None:
            die("the app does not answer /healthz on the pair")
        time.sleep(0.1)
    cookie, token = login("bestyrelsessekretariat")

    prefix = f"Failover {secrets.token_hex(3)} "
    forms, reads, lock, stop = [], [], threading.Lock(), threading.Event()
    counter = [0]

    def writer():
        while not stop.is_set():
            with lock:
                counter[0] += 1
                f = {"title": f"{prefix}{counter[0]:05d}", "sid": secrets.token_hex(16)}
            f["t0"] = time.monotonic()
            status, r, body = post_form("/bestyrelse/moeder", meeting_fields(f["title"], f["sid"], token), cookie, timeout=15)
            f["t1"] = time.monotonic()
            f["status"], f["location"] = status, r.headers.get("Location") if r else None
            f["danish"] = danish_503(status, body)
            f["error"] = None if status else body
            with lock:
                forms.append(f)
            if status != 303:
                time.sleep(0.05)

    def reader():
        while not stop.is_set():
            t0 = time.monotonic()
            status, _, body = call("GET", "/bestyrelse/moeder/1", timeout=15)
            with lock:
                reads.append((t0, time.monotonic(), status, danish_503(status, body)))
            if status != 200:
                time.sleep(0.05)

    section("stream of meeting creations; primary stopped hard")
    threads = [threading.Thread(target=writer, daemon=True) for _ in range(4)] + [threading.Thread(target=reader, daemon=True)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    t_kill = time.monotonic()
    pg_ctl(PRIMARY, "-m", "immediate", "-w", "stop")
    t_killed = time.monotonic()
    time.sleep(1.5)  # no primary at all: the app must answer 503 quickly, not hang
    section("standby promoted")
    t_promote = time.monotonic()
    pg_ctl(STANDBY, "-w", "-t", "60", "promote")
    # The promoted standby inherited synchronous_standby_names = 'standby': it has no standby, so
    # its commits would wait forever. The runbook's next step, done at once:
    psql(P2, "ALTER SYSTEM SET synchronous_standby_names = ''")
    psql(P2, "SELECT pg_reload_conf()")
    t_promoted = time.monotonic()
    # Run on until 3 s of acknowledged creations after the promotion (at most 15 s).
    while time.monotonic() - t_promoted < 15:
        time.sleep(0.1)
        with lock:
            ok_after = [f for f in forms if f["status"] == 303 and f["t0"] >= t_promoted]
        if ok_after and time.monotonic() - min(f["t1"] for f in ok_after) >= 3:
            break
    stop.set()
    for t in threads:
        t.join(20)
    alive = app_proc.poll() is None

    # ---- what the new primary holds
    acknowledged = [f for f in forms if f["status"] == 303 and f["location"]]
    unacknowledged = [f for f in forms if not (f["status"] == 303 and f["location"])]
    rows = psql(P2, f"SELECT title, count(*), min(id) FROM meetings WHERE title LIKE '{prefix}%' GROUP BY title")
    stored = {}
    for line in rows.splitlines():
        title, count, mid = line.split("|")
        stored[title] = (int(count), int(mid))
    lost = [f for f in acknowledged if stored.get(f["title"], (0, 0))[0] != 1
            or path_of(f["location"]) != f"/bestyrelse/moeder/{stored[f['title']][1]}"]
    dupes = [t for t, (c, _) in stored.items() if c > 1]
    found_before_resend = sum(1 for f in acknowledged if stored.get(f["title"], (0, 0))[0] == 1)

    # ---- re-send what was not acknowledged (the user's "try again"), with the same submission_id.
    # A claim left by a request that died with the primary is taken over after its lifetime (40 s):
    # let that time pass in the database, as faults.py does.
    if unacknowledged:
        ids = ",".join(f"'{f['sid']}'" for f in unacknowledged)
        psql(P2, "UPDATE form_submissions SET created_at = now() - interval '1 minute' "
                 f"WHERE location IS NULL AND id IN ({ids})")
    for f in unacknowledged:
        status, r, _ = post_form("/bestyrelse/moeder", meeting_fields(f["title"], f["sid"], token), cookie, timeout=15)
        f["re_status"] = status
    rows = psql(P2, f"SELECT title, count(*) FROM meetings WHERE title LIKE '{prefix}%' GROUP BY title")
    after = {line.split("|")[0]: int(line.split("|")[1]) for line in rows.splitlines()}
    dupes_after = [t for t, c in after.items() if c > 1]
    missing_after = [f for f in forms if after.get(f["title"], 0) != 1]
    bad_resend = [f for f in unacknowledged if f.get("re_status") not in (303, 409)
                  or (f["re_status"] == 409 and after.get(f["title"], 0) != 1)]

    # ---- the window without a primary, and the recovery
    window = [(t0, t1, s, d) for (t0, t1, s, d) in reads if t0 >= t_killed + 0.2 and t1 <= t_promote]
    window += [(f["t0"], f["t1"], f["status"], f["danish"]) for f in forms if f["t0"] >= t_killed + 0.2 and f["t1"] <= t_promote]
    slowest = max((t1 - t0 for (t0, t1, _, _) in window), default=0)
    not_503 = [(s, round(t1 - t0, 2)) for (t0, t1, s, d) in window if not d]
    hung = [f for f in forms + [{"t0": r[0], "t1": r[1]} for r in reads] if f["t1"] - f["t0"] > POOL_WAIT + 1]
    first_ok = min([f["t1"] for f in forms if f["status"] == 303 and f["t0"] >= t_promoted]
                   + [r[1] for r in reads if r[2] == 200 and r[0] >= t_promoted], default=None)
    statuses = {}
    for f in forms:
        statuses[f["status"] or "no answer"] = statuses.get(f["status"] or "no answer", 0) + 1
    with open(log, errors="replace") as f:
        logged_500 = [line.rstrip() for line in f if "status=500" in line or "unhandled error" in line]

    print(f"  figures: {len(forms)} creations sent, {len(acknowledged)} acknowledged (303), {found_before_resend} of them "
          f"found on the promoted standby, {len(lost)} lost, {len(dupes)} duplicates; answers {statuses}; "
          f"{len(unacknowledged)} not acknowledged, re-sent: {sorted(set(f.get('re_status') for f in unacknowledged))}, "
          f"then {len(after)} meetings, each once", flush=True)
    print(f"  figures: pg_ctl stop -m immediate took {(t_killed - t_kill) * 1000:.0f} ms; {len(window)} requests "
          f"while no primary was reachable, all the Danish 503, slowest {slowest * 1000:.0f} ms; pg_ctl promote + "
          f"ALTER SYSTEM took {(t_promoted - t_promote) * 1000:.0f} ms; the app answered again "
          + (f"{first_ok - t_promoted:.2f} s after the promotion ({first_ok - t_kill:.2f} s after the primary stopped)"
             if first_ok else "never"), flush=True)

    if not alive:
        die("the app process died")
    if len(acknowledged) < 10 or not any(f["t1"] < t_kill for f in acknowledged):
        die(f"too few creations acknowledged before the primary stopped ({len(acknowledged)})")
    if lost:
        die(f"{len(lost)} acknowledged creations are not on the new primary once at their Location: "
            f"{[(f['title'], f['location'], stored.get(f['title'])) for f in lost[:3]]}")
    if dupes or dupes_after:
        die(f"meetings stored twice: {(dupes or dupes_after)[:5]}")
    if bad_resend or missing_after:
        die(f"re-sending what was not acknowledged: {[(f['title'], f.get('re_status')) for f in bad_resend[:3]]}; "
            f"not stored once: {[f['title'] for f in missing_after[:3]]}")
    if len(window) < 3:
        die(f"too few requests while no primary was reachable ({len(window)}) to judge the 503")
    if not_503:
        die(f"answers other than the Danish 503 while no primary was reachable: {not_503[:5]}")
    if hung:
        die(f"{len(hung)} requests took longer than the pool's wait ({POOL_WAIT:.0f} s) + 1 s")
    if first_ok is None or first_ok - t_promoted > 10:
        die("the app did not answer again within 10 s of the promotion")
    if 500 in statuses or logged_500:
        die(f"500 answers: {logged_500[:3]}")
    return cookie, token


def wait_for_sync_standby(port, limit=20):
    deadline = time.monotonic() + limit
    state = ""
    while time.monotonic() < deadline:
        state = psql(port, "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")
        if state == "standby streaming sync":
            return
        time.sleep(0.1)
    die(f"no streaming synchronous standby on port {port}: {state!r}")


def rebuild_old_primary(cookie, token):
    """The runbook's next step: the old primary rewound (pg_rewind) into a standby of the new one,
    named again in synchronous_standby_names; a creation acknowledged by the app is then on both."""
    section("old primary rebuilt as a standby (pg_rewind -R)")
    t = time.monotonic()
    # The promoted server's control file names its new timeline only after a checkpoint; before
    # that pg_rewind sees one timeline and says "no rewind required" (and the old primary, ahead
    # on the old timeline, could then never follow).
    psql(P2, "CHECKPOINT")
    run(as_postgres([os.path.join(BIN, "pg_rewind"), "--target-pgdata", PRIMARY, "-R",
                     "--source-server", f"host=127.0.0.1 port={P2} user=postgres dbname=postgres application_name=standby"]),
        "pg_rewind")
    pg_ctl(PRIMARY, "-l", os.path.join(TMP, "primary.log"), "-w", "-t", "60", "-o", server_options(P1), "start")
    psql(P2, "ALTER SYSTEM SET synchronous_standby_names = 'standby'")
    psql(P2, "SELECT pg_reload_conf()")
    wait_for_sync_standby(P2)
    rebuilt = time.monotonic() - t
    if psql(P1, "SELECT pg_is_in_recovery()") != "t":
        die("the rebuilt old primary is not a standby")
    title = f"Failover efter genopbygning {secrets.token_hex(3)}"
    status, r, _ = post_form("/bestyrelse/moeder", meeting_fields(title, secrets.token_hex(16), token), cookie, timeout=15)
    if status != 303:
        die(f"a creation after the rebuild: {status}")
    # Acknowledged means on the standby's disk; replayed there a moment later.
    deadline = time.monotonic() + 5
    while psql(P1, f"SELECT count(*) FROM meetings WHERE title = '{title}'") != "1":
        if time.monotonic() > deadline:
            die("a creation acknowledged after the rebuild is not on the rebuilt standby")
        time.sleep(0.05)
    print(f"  figures: pg_rewind, start and streaming as the synchronous standby in {rebuilt:.1f} s; "
          "a creation after it is on both", flush=True)
    app_proc.terminate()
    app_proc.wait(10)


try:
    set_up_pair()
    rebuild_old_primary(*failover())
    print(f"Failover: passed in {time.monotonic() - T0:.1f} s (0 acknowledged creations lost, no duplicates)", flush=True)
finally:
    cleanup()
