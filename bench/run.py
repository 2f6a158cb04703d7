#!/usr/bin/env python3
"""The benchmark behind `make bench` (scripts/bench.sh starts the cluster and builds the binary).

Loads the demo data and the generated volume (bench/volume.sql) into a database, starts the app,
drives each scenario with wrk for a fixed time and prints one line per scenario:
    bench: NAME rps=… p50_ms=… p99_ms=… errors=…
then `bench: rss_mb=… start_ms=…`, the PDFs' render time cold and cached (`bench: pdf …`), the
reference figures (a bare Hummingbird "hello" route in the same binary and `pgbench -S`), the
recovery after a PostgreSQL restart, and the page scenarios again at ten times the volume.
The public agenda is also measured beside bench/reference (Fortunes on Hummingbird 2 and PostgresNIO) in three
alternating rounds, with the ratios printed (`bench: reference ratios …`). Everything is saved in
bench/results.json. The exit status is 1 when a target of DESIGN.md's
performance budget is missed.

Environment: BENCH_SECONDS (per scenario, default 10), BENCH_CONNECTIONS (default 64),
BENCH_SEED (volume, default 0.42), BENCH_SKIP_10X=1 to leave out the ten-times run,
BENCH_ONLY=name,name to run only those page scenarios, or `reference`, `morning`, `cold-instance` (no
targets checked, nothing saved).
BENCH_BOOK_ONLY=1 to run only the board book's figures (extraction per attachment, books cold and cached).

public-agenda-gzip is public-agenda asked with `Accept-Encoding: gzip`: the cost of compressing
the page on every request (the app compresses public pages itself; see RepresentationMiddleware).
"""
import concurrent.futures
import html.parser
import http.cookiejar
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

BIN = os.environ["BENCH_BIN"]
PGPORT = os.environ["BENCH_PGPORT"]
TMP = os.environ["BENCH_TMP"]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
SEED = os.environ.get("BENCH_SEED", "0.42")
PASSWORD = "demo-raadsportal"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# DESIGN.md's performance budget.
TARGETS = {
    "public-agenda": {"rps": 3000, "p99_ms": 50},
    "board-agenda": {"rps": 2000},
    "council-case": {"rps": 2000},
    "note-post": {"rps": 1000, "p99_ms": 50},
}
RSS_MB, START_MS = 64, 300


def free_port(start):
    port = start
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
        port += 1


def psql(db, *args, **kw):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qX", *args, db],
                          check=True, capture_output=True, text=True, **kw).stdout


def database_url(db):
    return f"postgresql://postgres@127.0.0.1:{PGPORT}/{db}"


def prepare(db, scale):
    psql("postgres", "-c", f'CREATE DATABASE "{db}"')
    env = dict(os.environ, DATABASE_URL=database_url(db), DEMO_PASSWORD=PASSWORD)
    subprocess.run([BIN, "migrate"], env=env, check=True, capture_output=True, cwd=ROOT)
    subprocess.run([BIN, "seed-demo"], env=env, check=True, capture_output=True, cwd=ROOT)
    started = time.monotonic()
    psql(db, "-v", f"scale={scale}", "-v", f"seed={SEED}", "-f", os.path.join(ROOT, "bench/volume.sql"))
    counts = psql(db, "-tAc", "SELECT (SELECT count(*) FROM meetings) || ' meetings, ' || (SELECT count(*) FROM agenda_items) || ' items, '"
                  " || (SELECT count(*) FROM projects) || ' projects, ' || (SELECT count(*) FROM recommendations) || ' recommendations, '"
                  " || (SELECT count(*) FROM users) || ' users'")
    print(f"bench: volume {scale}x loaded in {time.monotonic() - started:.1f} s: {counts.strip()}", flush=True)


class App:
    """The portal as a child process; measures the time from exec to the first healthy answer."""

    def __init__(self, db):
        self.port = free_port(18480)
        self.hello_port = free_port(self.port + 1)
        env = dict(os.environ, DATABASE_URL=database_url(db), PORT=str(self.port), HOST="127.0.0.1",
                   BENCH_HELLO_PORT=str(self.hello_port))
        self.log = open(os.path.join(TMP, f"app-{db}.log"), "w")
        started = time.monotonic()
        # In a session of its own, as a service runs (systemd, a container): with Linux's scheduler
        # autogroups, a child in this script's session would share one CPU share with wrk and the
        # login threads that load it, and a busy load generator then stalled its database
        # threads for up to a second (an ordinary page's p99 during 20 logins: ~1 s -> ~0.1 s).
        self.process = subprocess.Popen([BIN, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT,
                                        start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        while True:
            try:
                if urllib.request.urlopen(self.base + "/healthz", timeout=1).status == 200:
                    break
            except Exception:
                if self.process.poll() is not None:
                    sys.exit(f"the app did not start: see {self.log.name}")
                time.sleep(0.002)
        self.start_ms = (time.monotonic() - started) * 1000

    def rss_mb(self):
        status = open(f"/proc/{self.process.pid}/status").read()
        rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
        return round(rss, 1), round(peak, 1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base, username):
    """Logs in through the form (pre-session CSRF token, bcrypt) and returns the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
    try:
        opener.open(base + "/login", data)
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise RuntimeError(f"login {username}: {e.code}")
    cookie = next((c.value for c in jar if c.name == "rp_session"), None)
    if not cookie:
        raise RuntimeError(f"login {username}: no session")
    return cookie


def csrf_for(base, cookie, path):
    request = urllib.request.Request(base + path, headers={"Cookie": f"rp_session={cookie}"})
    page = urllib.request.urlopen(request).read().decode()
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def check(base, path, cookie=None, expect=200):
    request = urllib.request.Request(base + path, headers={"Cookie": f"rp_session={cookie}"} if cookie else {})
    try:
        status = urllib.request.urlopen(request).status
    except urllib.error.HTTPError as e:
        status = e.code
    if status != expect:
        sys.exit(f"bench: {path} answered {status}, not {expect}: the scenario would measure an error page")


def wrk(base, path, seconds=SECONDS, connections=CONNECTIONS, cookies=(), method="GET", bodies=(), header="", paths=(), threads=2):
    env = dict(os.environ, BENCH_PATH=path, BENCH_METHOD=method, BENCH_COOKIES=",".join(cookies), BENCH_BODIES=",".join(bodies),
               BENCH_HEADER=header, BENCH_PATHS=",".join(paths))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s",
                          os.path.join(ROOT, "bench/wrk.lua"), base + path], env=env, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRK "))
    values = dict(part.split("=") for part in line[4:].split())
    return {"rps": round(float(values["rps"])), "p50_ms": float(values["p50_ms"]), "p99_ms": float(values["p99_ms"]),
            "errors": int(values["errors"]), "requests": int(values["requests"])}


results = {"scenarios": {}, "targets": {}, "machine": {"cores": os.cpu_count()}}


def report(name, r):
    results["scenarios"][name] = r
    print(f"bench: {name} rps={r['rps']} p50_ms={r['p50_ms']:.2f} p99_ms={r['p99_ms']:.2f} errors={r['errors']}", flush=True)


def run_pages(app, suffix=""):
    base = app.base
    board = [login(base, u) for u in ["bestyrelse"] + [f"bench-{g}" for g in range(5, 40, 5)]]
    council = [login(base, u) for u in ["raadsmedlem1"] + [f"bench-{g}" for g in range(1, 36, 5)]]
    scenarios = [
        ("healthz", "/healthz", {}),
        ("static-css", "/static/css/site.css", {}),
        ("public-agenda", "/bestyrelse/moeder/1", {}),
        ("public-agenda-gzip", "/bestyrelse/moeder/1", {"header": "Accept-Encoding: gzip"}),
        ("board-agenda", "/bestyrelse/moeder/1", {"cookies": board}),
        ("council-case", "/raadet/sager/1", {"cookies": council}),
        # volume.sql's draft 2020-2021: computed from the data at every request (report 1 is published).
        ("annual-report", "/aarsrapporter/100000", {"cookies": council}),
        ("search", "/bestyrelse/soeg?q=regionerne", {}),
    ]
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    for name, path, kw in scenarios:
        if only and name not in only:
            continue
        check(base, path, (kw.get("cookies") or [None])[0])
        wrk(base, path, seconds=2, **kw)   # warm: every pooled connection has prepared its statements
        report(name + suffix, wrk(base, path, **kw))
    if only and "note-post" not in only:
        return
    # A write on every request: each board member saves a private note on item 7 (303 on success).
    note = "/bestyrelse/moeder/1/punkter/7"
    bodies = [urllib.parse.urlencode({"csrf_token": csrf_for(base, c, note), "note": "Mine noter til punktet: spørg til økonomien."})
              for c in board]
    wrk(base, note + "/note", seconds=2, cookies=board, method="POST", bodies=bodies)
    report("note-post" + suffix, wrk(base, note + "/note", cookies=board, method="POST", bodies=bodies))


def hello(app):
    base = f"http://127.0.0.1:{app.hello_port}"
    wrk(base, "/hello", seconds=2)
    report("hello-reference", wrk(base, "/hello"))


def reference(app, db="bench1"):
    """The public agenda beside bench/reference (TechEmpower's Fortunes on Hummingbird 2 and PostgresNIO, the
    stack of the framework's own benchmark entry) in one sitting: three alternating rounds of each at the same
    wrk settings, the medians, and the ratios the budget is written in (DESIGN.md, performance budget)."""
    ref_bin = os.environ.get("BENCH_REF_BIN")
    if not ref_bin:
        return
    env = dict(os.environ, REF_DB_PORT=PGPORT, REF_DB_NAME=db,
               REF_PORT=str(free_port(18680)))
    subprocess.run([ref_bin, "setup"], env=env, check=True, capture_output=True)
    log = open(os.path.join(TMP, "reference.log"), "w")
    process = subprocess.Popen([ref_bin], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{env['REF_PORT']}"
    try:
        while True:
            try:
                if urllib.request.urlopen(base + "/fortunes", timeout=1).status == 200:
                    break
            except Exception:
                if process.poll() is not None:
                    sys.exit(f"bench: the reference did not start: see {log.name}")
                time.sleep(0.01)
        wrk(base, "/fortunes", seconds=2)
        wrk(app.base, "/bestyrelse/moeder/1", seconds=2)
        rounds = {"public-agenda": [], "reference-fortunes": []}
        for _ in range(3):
            rounds["public-agenda"].append(wrk(app.base, "/bestyrelse/moeder/1"))
            rounds["reference-fortunes"].append(wrk(base, "/fortunes"))
        median = lambda values: sorted(values)[len(values) // 2]
        for name, runs in rounds.items():
            report(name + "-median3", {"rps": median([r["rps"] for r in runs]), "p50_ms": median([r["p50_ms"] for r in runs]),
                                       "p99_ms": median([r["p99_ms"] for r in runs]), "errors": sum(r["errors"] for r in runs),
                                       "requests": sum(r["requests"] for r in runs), "rounds": runs})
        status = open(f"/proc/{process.pid}/status").read()
        ref_rss = round(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024, 1)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    app_rss = app.rss_mb()[0]
    ours, theirs = results["scenarios"]["public-agenda-median3"], results["scenarios"]["reference-fortunes-median3"]
    ratios = {"rps": round(ours["rps"] / theirs["rps"], 2), "p99": round(ours["p99_ms"] / theirs["p99_ms"], 2),
              "rss": round(app_rss / ref_rss, 2), "app_rss_mb": app_rss, "reference_rss_mb": ref_rss}
    results["reference"] = ratios
    print(f"bench: reference ratios (public agenda / Fortunes, medians of 3 alternating rounds): rps={ratios['rps']}x "
          f"p99={ratios['p99']}x rss={ratios['rss']}x ({app_rss} MB / {ref_rss} MB)", flush=True)


class FormScraper(html.parser.HTMLParser):
    """The fields of the form whose action is `action`, as a browser would send them back unchanged."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self.textarea = action, False, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value") or ""
        elif self.inside and tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.fields[self.textarea] = ""
        elif self.inside and tag == "select" and a.get("name"):
            self.textarea = None
            self.select = a["name"]
        elif self.inside and tag == "option" and "selected" in a and getattr(self, "select", None):
            self.fields[self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def get_page(base, path, cookie):
    request = urllib.request.Request(base + path, headers={"Cookie": f"rp_session={cookie}"})
    return urllib.request.urlopen(request).read().decode()


def morning(app):
    """A morning before a board meeting, all at once for SECONDS: 40 board members read the agenda, open items,
    mark them read and write notes; the public reads the agenda; the council's people work on cases; the board
    secretariat corrects an item every two seconds. p50/p99 and errors per kind of request."""
    base = app.base
    board = [login(base, u) for u in ["bestyrelse"] + [f"bench-{g}" for g in range(5, 196, 5)]][:40]
    council = [login(base, u) for u in ["raadsmedlem1"] + [f"bench-{g}" for g in range(1, 36, 5)]]
    secretariat = login(base, "bestyrelsessekretariat")
    agenda = "/bestyrelse/moeder/1"
    numbers = sorted({int(n) for n in re.findall(r'href="/bestyrelse/moeder/1/punkter/(\d+)"', get_page(base, agenda, board[0]))})
    items = [f"{agenda}/punkter/{n}" for n in numbers]
    read_bodies = [urllib.parse.urlencode({"csrf_token": csrf_for(base, c, items[0])}) for c in board]
    note_bodies = [urllib.parse.urlencode({"csrf_token": csrf_for(base, c, items[0]), "note": "Spørg til tidsplanen."}) for c in board]
    kinds = [
        ("board-agenda", agenda, {"cookies": board, "connections": 12}),
        ("board-item", items[0], {"cookies": board, "paths": items, "connections": 12}),
        ("board-mark-read", items[0] + "/laest", {"cookies": board, "method": "POST", "bodies": read_bodies, "connections": 4}),
        ("board-note", items[0] + "/note", {"cookies": board, "method": "POST", "bodies": note_bodies, "connections": 4}),
        ("public-agenda", agenda, {"connections": 16}),
        ("council-case", "/raadet/sager/1", {"cookies": council, "connections": 8}),
    ]
    # The secretariat's corrections: the item's edit form read and sent back with one word changed.
    edit_path = re.search(r'href="(/bestyrelse/punkter/\d+/rediger)"', get_page(base, items[-1], secretariat)).group(1)
    corrections, stop = [], threading.Event()

    def correct():
        n = 0
        while not stop.is_set():
            scraper = FormScraper(edit_path)
            scraper.feed(get_page(base, edit_path, secretariat))
            fields = dict(scraper.fields)
            n += 1
            fields["resume"] = re.sub(r" \(rettelse \d+\)$", "", fields.get("resume", "")) + f" (rettelse {n})"
            request = urllib.request.Request(base + edit_path, data=urllib.parse.urlencode(fields).encode(),
                                             headers={"Cookie": f"rp_session={secretariat}"})
            started = time.monotonic()
            try:
                status = urllib.request.build_opener(NoRedirect()).open(request).status
            except urllib.error.HTTPError as e:
                status = e.code
            corrections.append(((time.monotonic() - started) * 1000, status))
            stop.wait(2)

    corrector = threading.Thread(target=correct)
    with concurrent.futures.ThreadPoolExecutor(len(kinds)) as pool:
        futures = {name: pool.submit(wrk, base, path, threads=1, **kw) for name, path, kw in kinds}
        corrector.start()
        out = {name: f.result() for name, f in futures.items()}
    stop.set()
    corrector.join()
    for name, _, _ in kinds:
        report("morning-" + name, out[name])
    times = sorted(t for t, _ in corrections)
    errors = sum(1 for _, status in corrections if status != 303)
    report("morning-secretariat-correction", {"rps": round(len(times) / SECONDS, 1), "p50_ms": times[len(times) // 2],
                                              "p99_ms": times[-1], "errors": errors, "requests": len(times)})


def cold_instance(app, db="bench1"):
    """A second instance started while the first serves the public agenda: its first 100 requests (public agenda,
    board agenda, an item, a case; four at a time) and their p99."""
    board, council = login(app.base, "bestyrelse"), login(app.base, "raadsmedlem1")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        load = pool.submit(wrk, app.base, "/bestyrelse/moeder/1", connections=32, threads=1)
        time.sleep(1)
        second = App(db)
        try:
            paths = [("/bestyrelse/moeder/1", None), ("/bestyrelse/moeder/1", board), ("/bestyrelse/moeder/1/punkter/1", board),
                     ("/raadet/sager/1", council)] * 25

            def timed(entry):
                path, cookie = entry
                request = urllib.request.Request(second.base + path, headers={"Cookie": f"rp_session={cookie}"} if cookie else {})
                started = time.monotonic()
                try:
                    status = urllib.request.urlopen(request).status
                except urllib.error.HTTPError as e:
                    status = e.code
                return (time.monotonic() - started) * 1000, status

            with concurrent.futures.ThreadPoolExecutor(4) as clients:
                answers = list(clients.map(timed, paths))
        finally:
            second.stop()
        load.result()
    times = sorted(t for t, _ in answers)
    report("cold-instance-first-100", {"rps": 0, "p50_ms": times[49], "p99_ms": times[98], "errors": sum(1 for _, s in answers if s != 200),
                                       "requests": len(times), "start_ms": round(second.start_ms)})


def pgbench():
    """The database's ceiling for a one-row primary-key read (pgbench -S), latencies from its log."""
    bench = os.environ["BENCH_PGBENCH"]
    psql("postgres", "-c", "CREATE DATABASE pgbench")
    subprocess.run([bench, "-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-i", "-q", "-s", "10", "pgbench"],
                   check=True, capture_output=True)
    logdir = os.path.join(TMP, "pgbench")
    os.makedirs(logdir, exist_ok=True)
    out = subprocess.run([bench, "-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-S", "-M", "prepared", "-c", "16", "-j", "2",
                          "-T", str(SECONDS), "-l", "--log-prefix", os.path.join(logdir, "log"), "pgbench"],
                         check=True, capture_output=True, text=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    latencies = []
    for name in os.listdir(logdir):
        with open(os.path.join(logdir, name)) as f:
            latencies += [int(line.split()[2]) for line in f if line.strip()]
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] / 1000
    report("pgbench-S-reference", {"rps": round(tps), "p50_ms": pct(50), "p99_ms": pct(99), "errors": 0, "requests": len(latencies)})


def during_logins(app):
    """An ordinary page while 20 logins run at once, continuously (bcrypt cost 12 off the event loops)."""
    stop = threading.Event()
    logins = [0]

    def keep_logging_in(n):
        while not stop.is_set():
            login(app.base, f"bench-{5 * (n + 1)}")
            logins[0] += 1

    pool = concurrent.futures.ThreadPoolExecutor(20)
    futures = [pool.submit(keep_logging_in, n) for n in range(20)]
    time.sleep(0.5)
    r = wrk(app.base, "/bestyrelse/moeder/1", connections=16)
    stop.set()
    for f in futures:
        f.result()
    r["logins"] = logins[0]
    report("agenda-during-20-logins", r)
    print(f"bench: logins_during_run={logins[0]}", flush=True)


def pg_restart_recovery(app):
    """Restarts PostgreSQL and measures the time until the agenda page is served again."""
    started = time.monotonic()
    # The restarted server keeps its output streams: they must not be pipes this script waits on.
    subprocess.run(shlex.split(os.environ["BENCH_PG_RESTART"]), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    restarted = time.monotonic()
    while True:
        try:
            if urllib.request.urlopen(app.base + "/bestyrelse/moeder/1", timeout=2).status == 200:
                break
        except Exception:
            time.sleep(0.01)
    done = time.monotonic()
    results["pg_restart"] = {"recovery_ms": round((done - started) * 1000), "after_up_ms": round((done - restarted) * 1000)}
    print(f"bench: pg_restart recovery_ms={results['pg_restart']['recovery_ms']} "
          f"(of which after PostgreSQL was up again: {results['pg_restart']['after_up_ms']})", flush=True)


def documents(app, db="bench1"):
    """The PDFs (the annual report and a sent letter): cold, from the first request until the PDF is
    served (the request queues the render, the job runner renders it with WeasyPrint, the next
    request finds it stored), with the engine's own time as the job recorded it; then cached, the
    stored PDF served again (sequential requests)."""
    cookie = login(app.base, "sekretariat")
    out = {}
    for name, path, document in (("annual-report", "/aarsrapporter/100000/pdf", "report:100000"), ("letter", "/raadet/sager/1/brev/pdf", "letter:1")):
        def get():
            request = urllib.request.Request(app.base + path, headers={"Cookie": f"rp_session={cookie}"})
            t0 = time.monotonic()
            with urllib.request.urlopen(request) as r:
                body = r.read()
                return r.status, time.monotonic() - t0, len(body)
        started = time.monotonic()
        first_ms = None
        while True:
            status, took, size = get()
            first_ms = first_ms if first_ms is not None else round(took * 1000)
            if status == 200:
                break
            if time.monotonic() - started > 120:
                sys.exit(f"bench: {path} was not rendered within 120 s")
            time.sleep(0.1)
        cold_ms = round((time.monotonic() - started) * 1000)
        render_ms = int(psql(db, "-tAc", f"SELECT render_ms FROM rendered_documents WHERE document = '{document}' ORDER BY rendered_at DESC LIMIT 1").strip())
        times = sorted(get()[1] * 1000 for _ in range(30))
        out[name] = {"cold_ms": cold_ms, "first_request_ms": first_ms, "engine_ms": render_ms,
                     "cached_p50_ms": round(times[len(times) // 2], 1), "cached_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                     "bytes": size}
        print(f"bench: pdf {name} cold_ms={cold_ms} (first request {first_ms} ms, engine {render_ms} ms) "
              f"cached_p50_ms={out[name]['cached_p50_ms']} cached_p95_ms={out[name]['cached_p95_ms']} bytes={size}", flush=True)
    results["documents"] = out


def wait_for_extractions(db, limit=300):
    """Until the job runner has read every queued attachment (the demo's four at start)."""
    started = time.monotonic()
    while int(psql(db, "-tAc", "SELECT count(*) FROM jobs WHERE kind = 'attachment.extract' AND state = 'queued'").strip()) > 0:
        if time.monotonic() - started > limit:
            sys.exit(f"bench: attachments not read within {limit} s")
        time.sleep(0.2)
    return time.monotonic() - started


def board_book(app, db="bench1"):
    """The board book (issue 21): the text extraction per attachment (the volume's 60 attachments of
    its 40-item meeting, as the job runner reads them: pdftotext, LibreOffice for DOCX and XLSX), then
    the book of the demo meeting and of the 40-item meeting as a board member, cold (from the first
    request until the PDF is served: the job builds it) with the build's own time, and cached (the
    stored book, the reader's name stamped per request; sequential requests)."""
    psql(db, "-c", "INSERT INTO jobs (kind, payload, dedupe_key) SELECT 'attachment.extract', a.id::text, 'attachment.extract:' || a.id "
         "FROM attachments a WHERE a.item_id > 200000 ON CONFLICT (dedupe_key) DO NOTHING")
    took = wait_for_extractions(db)
    rows = psql(db, "-tAc", "SELECT a.content_type, e.extract_ms FROM attachment_extractions e JOIN attachments a ON a.id = e.attachment_id "
                "WHERE a.item_id > 200000 AND e.state = 'ok'").split()
    by_kind = {}
    for row in rows:
        kind, ms = row.rsplit("|", 1)
        by_kind.setdefault({"application/pdf": "pdf"}.get(kind, "xlsx" if "sheet" in kind else "docx"), []).append(int(ms))
    extraction = {k: {"n": len(v), "mean_ms": round(sum(v) / len(v)), "max_ms": max(v)} for k, v in by_kind.items()}
    extraction["all"] = {"n": len(rows), "wall_s": round(took, 1),
                         "mean_ms": round(sum(sum(v) for v in by_kind.values()) / max(1, len(rows)))}
    print(f"bench: attachment extraction {extraction}", flush=True)
    cookie = login(app.base, "bestyrelse")
    books = {}
    for name, meeting in (("demo-meeting", 1), ("40-items-60-attachments", 200000)):
        path = f"/bestyrelse/moeder/{meeting}/moedebog.pdf"

        def get():
            request = urllib.request.Request(app.base + path, headers={"Cookie": f"rp_session={cookie}"})
            t0 = time.monotonic()
            with urllib.request.urlopen(request) as r:
                body = r.read()
                return r.status, time.monotonic() - t0, len(body)
        started = time.monotonic()
        while True:
            status, _, size = get()
            if status == 200:
                break
            if time.monotonic() - started > 300:
                sys.exit(f"bench: {path} was not built within 300 s")
            time.sleep(0.1)
        cold_ms = round((time.monotonic() - started) * 1000)
        build_ms, pages = psql(db, "-tAc", f"SELECT build_ms || ' ' || pages FROM board_books WHERE meeting_id = {meeting} "
                                           "ORDER BY built_at DESC LIMIT 1").split()
        times = sorted(get()[1] * 1000 for _ in range(20))
        books[name] = {"cold_ms": cold_ms, "build_ms": int(build_ms), "pages": int(pages), "bytes": size,
                       "cached_p50_ms": round(times[len(times) // 2], 1), "cached_p95_ms": round(times[int(len(times) * 0.95) - 1], 1)}
        print(f"bench: board book {name} cold_ms={cold_ms} (build {build_ms} ms, {pages} pages, {size} bytes) "
              f"cached_p50_ms={books[name]['cached_p50_ms']} cached_p95_ms={books[name]['cached_p95_ms']}", flush=True)
    results["board_book"] = {"extraction": extraction, "books": books}


def main():
    prepare("bench1", 1)
    app = App("bench1")
    # The demo's attachments are read by the job runner at start: not while the scenarios run.
    wait_for_extractions("bench1")
    if os.environ.get("BENCH_BOOK_ONLY"):
        try:
            board_book(app)
        finally:
            app.stop()
        print(json.dumps(results.get("board_book"), indent=2))
        return
    if os.environ.get("BENCH_ONLY"):
        only = os.environ["BENCH_ONLY"].split(",")
        try:
            run_pages(app)
            for name, scenario in (("reference", reference), ("morning", morning), ("cold-instance", cold_instance)):
                if name in only:
                    scenario(app)
        finally:
            app.stop()
        return
    try:
        run_pages(app)
        reference(app)
        hello(app)
        rss, peak = app.rss_mb()
        results["rss_mb"], results["rss_peak_mb"], results["start_ms"] = rss, peak, round(app.start_ms)
        print(f"bench: rss_mb={rss} start_ms={round(app.start_ms)} (peak rss_mb={peak})", flush=True)
        during_logins(app)
        morning(app)
        cold_instance(app)
        documents(app)
        board_book(app)
        pg_restart_recovery(app)
    finally:
        app.stop()
    pgbench()
    if os.environ.get("BENCH_SKIP_10X") != "1":
        prepare("bench10", 10)
        app = App("bench10")
        try:
            run_pages(app, suffix="@10x")
            results["start_ms_10x"] = round(app.start_ms)
        finally:
            app.stop()

    missed = []
    for name, target in TARGETS.items():
        r = results["scenarios"][name]
        if r["rps"] < target["rps"]:
            missed.append(f"{name} rps {r['rps']} < {target['rps']}")
        if "p99_ms" in target and r["p99_ms"] > target["p99_ms"]:
            missed.append(f"{name} p99 {r['p99_ms']} ms > {target['p99_ms']} ms")
    for name, r in results["scenarios"].items():
        if r["errors"]:
            missed.append(f"{name} had {r['errors']} errors")
    # The reference's budget (5 % for the noise of a shared machine): rate >= 1.0x, p99 <= 1.0x, memory <= 1/3.
    if "reference" in results:
        ratio = results["reference"]
        if ratio["rps"] < 0.95:
            missed.append(f"public agenda rate {ratio['rps']}x the reference's < 1.0x")
        if ratio["p99"] > 1.05:
            missed.append(f"public agenda p99 {ratio['p99']}x the reference's > 1.0x")
        if ratio["rss"] > 0.35:
            missed.append(f"resident memory {ratio['rss']}x the reference's > 1/3")
    if results["rss_mb"] > RSS_MB:
        missed.append(f"rss {results['rss_mb']} MB > {RSS_MB} MB")
    if results["start_ms"] > START_MS:
        missed.append(f"start {results['start_ms']} ms > {START_MS} ms")
    for name, r in results["scenarios"].items():
        if (name.startswith("morning-") or name == "cold-instance-first-100") and r["p99_ms"] > 100:
            missed.append(f"{name} p99 {r['p99_ms']:.1f} ms > 100 ms")
    if results["scenarios"]["agenda-during-20-logins"]["p99_ms"] > 100:
        missed.append("p99 of an ordinary page during 20 logins > 100 ms")
    results["targets"] = {"met": not missed, "missed": missed}
    with open(os.path.join(ROOT, "bench/results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print("bench: targets " + ("met" if not missed else "MISSED: " + "; ".join(missed)), flush=True)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
