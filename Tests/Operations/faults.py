#!/usr/bin/env python3
"""Fault tests (issue #7, point 8): the real app binary against a real PostgreSQL cluster, while
PostgreSQL restarts, is down at start-up, runs out of pool connections, and while the app itself is
killed (SIGKILL) or stopped (SIGTERM) mid-request.

    APP=/path/to/raadsportal PG_PORT=55432 \\
    PG_CTL="runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /path/data" \\
        python3 Tests/Operations/faults.py

Inputs (environment):
  APP            the raadsportal binary (required); it runs with the repository root as its working
                 folder (Views/, Public/, seed/, sql/), i.e. two folders above this file, or ROOT.
  PG_PORT        the cluster's port on 127.0.0.1 (default: the port of TEST_DATABASE_URL).
  PG_CTL         a command prefix that runs pg_ctl for the cluster, with -D (default: derived from
                 TEST_PG_RESTART, which scripts/test.sh exports).
  PG_LOG         the cluster's log file, passed to pg_ctl -l on restart/start (default: TEST_PG_LOG,
                 else DATA/server.log).
  PSQL           psql (default: psql on PATH); connects as PG_USER (default postgres).
  DEMO_PASSWORD  the demo accounts' password (default demo-raadsportal).
  FAULTS_KEEP=1  keep the test database and the app logs (their folder is printed).

The script creates its own databases (faults_<pid> and, for check 6, faults_<pid>_t) in the
cluster, migrates and seeds them with the binary, starts every app instance itself on free ports
(logs in a temporary folder, kept when a check fails) and kills them at the end; it restarts, stops
and starts the cluster (and always leaves it running), and drops its databases. Python 3 standard
library only. One line per check, then `Faults: N checks passed`; exit status 1 on any failure.
Every wait is bounded; the run takes about 45 s (check 6 waits 30 s alongside checks 3-5).

What each check expects:
  1. PostgreSQL restarted (pg_ctl -m fast restart) under load (8 threads reading the public agenda):
     non-200 answers (503 or a lost connection) only while it restarts; 200 for everyone within
     15 s after pg_ctl returned (the recovery time is printed), and only 200 for the 3 s after
     that; never a 500.
  2. The app started while PostgreSQL is down: /healthz 503 and the agenda the Danish 503 page, each
     within 10 s; PostgreSQL started: /healthz 200 within 15 s without restarting the app.
  3. Pool exhaustion (DB_POOL_SIZE=2, the meetings table locked from psql, 10 concurrent requests):
     every request answered within 8 s, those without a connection with the Danish 503 page; the
     lock released, 200 again.
  4. SIGKILL after ~1 s of a stream of meeting creations (4 threads, fresh submission_ids): every
     creation answered 303 is in the database once, at its Location; re-sent after the restart
     (same submission_id and fields, a new login of the same user) it is answered with a 303 to the
     same Location and writes nothing; a form in flight at the kill ends with exactly one meeting
     when re-sent (a 409 'already sent' is accepted only when the meeting exists).
  4b/4c. The same, made certain: a creation frozen by a lock right after it claimed its
     submission_id, before its write (4b) or after its write but before the claim records its
     Location (4c), is killed (its PostgreSQL session ended too, as if the rest never arrived),
     then re-sent after a restart: exactly one meeting, no duplicate; a 409 only when it exists.
  5. SIGTERM while a request is in flight (held ~2 s by a table lock): the request completes with
     200, new connections are refused, and the process exits with status 0 soon after.
  6. A request whose query waits on a lock past the app's statement_timeout (30 s): the Danish 503
     page (try again), not a 500, within 40 s; 200 once the lock is gone.
  Finally: no request logged with status 500 by any instance (check 6's own is judged by 6).
"""
import http.client
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
PSQL = os.environ.get("PSQL") or "psql"
PG_USER = os.environ.get("PG_USER") or "postgres"
KEEP = os.environ.get("FAULTS_KEEP") == "1"


def die(message):
    print(f"Faults FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def configuration():
    app = os.environ.get("APP")
    if not app or not os.access(app, os.X_OK):
        die("set APP to the raadsportal binary")
    port = os.environ.get("PG_PORT")
    if not port and os.environ.get("TEST_DATABASE_URL"):
        port = urllib.parse.urlsplit(os.environ["TEST_DATABASE_URL"]).port
    if not port:
        die("set PG_PORT (or TEST_DATABASE_URL)")
    if os.environ.get("PG_CTL"):
        ctl = shlex.split(os.environ["PG_CTL"])
    elif os.environ.get("TEST_PG_RESTART"):
        # "… pg_ctl -D DATA -w -m fast restart" without its action and options.
        words, ctl, i = shlex.split(os.environ["TEST_PG_RESTART"]), [], 0
        while i < len(words):
            if words[i] == "-m":
                i += 2
                continue
            if words[i] not in ("-w", "restart"):
                ctl.append(words[i])
            i += 1
    else:
        die("set PG_CTL (or TEST_PG_RESTART)")
    data = ctl[ctl.index("-D") + 1] if "-D" in ctl[:-1] else os.environ.get("PGDATA")
    log = os.environ.get("PG_LOG") or os.environ.get("TEST_PG_LOG") or (os.path.join(data, "server.log") if data else None)
    return app, int(port), ctl, data, log


APP, PG_PORT, PG_CTL, PG_DATA, PG_LOG = configuration()
DB = f"faults_{os.getpid()}"
DB_URL = f"postgresql://{PG_USER}@127.0.0.1:{PG_PORT}/{DB}"
TMP = tempfile.mkdtemp(prefix="raadsportal-faults.")

passed = 0
failures = []
notes = []
T0 = time.monotonic()


def fail(name, why):
    failures.append(f"{name}: {why}")
    print(f"  FAIL {name}: {why}", flush=True)


def ok(name, detail=""):
    global passed
    passed += 1
    print(f"  ok   {name}" + (f" ({detail})" if detail else ""), flush=True)


def note(text):
    notes.append(text)
    print(f"  note {text}", flush=True)


def section(title):
    print(f"{title} [{time.monotonic() - T0:.0f} s]", flush=True)


# ---------------------------------------------------------------- PostgreSQL

def psql(sql, db=DB, timeout=20):
    """Runs sql (ON_ERROR_STOP) and returns its unaligned, tuples-only output."""
    env = dict(os.environ, PGCONNECT_TIMEOUT="5")
    r = subprocess.run([PSQL, "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(PG_PORT),
                        "-U", PG_USER, "-d", db, "-c", sql],
                       capture_output=True, text=True, timeout=timeout, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed ({r.returncode}): {r.stderr.strip()} [{sql[:80]}]")
    return r.stdout.strip()


def start_options():
    """The postgres options the cluster runs with (pg_ctl start, unlike restart, does not reuse them)."""
    try:
        with open(os.path.join(PG_DATA, "postmaster.opts")) as f:
            words = shlex.split(f.read())[1:]
        opts, i = [], 0
        while i < len(words):
            if words[i] == "-D":
                i += 2
                continue
            opts.append(words[i])
            i += 1
        return " ".join(shlex.quote(w) for w in opts)
    except (OSError, TypeError, ValueError):
        return f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -c unix_socket_directories='' -c fsync=off -c max_connections=200"


def pg_ctl(*args, timeout=90):
    """Runs PG_CTL with args; its output goes to a file (a postmaster it starts must not hold a pipe)."""
    out = os.path.join(TMP, "pg_ctl.out")
    with open(out, "ab") as f:
        r = subprocess.run(PG_CTL + list(args), stdin=subprocess.DEVNULL, stdout=f, stderr=f, cwd="/", timeout=timeout)
    if r.returncode != 0:
        with open(out, errors="replace") as f:
            tail = f.read()[-600:]
        raise RuntimeError(f"pg_ctl {' '.join(args)} failed ({r.returncode}): {tail}")


PG_OPTS = start_options()
pg_down = False


def pg_restart():
    pg_ctl("-w", "-t", "60", "-m", "fast", "restart", *(["-l", PG_LOG] if PG_LOG else []))


def pg_stop():
    global pg_down
    pg_down = True
    pg_ctl("-w", "-t", "60", "-m", "fast", "stop")


def pg_start():
    global pg_down
    pg_ctl("-w", "-t", "60", "-o", PG_OPTS, *(["-l", PG_LOG] if PG_LOG else []), "start")
    pg_down = False


holders = []


class Holder:
    """A psql session that runs `BEGIN; <statement>` and keeps the transaction open until release().
    ready: SQL (from another session) that answers 1 once the statement holds its lock."""
    def __init__(self, statement, ready, what, db=DB):
        holders.append(self)
        self.proc = subprocess.Popen(
            [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", PG_USER, "-d", db],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(os.path.join(TMP, "lock.err"), "ab"), text=True)
        self.proc.stdin.write(f"BEGIN;\n{statement};\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if psql(ready, db=db) == "1":
                return
            time.sleep(0.05)
        self.release()
        raise RuntimeError(f"could not {what}")

    def release(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("COMMIT;\n")
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


THIS_DB = "database = (SELECT oid FROM pg_database WHERE datname = current_database())"


def LockHolder(table, db=DB):
    """Holds `LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` until release()."""
    return Holder(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE",
                  f"SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND relation = '{table}'::regclass "
                  f"AND {THIS_DB} AND mode = 'AccessExclusiveLock' AND granted AND pid <> pg_backend_pid()",
                  f"lock {table}", db)


def RowLockHolder(table, where):
    """Holds `SELECT … FOR UPDATE` on the rows of table matching where until release()."""
    return Holder(f"SELECT 1 FROM {table} WHERE {where} FOR UPDATE",
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND state = 'idle in transaction' AND query LIKE '%FOR UPDATE%'",
                  f"lock rows of {table}")


def waiting_statements(like):
    """Backends of the test database waiting for a lock while running a statement LIKE like."""
    return int(psql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    f"AND wait_event_type = 'Lock' AND query LIKE '{like}'"))


def terminate_app_backends():
    """Ends the (dead) app's PostgreSQL sessions, as if its unsent statements never arrived."""
    psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
         "AND pid <> pg_backend_pid() AND application_name <> 'psql'")


def waiting_on_lock(table, db=DB):
    """Backends of the test database waiting for a lock on table."""
    return int(psql(f"SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND relation = '{table}'::regclass "
                    f"AND {THIS_DB} AND NOT granted", db=db))


# ---------------------------------------------------------------- app instances

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


apps = []


class App:
    def __init__(self, name, db=DB, **env):
        self.name, self.port = name, free_port()
        self.log = os.path.join(TMP, f"{name}.log")
        e = dict(os.environ, DATABASE_URL=f"postgresql://{PG_USER}@127.0.0.1:{PG_PORT}/{db}", HOST="127.0.0.1", PORT=str(self.port), LOG_LEVEL="info")
        e.pop("BENCH_HELLO_PORT", None)
        e.update({k: str(v) for k, v in env.items()})
        self.proc = subprocess.Popen([APP, "serve"], cwd=ROOT, env=e, stdin=subprocess.DEVNULL,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        apps.append(self)

    @property
    def pid(self):
        return self.proc.pid

    def wait_listening(self, limit=20):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with status {self.proc.returncode} at start-up:\n{self.tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} does not listen on port {self.port} after {limit} s:\n{self.tail()}")

    def wait_healthy(self, limit=20):
        self.wait_listening(limit)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if get(self, "/healthz", timeout=2)[0] == 200:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name}: /healthz is not 200 after {limit} s:\n{self.tail()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def tail(self, n=15):
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def logged_500s(self):
        try:
            with open(self.log, errors="replace") as f:
                return [line.rstrip() for line in f if "status=500" in line or "unhandled error" in line]
        except OSError:
            return []


# ---------------------------------------------------------------- HTTP

def get(app, path, headers=None, timeout=10):
    """(status, headers, body) or (None, None, error text)."""
    return call(app, "GET", path, None, headers, timeout)


def call(app, method, path, body=None, headers=None, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", app.port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r, r.read()
    except (OSError, http.client.HTTPException) as e:
        return None, None, f"{type(e).__name__}: {e}"
    finally:
        c.close()


def post_form(app, path, fields, cookie, timeout=10):
    body = urllib.parse.urlencode(fields)
    return call(app, "POST", path, body, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, timeout)


def cookie_of(response, name):
    for sc in response.headers.get_all("Set-Cookie") or []:
        k, _, v = sc.split(";")[0].partition("=")
        if k.strip() == name and v:
            return v
    return None


def csrf_of(body):
    m = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    return m.group(1).decode() if m else None


def login(app, user):
    """(cookie header, CSRF token of the session)."""
    status, r, body = get(app, "/login")
    if status != 200:
        raise RuntimeError(f"GET /login: {status} {body[:200]!r}")
    pre = cookie_of(r, "rp_pre")
    status, r, body = post_form(app, "/login", {"csrf_token": csrf_of(body), "username": user, "password": PASSWORD},
                                f"rp_pre={pre}")
    session = cookie_of(r, "rp_session") if r else None
    if status != 303 or not session:
        raise RuntimeError(f"cannot log in as {user}: {status} {body[:200]!r}")
    cookie = f"rp_session={session}"
    status, _, page = get(app, "/bestyrelse/moeder/ny", {"Cookie": cookie})
    token = csrf_of(page) if status == 200 else None
    if not token:
        raise RuntimeError(f"GET /bestyrelse/moeder/ny as {user}: {status}")
    if not re.search(rb'name="submission_id" value="[0-9a-f]{32}"', page):
        raise RuntimeError("the meeting form carries no submission_id")
    return cookie, token


def danish_503(status, body):
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else ""
    return status == 503 and 'lang="da"' in text and "Tjenesten er midlertidigt utilgængelig" in text


AGENDA = "/bestyrelse/moeder/1"


def meeting_fields(title, sid, token):
    return {"csrf_token": token, "submission_id": sid, "version": "0", "title": title, "date": "24.6.2027",
            "start": "9.00", "end": "12.00", "place": "Fejltest"}


# ---------------------------------------------------------------- 1. PostgreSQL restart under load

class Load:
    """threads GETting path in a loop; records (start, end, status or error text)."""
    def __init__(self, app, path, threads=8):
        self.app, self.path, self.results, self.stop = app, path, [], threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]
        for t in self.threads:
            t.start()

    def run(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            status, _, body = get(self.app, self.path, timeout=12)
            t1 = time.monotonic()
            with self.lock:
                self.results.append((t0, t1, status if status is not None else body))
            if status is None:
                time.sleep(0.02)

    def snapshot(self):
        with self.lock:
            return list(self.results)

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(15)
        return self.snapshot()


def check_restart_under_load():
    name = "1. PostgreSQL restart under load"
    section(name)
    app = App("restart")
    app.wait_healthy()
    load = Load(app, AGENDA)
    time.sleep(1.0)
    t_begin = time.monotonic()
    pg_restart()
    t_back = time.monotonic()
    # Run on until 3 s of only 200s after the last failure (or 18 s after the restart).
    while time.monotonic() - t_back < 18:
        time.sleep(0.1)
        rs = load.snapshot()
        bad_end = max((r[1] for r in rs if r[2] != 200), default=t_back)
        if time.monotonic() - max(bad_end, t_back) >= 3.0:
            break
    results = load.finish()
    alive = app.proc.poll() is None
    app.stop()
    before = [r for r in results if r[1] < t_begin]
    bad = [r for r in results if r[2] != 200]
    fives = [r for r in results if r[2] == 500]
    early = [r for r in bad if r[1] < t_begin]
    last_bad_end = max((r[1] for r in bad), default=None)
    recovery = max(0.0, last_bad_end - t_back) if last_bad_end else 0.0
    first_ok_after = min((r[1] for r in results if r[2] == 200 and r[0] >= t_back), default=None)
    tail = [r for r in results if last_bad_end is None or r[0] > last_bad_end]
    tail_span = (max(r[1] for r in tail) - min(r[0] for r in tail)) if tail else 0
    kinds = {}
    for r in bad:
        k = r[2] if isinstance(r[2], int) else r[2].split(":")[0]
        kinds[k] = kinds.get(k, 0) + 1
    detail = (f"{len(results)} requests, {len(before)} before the restart; pg_ctl restart took "
              f"{(t_back - t_begin) * 1000:.0f} ms; non-200 while down: {kinds or 'none'}; recovered "
              f"{recovery * 1000:.0f} ms after pg_ctl returned (first 200 after "
              f"{((first_ok_after or t_back) - t_back) * 1000:.0f} ms); then {len(tail)} requests in "
              f"{tail_span:.1f} s all 200")
    if not alive:
        fail(name, f"the app process died:\n{app.tail()}")
    elif fives:
        fail(name, f"{len(fives)} answers 500; {detail}")
    elif early:
        fail(name, f"{len(early)} failures before PostgreSQL was restarted: {early[:3]}")
    elif recovery > 15:
        fail(name, f"still failing {recovery:.1f} s after the restart; {detail}")
    elif tail_span < 2.5 or len(tail) < 20:
        fail(name, f"no steady 200s after the restart; {detail}")
    elif len(before) < 8:
        fail(name, f"too little load before the restart; {detail}")
    else:
        other = [k for k in kinds if k != 503 and isinstance(k, int)]
        if other:
            fail(name, f"unexpected statuses while down: {kinds}")
        else:
            ok(name, detail)
    return app


# ---------------------------------------------------------------- 2. start while PostgreSQL is down

def check_start_while_down():
    name = "2. app started while PostgreSQL is down"
    section(name)
    pg_stop()
    app = App("down")
    try:
        app.wait_listening()
        t = time.monotonic()
        status, _, body = get(app, "/healthz", timeout=12)
        dt_h = time.monotonic() - t
        t = time.monotonic()
        pstatus, _, pbody = get(app, AGENDA, timeout=12)
        dt_p = time.monotonic() - t
        t_pg = time.monotonic()
        pg_start()
        t_up = time.monotonic()
        healthy_at, last = None, None
        while time.monotonic() - t_up < 15:
            last = get(app, "/healthz", timeout=5)[0]
            if last == 200:
                healthy_at = time.monotonic()
                break
            time.sleep(0.1)
        page_after = get(app, AGENDA)[0]
    finally:
        if pg_down:
            pg_start()
    detail = (f"/healthz {status} in {dt_h * 1000:.0f} ms, agenda {pstatus} in {dt_p * 1000:.0f} ms; pg_ctl start "
              f"took {(t_up - t_pg) * 1000:.0f} ms; /healthz 200 "
              + (f"{(healthy_at - t_up) * 1000:.0f} ms after it returned" if healthy_at else f"never (last: {last})")
              + f"; agenda then {page_after}")
    if app.proc.poll() is not None:
        fail(name, f"the app exited (status {app.proc.returncode}):\n{app.tail()}")
    elif status != 503 or dt_h > 10:
        fail(name, f"/healthz while down: {status} after {dt_h:.1f} s (want 503 within 10 s): {body[:120]!r}")
    elif not danish_503(pstatus, pbody) or dt_p > 10:
        fail(name, f"agenda while down: {pstatus} after {dt_p:.1f} s (want the Danish 503 page within 10 s)")
    elif not healthy_at:
        fail(name, detail)
    elif page_after != 200:
        fail(name, detail)
    else:
        ok(name, detail)
    app.stop()
    return app


# ---------------------------------------------------------------- 3. pool exhaustion

def check_pool_exhaustion():
    name = "3. pool exhaustion (DB_POOL_SIZE=2, meetings locked)"
    section(name)
    pool = 2
    app = App("pool", DB_POOL_SIZE=pool)
    app.wait_healthy()
    get(app, AGENDA)
    holder = LockHolder("meetings")
    results = [None] * 10
    health = {}
    start = threading.Barrier(len(results) + 1)

    def one(i):
        start.wait()
        t = time.monotonic()
        status, r, body = get(app, AGENDA, timeout=15)
        results[i] = (time.monotonic() - t, status, body, r.headers.get("Retry-After") if r else None)

    def probe():
        time.sleep(0.3)
        t = time.monotonic()
        status = get(app, "/healthz", timeout=10)[0]
        health["status"], health["seconds"] = status, time.monotonic() - t

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(results))]
    threads.append(threading.Thread(target=probe, daemon=True))
    for t in threads:
        t.start()
    start.wait()
    t0 = time.monotonic()
    # Release when all but the connection holders have answered (or after 6.5 s).
    while time.monotonic() - t0 < 6.5 and sum(r is not None for r in results) < len(results) - pool:
        time.sleep(0.05)
    released = time.monotonic() - t0
    holder.release()
    for t in threads:
        t.join(15)
    t = time.monotonic()
    after = get(app, AGENDA, timeout=10)[0]
    after_dt = time.monotonic() - t
    health_after = get(app, "/healthz", timeout=10)[0]
    app.stop()
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        fail(name, f"{len(missing)} requests never finished")
        return app
    statuses = {}
    for r in results:
        statuses[r[1]] = statuses.get(r[1], 0) + 1
    slowest = max(r[0] for r in results)
    five03 = [r for r in results if r[1] == 503]
    not_danish = [r for r in five03 if not danish_503(r[1], r[2])]
    detail = (f"{statuses}; 503s after {min((r[0] for r in five03), default=0):.1f}–"
              f"{max((r[0] for r in five03), default=0):.1f} s (Retry-After {five03[0][3] if five03 else '-'}), "
              f"lock released at {released:.1f} s, slowest {slowest:.1f} s; /healthz meanwhile "
              f"{health.get('status')} in {health.get('seconds', 0):.1f} s; afterwards agenda {after} in "
              f"{after_dt * 1000:.0f} ms, /healthz {health_after}")
    if set(statuses) - {200, 503}:
        fail(name, f"unexpected answers: {detail}")
    elif slowest > 8.5:
        fail(name, f"a request took {slowest:.1f} s: {detail}")
    elif not five03:
        fail(name, f"no request was refused with 503 although the pool was exhausted: {detail}")
    elif not_danish:
        fail(name, f"{len(not_danish)} 503 answers without the Danish page")
    elif after != 200 or health_after != 200:
        fail(name, f"not serving again after the lock was released: {detail}")
    else:
        ok(name, detail)
    return app


# ---------------------------------------------------------------- 4. SIGKILL mid-stream

def meetings_by_title(prefix):
    rows = psql(f"SELECT title, count(*), min(id) FROM meetings WHERE title LIKE '{prefix}%' GROUP BY title")
    out = {}
    for line in rows.splitlines():
        title, count, mid = line.split("|")
        out[title] = (int(count), int(mid))
    return out


def claims(sids):
    if not sids:
        return {}
    rows = psql("SELECT id, coalesce(location, '<pending>') FROM form_submissions WHERE id IN ("
                + ",".join(f"'{s}'" for s in sids) + ")")
    return dict(line.split("|") for line in rows.splitlines())


def resend_all(app, forms, cookie, token, threads=4):
    """Re-sends forms (dicts with title, sid) concurrently; stores status/location/seconds in each."""
    queue = list(forms)
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                f = queue.pop()
            t = time.monotonic()
            status, r, body = post_form(app, "/bestyrelse/moeder", meeting_fields(f["title"], f["sid"], token), cookie, timeout=15)
            f["re_status"], f["re_location"], f["re_seconds"] = status, r.headers.get("Location") if r else None, time.monotonic() - t
            f["re_body"] = body

    ts = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(40)


def path_of(location):
    return urllib.parse.urlsplit(location or "").path


def age_claims(sids):
    """Moves the claims' start back past their lifetime (what waiting 40 s would do)."""
    if sids:
        psql("UPDATE form_submissions SET created_at = now() - interval '1 minute' WHERE location IS NULL AND id IN (" +
             ",".join(f"'{s}'" for s in sids) + ")")


def check_sigkill_stream():
    name = "4. SIGKILL in a stream of meeting creations"
    section(name)
    app = App("kill")
    app.wait_healthy()
    cookie, token = login(app, "bestyrelsessekretariat")
    tag = secrets.token_hex(3)
    prefix = f"Fejltest {tag} "
    attempts, lock, counter = [], threading.Lock(), [0]
    killed = threading.Event()

    def stream():
        while not killed.is_set():
            with lock:
                counter[0] += 1
                n = counter[0]
            f = {"title": f"{prefix}{n:05d}", "sid": secrets.token_hex(16)}
            status, r, body = post_form(app, "/bestyrelse/moeder", meeting_fields(f["title"], f["sid"], token), cookie, timeout=10)
            f["status"], f["location"] = status, r.headers.get("Location") if r else None
            f["error"] = None if status else body
            with lock:
                attempts.append(f)

    ts = [threading.Thread(target=stream, daemon=True) for _ in range(4)]
    for t in ts:
        t.start()
    time.sleep(1.0)
    os.kill(app.pid, signal.SIGKILL)
    killed.set()
    app.proc.wait(10)
    for t in ts:
        t.join(15)
    answered = [f for f in attempts if f["status"] == 303 and f["location"]]
    # Sent but unanswered: the connection broke after the request went out. A refused connection
    # (after the kill) never reached the app.
    in_flight = [f for f in attempts if f["status"] is None and not f["error"].startswith("ConnectionRefusedError")]
    other = [f for f in attempts if f["status"] not in (None, 303)]
    before = meetings_by_title(prefix)
    claims_before = claims([f["sid"] for f in in_flight])

    app2 = App("kill-restarted")
    app2.wait_healthy()
    cookie2, token2 = login(app2, "bestyrelsessekretariat")
    t = time.monotonic()
    resend_all(app2, answered, cookie2, token2)
    resend_answered_s = time.monotonic() - t
    # The claims of requests killed before they answered are taken over once their lifetime (40 s,
    # past the statement timeout) is over: let that time pass in the database.
    age_claims([f["sid"] for f in in_flight])
    t = time.monotonic()
    resend_all(app2, in_flight, cookie2, token2, threads=max(1, len(in_flight)))
    resend_inflight_s = time.monotonic() - t
    after = meetings_by_title(prefix)

    lost = [f for f in answered if before.get(f["title"], (0, 0))[0] != 1
            or path_of(f["location"]) != f"/bestyrelse/moeder/{before[f['title']][1]}"]
    dupes = [t for t, (c, _) in after.items() if c > 1]
    bad_resend = [f for f in answered if f.get("re_status") != 303 or path_of(f.get("re_location")) != path_of(f["location"])]
    stuck = [f for f in in_flight if after.get(f["title"], (0, 0))[0] == 0]
    in_flight_desc = [f"{f['title'][-5:]}: claim {claims_before.get(f['sid'], 'none')}, rows {before.get(f['title'], (0,))[0]}"
                      f"→{after.get(f['title'], (0,))[0]}, re-sent {f.get('re_status')} in {f.get('re_seconds', 0):.1f} s"
                      for f in in_flight]
    detail = (f"{len(attempts)} sent in ~1 s, {len(answered)} answered 303, {len(in_flight)} in flight at the kill; "
              f"all answered ones stored once and re-sent as 303 to the same place in {resend_answered_s:.1f} s; "
              f"in flight: {'; '.join(in_flight_desc) or 'none'}")
    if other:
        fail(name, f"{len(other)} creations answered {sorted(set(f['status'] for f in other))} before the kill")
    elif len(answered) < 5:
        fail(name, f"too few creations answered before the kill ({len(answered)})")
    elif lost:
        fail(name, f"{len(lost)} creations answered 303 but not stored once at their Location: "
                   f"{[(f['title'], f['location'], before.get(f['title'])) for f in lost[:3]]}")
    elif dupes:
        fail(name, f"duplicates after re-sending: {dupes[:5]}")
    elif bad_resend:
        f = bad_resend[0]
        fail(name, f"{len(bad_resend)} re-sent forms not answered with a 303 to the first Location, e.g. "
                   f"{f['title']}: {f.get('re_status')} {f.get('re_location')} (first: {f['location']})")
    elif stuck:
        f = stuck[0]
        fail(name, f"{len(stuck)} forms in flight at the kill were never stored and their re-sending is refused "
                   f"({f.get('re_status')}: the submission_id stays claimed without a Location); {detail}")
    else:
        ok(name, detail)
        for f in in_flight:
            if f.get("re_status") == 409:
                note(f"{f['title']}: stored once, but re-sending it is answered 409 'bliver behandlet' instead of a "
                     f"303 to the meeting (its claim was never completed)")
    app2.stop()
    return app2


def check_sigkill_frozen(stage):
    """A creation frozen by a lock after it claimed its submission_id — before its write (stage
    "write": the meetings table locked) or after its write but before the claim records the
    Location (stage "complete": the claim's row locked) — is killed, then re-sent after a restart."""
    # The form's write and its claim's "written" mark commit together (ConnectionPool.transaction),
    # so a process cannot die between them: stage "complete" freezes the transaction at the mark.
    name = ("4b. SIGKILL after the claim, before the write" if stage == "write"
            else "4c. SIGKILL inside the write's transaction, at the written mark")
    section(name)
    app = App(f"frozen-{stage}")
    app.wait_healthy()
    cookie, token = login(app, "bestyrelsessekretariat")
    title, sid = f"Fejltest frosset {stage} {secrets.token_hex(3)}", secrets.token_hex(16)
    meetings_lock = LockHolder("meetings")
    row_lock = None
    first = {}

    def send():
        first["answer"] = post_form(app, "/bestyrelse/moeder", meeting_fields(title, sid, token), cookie, timeout=20)[0]

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and waiting_on_lock("meetings") == 0:
        time.sleep(0.05)
    frozen = waiting_on_lock("meetings") > 0
    if stage == "complete" and frozen:
        row_lock = RowLockHolder("form_submissions", f"id = '{sid}'")
        meetings_lock.release()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and waiting_statements("UPDATE form_submissions%") == 0:
            time.sleep(0.05)
        frozen = waiting_statements("UPDATE form_submissions%") > 0
    claimed = claims([sid]).get(sid, "none")
    os.kill(app.pid, signal.SIGKILL)
    app.proc.wait(10)
    sender.join(5)
    terminate_app_backends()
    meetings_lock.release()
    if row_lock:
        row_lock.release()
    rows_at_kill = meetings_by_title(title).get(title, (0, 0))[0]
    app2 = App(f"frozen-{stage}-restarted")
    app2.wait_healthy()
    cookie2, token2 = login(app2, "bestyrelsessekretariat")
    resends = []
    age_claims([sid])
    t_restart = time.monotonic()
    # Re-send for up to ~10 s (each refused attempt waits 5 s in the app).
    while time.monotonic() - t_restart < (10 if stage == "write" else 4):
        t = time.monotonic()
        status, r, body = post_form(app2, "/bestyrelse/moeder", meeting_fields(title, sid, token2), cookie2, timeout=15)
        resends.append((status, round(time.monotonic() - t, 1)))
        if status != 409:
            break
    rows = meetings_by_title(title).get(title, (0, 0))[0]
    claim_after = claims([sid]).get(sid, "none")
    fresh = None
    if rows == 0:
        # The user's way out: reload the form (a new submission_id) and send it again.
        fresh = post_form(app2, "/bestyrelse/moeder", meeting_fields(title, secrets.token_hex(16), token2), cookie2)[0]
    app2.stop()
    detail = (f"claim at the kill: {claimed}, meetings after the kill: {rows_at_kill}; first attempt: "
              f"{first.get('answer') or 'no answer'}; re-sent after the restart: {resends} (status, s); meetings: "
              f"{rows}; claim afterwards: {claim_after}" + (f"; with a new submission_id: {fresh}" if fresh else ""))
    if not frozen or claimed == "none" or rows_at_kill != 0:
        fail(name, f"the request was not frozen where intended (setup); {detail}")
    elif rows > 1:
        fail(name, f"duplicate meetings; {detail}")
    elif rows == 1 and resends[-1][0] == 303:
        ok(name, detail)
    elif rows == 1 and resends[-1][0] == 409:
        ok(name, detail)
        note(f"{name}: stored once, but the re-sent form is answered 409 'bliver behandlet' instead of a 303 to the "
             f"meeting; the claim stays without a Location until the 7-day clean-up")
    elif rows == 0 and all(s == 409 for s, _ in resends):
        fail(name, f"the form is lost and cannot be sent again: every re-send is refused with 409 ('already sent and "
                   f"being processed') although nothing was written, and the claim stays pending; {detail}")
    else:
        fail(name, detail)
    return app2


def check_written_not_answered():
    """The state a process leaves when it dies after the write's commit but before it recorded where
    it answered: the claim is marked written, without a Location. Made by hand (no lock can stop a
    process between the two), then the form is re-sent: answered 409 'already sent', never written twice."""
    name = "4d. A claim marked written but never answered"
    section(name)
    app = App("written")
    app.wait_healthy()
    cookie, token = login(app, "bestyrelsessekretariat")
    title, sid = f"Fejltest skrevet {secrets.token_hex(3)}", secrets.token_hex(16)
    status, r, _ = post_form(app, "/bestyrelse/moeder", meeting_fields(title, sid, token), cookie)
    psql(f"UPDATE form_submissions SET location = NULL, created_at = now() - interval '1 minute' WHERE id = '{sid}'")
    again, _, body = post_form(app, "/bestyrelse/moeder", meeting_fields(title, sid, token), cookie, timeout=15)
    rows = meetings_by_title(title).get(title, (0, 0))[0]
    app.stop()
    detail = f"first: {status}; re-sent: {again}; meetings: {rows}"
    if status == 303 and again == 409 and rows == 1 and "allerede sendt" in (body.decode("utf-8", "replace") if isinstance(body, bytes) else body or ""):
        ok(name, detail)
    else:
        fail(name, detail)
    return app


def check_sigkill_before_write():
    return check_sigkill_frozen("write")


def check_sigkill_before_complete():
    return check_sigkill_frozen("complete")


# ---------------------------------------------------------------- 5. SIGTERM drains

def check_sigterm_drains():
    name = "5. SIGTERM with a request in flight"
    section(name)
    app = App("term")
    app.wait_healthy()
    get(app, AGENDA)
    holder = LockHolder("meetings")
    t_lock = time.monotonic()
    result = {}

    def slow():
        t = time.monotonic()
        status, _, body = get(app, AGENDA, timeout=20)
        result["status"], result["seconds"], result["body"] = status, time.monotonic() - t, body

    th = threading.Thread(target=slow, daemon=True)
    th.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and waiting_on_lock("meetings") == 0:
        time.sleep(0.05)
    blocked = waiting_on_lock("meetings") > 0
    app.proc.send_signal(signal.SIGTERM)
    t_term = time.monotonic()
    time.sleep(0.5)
    new_conn = "accepted"
    try:
        s = socket.create_connection(("127.0.0.1", app.port), timeout=2)
        # Accepted at the TCP level: does the app still answer on it?
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        s.settimeout(2)
        try:
            data = s.recv(100)
            new_conn = f"answered {data[:12]!r}" if data else "accepted, then closed without an answer"
        except socket.timeout:
            new_conn = "accepted, no answer in 2 s"
        s.close()
    except ConnectionRefusedError:
        new_conn = "refused"
    except OSError as e:
        new_conn = f"error {e}"
    time.sleep(max(0.0, 2.0 - (time.monotonic() - t_lock)))
    holder.release()
    t_release = time.monotonic()
    th.join(15)
    try:
        code = app.proc.wait(timeout=10)
        exited = time.monotonic() - t_release
    except subprocess.TimeoutExpired:
        code, exited = None, None
        app.proc.kill()
        app.proc.wait()
    complete = result.get("status") == 200 and b"</html>" in (result.get("body") or b"")
    detail = (f"request held {result.get('seconds', 0):.1f} s → {result.get('status')}"
              f"{' (complete page)' if complete else ''}; new connection after SIGTERM: {new_conn}; exit status "
              f"{code} {f'{exited * 1000:.0f} ms after the request could finish' if exited is not None else 'never (killed)'}"
              f" ({(time.monotonic() - t_term):.1f} s after SIGTERM)")
    if not blocked:
        fail(name, f"the request never waited on the lock (setup); {detail}")
    elif not complete:
        fail(name, f"the request in flight was not completed: {result.get('status')} {str(result.get('body'))[:120]}; {detail}")
    elif code != 0:
        fail(name, f"{detail}\n{app.tail()}")
    elif exited > 5:
        fail(name, f"slow exit: {detail}")
    elif new_conn != "refused":
        fail(name, f"new connections still accepted after SIGTERM: {detail}")
    else:
        ok(name, detail)
    return app


# ---------------------------------------------------------------- 6. statement timeout

class StatementTimeout:
    """6. A request whose query waits on a lock past the app's statement_timeout (30 s): answered
    with the Danish 503 page (the database is overloaded; try again), not a 500, within 40 s; then
    200 again. Runs in a thread alongside checks 3-5, on a database of its own (faults_<pid>_t)."""
    name = "6. a query blocked past the statement timeout (30 s)"

    def __init__(self):
        self.result = {}
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            db = f"{DB}_t"
            setup(db)
            app = App("statement-timeout", db=db)
            app.wait_healthy()
            get(app, AGENDA)
            holder = LockHolder("meetings", db=db)
            t = time.monotonic()
            status, _, body = get(app, AGENDA, timeout=45)
            self.result.update(status=status, seconds=time.monotonic() - t, body=body)
            holder.release()
            self.result["after"] = get(app, AGENDA)[0]
            app.stop()
        except Exception as e:  # noqa: BLE001
            self.result["error"] = f"{type(e).__name__}: {e}"

    def report(self):
        section(self.name + " (ran alongside 3-5)")
        self.thread.join(50)
        r = self.result
        if self.thread.is_alive():
            fail(self.name, "did not finish within 50 s")
        elif "error" in r:
            fail(self.name, r["error"])
        elif "status" not in r:
            fail(self.name, "no result")
        else:
            detail = f"answered {r['status']} after {r['seconds']:.1f} s; after the lock: {r.get('after')}"
            if r["seconds"] > 40:
                fail(self.name, detail)
            elif not danish_503(r["status"], r["body"]):
                page = "the Danish 500 page" if r["status"] == 500 and b'lang="da"' in r["body"] else "no Danish 503 page"
                fail(self.name, f"{detail} ({page}; want the Danish 503 page)")
            elif r.get("after") != 200:
                fail(self.name, detail)
            else:
                ok(self.name, detail)


# ---------------------------------------------------------------- main

databases = []


def setup(db=DB):
    psql(f'CREATE DATABASE "{db}"', db="postgres")
    databases.append(db)
    env = dict(os.environ, DATABASE_URL=f"postgresql://{PG_USER}@127.0.0.1:{PG_PORT}/{db}", LOG_LEVEL="warning")
    with open(os.path.join(TMP, "setup.log"), "ab") as log:
        for step in ("migrate", "seed-demo"):
            r = subprocess.run([APP, step], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=120)
            if r.returncode != 0:
                raise RuntimeError(f"{APP} {step} failed; see {TMP}/setup.log")


def stop_everything():
    """Releases held locks and kills the app instances still running."""
    for h in holders:
        h.release()
    for app in apps:
        if app.proc.poll() is None:
            app.proc.kill()
            app.proc.wait()


def cleanup():
    stop_everything()
    if pg_down:
        try:
            pg_start()
        except Exception as e:  # noqa: BLE001 - best effort, reported
            print(f"Faults: could not start PostgreSQL again: {e}", file=sys.stderr)
    if not KEEP:
        for db in databases:
            try:
                psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', db="postgres")
            except Exception as e:  # noqa: BLE001
                print(f"Faults: could not drop {db}: {e}", file=sys.stderr)
        if not failures:
            subprocess.run(["rm", "-rf", TMP])


def main():
    checks = [check_restart_under_load, check_start_while_down, check_pool_exhaustion,
              check_sigkill_stream, check_sigkill_before_write, check_sigkill_before_complete, check_written_not_answered,
              check_sigterm_drains]
    timeout_check = None
    try:
        setup()
        print(f"Faults: database {DB} on 127.0.0.1:{PG_PORT}, app {APP}, logs in {TMP}", flush=True)
        for check in checks:
            if check is check_pool_exhaustion:
                # From here on PostgreSQL stays up: the 30 s check runs alongside, on its own database.
                timeout_check = StatementTimeout()
            try:
                check()
            except Exception as e:  # noqa: BLE001 - a broken check is a failure, the others still run
                fail(check.__name__, f"{type(e).__name__}: {e}")
                stop_everything()
                if pg_down:
                    pg_start()
        if timeout_check:
            timeout_check.report()
        # (Check 6 judges its own instance.)
        logged = [(a.name, line) for a in apps if a.name != "statement-timeout" for line in a.logged_500s()]
        if logged:
            fail("no 500 in the app logs", f"{len(logged)} lines, e.g. {logged[0]}")
        else:
            ok("no 500 in the app logs", f"{len(apps)} instances")
    finally:
        cleanup()
    print(f"[{time.monotonic() - T0:.0f} s]")
    if failures:
        print(f"Faults FAILED: {len(failures)} of {passed + len(failures)} checks (logs in {TMP})", file=sys.stderr)
        sys.exit(1)
    print(f"Faults: {passed} checks passed")


if __name__ == "__main__":
    main()
