#!/usr/bin/env python3
"""Hostile input round trip through the running app's forms.

    BASE=http://127.0.0.1:18991 python3 Tests/Operations/hostile.py
    # optional: ONLY=substring (run only the forms whose name contains it), DEMO_PASSWORD,
    #           QUICK=1 (skip the 1 MB payload)

Run it against a throwaway demo database (`raadsportal migrate && raadsportal seed-demo`): it writes
through the forms. Edited demo records are put back as they were (item 1/7, meeting 1, status note
version 1, the annual report draft, the contact text, direktoer's name, sparring meeting 5's minutes,
the letter of case 8); created records stay (one draft intake, one library document, observations
and sparring meetings with the run's tag, status notes, requests, declined requests). Standard library
only. A full run takes about 10 minutes on a debug build (each 1 MB post costs the app several
seconds); QUICK=1 leaves the 1 MB payload out and takes about a minute.

Each entry of FORMS below is one form of the app with its free-text fields, the user who fills it
in, and the pages that show what was typed (with how much of the value they show). For every field
and every payload the test
  1. opens the form page as that user and reads the form as a browser would (hidden fields, version,
     CSRF token, current values), puts the payload into the field and posts it;
  2. requires a redirect or 200 (stored), or a 400/413/422 with a Danish message (refused) — never a
     5xx, never another 4xx;
  3. parses the answer and every page that shows the value with html.parser: no <script>, <iframe>,
     <object> or <embed> element, no on* attribute, no href/src/action starting with javascript:
     (the app has no JavaScript at all, so any is an injection) and the page is valid UTF-8;
  4. when stored, requires the payload unchanged as text (or as an attribute value, e.g. in the form
     field) on the pages that show it whole.
The NUL byte and the 1 MB text must be refused with a Danish message or stored safely (the pages
still render). GET parameters that are shown again (search, filters, ?next=, ?besked=, ?side=) get
the same payloads, and the login's `next` field may only lead to a local path. Prints one line per
form field and `Hostile: N checks passed`; exits 1 on a failure.
"""
import html
import html.parser
import http.client
import os
import re
import sys
import time
import urllib.parse

BASE = os.environ.get("BASE", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
ONLY = os.environ.get("ONLY", "")
QUICK = os.environ.get("QUICK") == "1"
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port or 80
TAG = time.strftime("%H%M%S") + str(os.getpid() % 1000)


def _one_mb():
    unit = "Lang tekst om risikovurdering og styregruppe æøå. "
    text = unit * (1_048_576 // len(unit.encode()) + 1)
    while len(text.encode()) > 1_048_576 - 4:
        text = text[:-1000]
    return text.rstrip() + " slut"


PAYLOADS = [
    ("script", "<script>alert(1)</script>"),
    ("attr", "\"><img src=x onerror=alert(1)>"),
    ("quote", "' onmouseover='alert(1)' x='"),
    ("js-url", "javascript:alert(1)"),
    ("sql", "'; DROP TABLE users; --"),
    ("nul", "før\x00efter"),
    ("1mb", None),  # filled in lazily
    ("danish", "Æblegrød på Ærø 🍎✅"),
]
# Extra payloads for fields that make links (rich text: http(s) only) or hold addresses.
LINK_PAYLOADS = [
    ("link-break", "https://eksempel.dk/\"><script>alert(1)</script>"),
    ("link-attr", "https://eksempel.dk/x\" onmouseover=\"alert(1)"),
    ("link-js", "javascript:alert(document.cookie)//https://eksempel.dk"),
    ("link-nul", "https://eksempel.dk/før\x00efter"),
]
ONE_MB = None


def payload_value(key, value):
    global ONE_MB
    if key == "1mb":
        if ONE_MB is None:
            ONE_MB = _one_mb()
        return ONE_MB
    return value


# ---------------------------------------------------------------- HTTP

class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def location(self):
        return self.headers.get("location", "")


class Client:
    def __init__(self, user=None):
        self.user = user
        self.cookies = {}

    def request(self, method, path, body=None, ctype=None):
        c = http.client.HTTPConnection(HOST, PORT, timeout=60)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if ctype:
            headers["Content-Type"] = ctype
        t0 = time.monotonic()
        try:
            c.request(method, urllib.parse.quote(path, safe="/?&=%:;,+@!$'()*~-._"), body=body, headers=headers)
            r = c.getresponse()
            data = r.read()
            for sc in r.headers.get_all("Set-Cookie") or []:
                k, _, v = sc.split(";")[0].partition("=")
                if "max-age=0" in sc.lower() or not v:
                    self.cookies.pop(k.strip(), None)
                else:
                    self.cookies[k.strip()] = v
            TIMINGS.append((time.monotonic() - t0, method, path[:70], len(body or b"")))
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        except (http.client.HTTPException, OSError) as e:
            return Resp(0, {}, repr(e).encode())
        finally:
            c.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, pairs):
        body = urllib.parse.urlencode(pairs, encoding="utf-8")
        return self.request("POST", path, body.encode(), "application/x-www-form-urlencoded")


CLIENTS = {}
TIMINGS = []  # (seconds, method, path) of every request


def client(user):
    if user in CLIENTS:
        return CLIENTS[user]
    c = Client(user)
    if user != "anon":
        page = c.get("/login")
        token = csrf_of(page.body)
        r = c.post("/login", [("csrf_token", token), ("username", user), ("password", PASSWORD)])
        if r.status != 303 or "rp_session" not in c.cookies:
            print(f"Hostile FAILED: cannot log in as {user} ({r.status})", file=sys.stderr)
            sys.exit(1)
    CLIENTS[user] = c
    return c


def csrf_of(body):
    m = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    return m.group(1).decode() if m else ""


# ---------------------------------------------------------------- HTML

class Page(html.parser.HTMLParser):
    """Forms, text, attribute values and anything dangerous in one page."""
    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}

    def __init__(self, body):
        super().__init__(convert_charrefs=True)
        self.text_parts = []
        self.attr_values = []
        self.dangers = []
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None
        self._option = None
        self.lang = None
        self.feed(body)
        self.close()
        self.text = "".join(self.text_parts)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        for k, v in attrs:
            if v:
                self.attr_values.append(v)
            if k.startswith("on"):
                self.dangers.append(f"<{tag} {k}=…>")
            if k in self.URL_ATTRS and v and re.sub(r"[\s\x00-\x1f]", "", v).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.dangers.append(f"<{tag} {k}={v[:40]!r}>")
        if tag in self.DANGEROUS_TAGS:
            self.dangers.append(f"<{tag}>")
        if tag == "img" and a.get("src") in ("x", "x/"):
            self.dangers.append("<img src=x>")
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "controls": []}
            self.forms.append(self._form)
        elif self._form is not None:
            if tag == "input":
                self._form["controls"].append(("input", a.get("type", "text").lower(), a.get("name"), a.get("value", ""), "checked" in a))
            elif tag == "button":
                self._form["controls"].append(("button", a.get("type", "submit").lower(), a.get("name"), a.get("value", ""), False))
            elif tag == "textarea":
                self._textarea = [a.get("name"), ""]
            elif tag == "select":
                self._select = {"name": a.get("name"), "options": [], "multiple": "multiple" in a}
            elif tag == "option" and self._select is not None:
                self._option = [a.get("value"), "selected" in a, ""]
                self._select["options"].append(self._option)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["controls"].append(("textarea", "textarea", self._textarea[0], self._textarea[1], False))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._form is not None:
                opts = self._select["options"]
                chosen = [o for o in opts if o[1]] or opts[:1]
                for o in chosen:
                    value = o[0] if o[0] is not None else o[2]
                    self._form["controls"].append(("select", "select", self._select["name"], value, True))
            self._select = None
        elif tag == "option":
            self._option = None

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def form(self, action):
        for f in self.forms:
            if f["action"] == action:
                return f
        return None

    def contains(self, value):
        return value in self.text or any(value in v for v in self.attr_values)


def parse(body):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Page(text)


def form_pairs(form):
    """What a browser sends for the form as it stands (no submit button pressed)."""
    pairs = []
    for kind, typ, name, value, checked in form["controls"]:
        if not name:
            continue
        if kind == "input":
            if typ in ("checkbox", "radio"):
                if checked:
                    pairs.append((name, value or "on"))
            elif typ in ("submit", "button", "image", "reset", "file"):
                continue
            else:
                pairs.append((name, value))
        elif kind in ("textarea", "select"):
            pairs.append((name, value))
    return pairs


def with_values(pairs, values):
    """pairs with each name in values replaced (a list value gives several pairs; None removes)."""
    out = [(k, v) for k, v in pairs if k not in values]
    for k, v in values.items():
        if v is None:
            continue
        for one in (v if isinstance(v, list) else [v]):
            out.append((k, one))
    return out


DANISH = re.compile(r"(fejl|kunne ikke|for lang|for stort|ugyldig|højst|Skriv|Vælg|Adgang|findes ikke|For mange|tegn|læses|Forkert|mangler|skal)", re.I)


def danish_message(page):
    return page is not None and page.lang == "da" and bool(DANISH.search(page.text))


# ---------------------------------------------------------------- form catalogue

class F:
    """A free-text field of a form: link=True adds the link payloads; wrap puts the payload inside a
    required pattern ("Det indstilles, at {}"); unique adds the run's tag (a unique column)."""
    def __init__(self, name, link=False, wrap="{}", unique=False, payloads=None):
        self.name, self.link, self.wrap, self.unique, self.payloads = name, link, wrap, unique, payloads


class Form:
    """page: where the form is; action: its action attribute; views: (user, path, level[, fields])
    with level all (every stored payload must be shown whole), short (payloads under 1,000
    characters must be shown), safe (only safety is checked), status (not HTML: must answer 200);
    when fields are given, only those fields are shown there (the others: safe); {loc} in a path
    is the redirect's path. mode=store
    (submitting stores) or refuse (the submission is refused on purpose; only the answer is
    checked). restore: put the form back as it was after each field."""
    def __init__(self, name, user, page, action, fields, views=(), base=None, mode="store", restore=False, cleanup=None, setup=None,
                 each=None):
        self.name, self.user, self.page, self.action, self.fields = name, user, page, action, fields
        self.views, self.base, self.mode, self.restore = list(views), base or {}, mode, restore
        self.cleanup, self.setup, self.each = cleanup, setup, each  # each: a setup before every payload
        self.ctx = {}

    def fmt(self, s):
        return s.format(**self.ctx) if "{" in s else s


def setup_intake(form):
    c = client("projektleder")
    page = parse(c.get("/raadet/indmelding").body)
    f = page.form("/raadet/indmelding")
    r = c.post("/raadet/indmelding", with_values(form_pairs(f), {"name": f"Fjendtlig indmelding {TAG}", "handling": "gem"}))
    m = re.match(r"/raadet/sager/(\d+)", r.location)
    if r.status != 303 or not m:
        raise RuntimeError(f"could not create a draft intake ({r.status} {r.location})")
    form.ctx["case"] = m.group(1)


def setup_library(form):
    c = client("sekretariat")
    page = parse(c.get("/it-raadet/materialer/ny").body)
    f = page.form("/it-raadet/materialer/ny")
    r = c.post("/it-raadet/materialer/ny", with_values(form_pairs(f), {"title": f"Fjendtligt materiale {TAG}", "description": "Test", "audience": "public", "position": "99"}))
    m = re.match(r"/it-raadet/materialer/(\d+)", r.location)
    if r.status != 303 or not m:
        raise RuntimeError(f"could not create a library document ({r.status} {r.location})")
    form.ctx["doc"] = m.group(1)


def setup_user(form):
    page = parse(client("admin").get("/admin/brugere").body)
    ids = re.findall(r"/admin/brugere/(\d+)", "".join(page.attr_values))
    for i in ids:
        p = client("admin").get(f"/admin/brugere/{i}")
        if b"direktoer" in p.body:
            form.ctx["user"] = i
            return
    raise RuntimeError("user direktoer not found")


def new_request(form):
    """A fresh sparring request from the project leader, for the secretariat to decide."""
    c = client("projektleder")
    page = parse(c.get("/raadet/anmodninger/ny").body)
    f = page.form("/raadet/anmodninger/ny")
    r = c.post("/raadet/anmodninger/ny", with_values(form_pairs(f), {"kind": "sparring", "project": "7", "timing": "efter",
                                                                      "challenge": f"Anmodning til afgørelse {TAG}"}))
    m = re.match(r"/raadet/anmodninger/(\d+)", r.location)
    if r.status != 303 or not m:
        raise RuntimeError(f"could not create a request ({r.status} {r.location})")
    form.ctx["req"] = m.group(1)


def cleanup_subtopics(form):
    c = client("bestyrelsessekretariat")
    body = c.get("/bestyrelse/punkter/9/rediger").body.decode()
    for sid in re.findall(r"\(EMN-2099-09999\) <form method=\"post\" action=\"/bestyrelse/emner/(\d+)/slet\"", body):
        c.post(f"/bestyrelse/emner/{sid}/slet", [("csrf_token", csrf_of(body.encode()))])


RICH = dict(link=True)
FORMS = [
    # ---- the board (bestyrelsen)
    Form("agenda item editor (item 1/7)", "bestyrelsessekretariat", "/bestyrelse/punkter/7/rediger", "/bestyrelse/punkter/7/rediger",
         [F("title"), F("case_officer"), F("resume", **RICH), F("indstilling", wrap="Det indstilles, at {}", link=True),
          F("sagsfremstilling", **RICH), F("oekonomi", **RICH), F("bemaerkninger", **RICH), F("kommunikation", **RICH)],
         views=[("anon", "/bestyrelse/moeder/1/punkter/7", "all"), ("anon", "/bestyrelse/moeder/1/pakke", "all"),
                ("bestyrelsessekretariat", "/bestyrelse/punkter/7/rediger", "all"), ("anon", "/bestyrelse/moeder/1", "safe"),
                ("anon", "/bestyrelse/moeder", "safe"), ("anon", "/", "safe"), ("bestyrelse", "/bestyrelse/moeder/1/punkter/7", "all"),
                ("anon", "/bestyrelse/soeg?q=Årsrapport", "safe"), ("anon", "/bestyrelse/moeder/1/referat", "safe"),
                ("anon", "/sitemap.xml", "status")],
         restore=True),
    # Meeting 1's minutes are approved (frozen, sql/025): a decision is written on meeting 2's item,
    # whose minutes are a draft that the public does not read yet: the secretariat reads it everywhere
    # (MinutesStatus.showsDecisions), the public's pages stay safe.
    Form("board decision (item 2/1)", "bestyrelsessekretariat", "/bestyrelse/moeder/2/punkter/1", "/bestyrelse/punkter/11/beslutning",
         [F("decision", **RICH)],
         views=[("bestyrelsessekretariat", "/bestyrelse/moeder/2/punkter/1", "all"), ("bestyrelsessekretariat", "/bestyrelse/moeder/2/referat", "all"),
                ("bestyrelsessekretariat", "/bestyrelse/moeder/2/pakke", "all"), ("anon", "/bestyrelse/moeder/2/punkter/1", "safe"),
                ("anon", "/bestyrelse/moeder/2/pakke", "safe")],
         restore=True),
    Form("sub-topic (item 1/9)", "bestyrelsessekretariat", "/bestyrelse/punkter/9/rediger", "/bestyrelse/punkter/9/emner",
         [F("subtopic_title"), F("subtopic_body", **RICH)],
         base={"subtopic_title": "Emne", "subtopic_case_number": "EMN-2099-09999", "subtopic_body": "Tekst"},
         views=[("anon", "/bestyrelse/moeder/1/punkter/9", "all"), ("anon", "/bestyrelse/moeder/1/pakke", "all"),
                ("bestyrelsessekretariat", "/bestyrelse/punkter/9/rediger", "short", {"subtopic_title"})],
         cleanup=cleanup_subtopics),
    Form("meeting editor (meeting 1)", "bestyrelsessekretariat", "/bestyrelse/moeder/1/rediger", "/bestyrelse/moeder/1/rediger",
         [F("title"), F("place")],
         views=[("anon", "/bestyrelse/moeder/1", "all"), ("anon", "/bestyrelse/moeder", "all", {"title"}), ("anon", "/bestyrelse/moeder/1/pakke", "all"),
                ("anon", "/bestyrelse/moeder/1/punkter/7", "safe"), ("anon", "/", "safe"), ("anon", "/bestyrelse/kalender.ics", "status"),
                ("bestyrelse", "/bestyrelse/moeder/1", "safe")],
         restore=True),
    Form("meeting editor, date and time fields (meeting 1)", "bestyrelsessekretariat", "/bestyrelse/moeder/1/rediger", "/bestyrelse/moeder/1/rediger",
         [F("date"), F("start"), F("end")], mode="refuse"),
    Form("agenda item editor, case number (item 1/7)", "bestyrelsessekretariat", "/bestyrelse/punkter/7/rediger", "/bestyrelse/punkter/7/rediger",
         [F("case_number")], mode="refuse"),
    Form("case number of a case (case 8)", "sekretariat", "/raadet/sager/8", "/raadet/sager/8/sagsnummer",
         [F("case_number")], mode="refuse"),
    Form("board member's private note (item 1/7)", "bestyrelse", "/bestyrelse/moeder/1/punkter/7", "/bestyrelse/moeder/1/punkter/7/note",
         [F("note")], views=[("bestyrelse", "/bestyrelse/moeder/1/punkter/7", "all")], restore=True),
    Form("new status note", "bestyrelsessekretariat", "/bestyrelse/statusnotater", "/bestyrelse/statusnotater",
         [F("title")], views=[("bestyrelsessekretariat", "/bestyrelse/statusnotater", "all")]),
    Form("status note version 1 (shown on item 1/2)", "bestyrelsessekretariat", "/bestyrelse/statusnotater/versioner/1",
         "/bestyrelse/statusnotater/versioner/1",
         [F("heading_0"), F("body_0", **RICH), F("refs_0", link=True)],
         views=[("anon", "/bestyrelse/moeder/1/punkter/2", "all"), ("bestyrelsessekretariat", "/bestyrelse/statusnotater/versioner/1", "all"),
                ("anon", "/bestyrelse/moeder/1/pakke", "safe"), ("anon", "/bestyrelse/moeder/2/punkter/1", "safe")],
         restore=True),
    Form("new agenda item, refused (meeting 3)", "bestyrelsessekretariat", "/bestyrelse/moeder/3/punkter/ny", "/bestyrelse/moeder/3/punkter",
         [F("title"), F("case_officer"), F("resume")], base={"case_number": "EMN-ugyldigt"}, mode="refuse"),
    # ---- the council (It-rådet)
    Form("intake form (draft case)", "projektleder", "/raadet/sager/{case}/indmelding", "/raadet/sager/{case}/indmelding",
         [F("name", unique=True), F("purpose"), F("other_bodies"), F("chair"), F("members"), F("contact"), F("reason_text")],
         base={"handling": "gem"}, setup=setup_intake,
         views=[("projektleder", "/raadet/sager/{case}", "short", {"name", "purpose", "other_bodies", "chair", "members", "contact"}), ("projektleder", "/raadet/sager/{case}/indmelding", "all"),
                ("projektleder", "/raadet/sager", "safe"), ("projektleder", "/raadet/projekter", "safe")]),
    Form("intake form, number and month fields", "projektleder", "/raadet/indmelding", "/raadet/indmelding",
         [F("budget"), F("regional_share"), F("desired_month")], base={"name": "Afvist indmelding", "handling": "gem"}, mode="refuse"),
    Form("recommendation letter (case 8, raadsmedlem1)", "raadsmedlem1", "/raadet/sager/8/brev/rediger", "/raadet/sager/8/brev/rediger",
         [F("statement", **RICH), F("profile_reason"), F("comment_k:teknologi"), F("rec_body_0", **RICH)],
         base={"profile_reason": "Begrundelse"},
         views=[("raadsmedlem1", "/raadet/sager/8/brev", "all"), ("raadsmedlem1", "/raadet/sager/8/brev/rediger", "all"),
                ("sekretariat", "/raadet/sager/8/brev", "all"), ("sekretariat", "/raadet/sager/8", "safe")],
         restore=True),
    Form("assessment observation (case 8, vurderer1)", "vurderer1", "/raadet/sager/8/vurdering", "/raadet/sager/8/observationer",
         [F("observation", **RICH)],
         views=[("vurderer1", "/raadet/sager/8/vurdering", "all"), ("sekretariat", "/raadet/sager/8/vurdering", "all")]),
    Form("dialogue meeting record (case 8)", "sekretariat", "/raadet/sager/8/vurdering", "/raadet/sager/8/dialogmoede",
         [F("participants"), F("notes", **RICH)], base={"held_on": "2.2.2026", "participants": "Projektleder og råd"},
         views=[("sekretariat", "/raadet/sager/8/vurdering", "all"), ("raadsmedlem1", "/raadet/sager/8/vurdering", "all")],
         restore=True),
    Form("case plan (case 9), refused and shown again", "sekretariat", "/raadet/sager/9/planlaegning", "/raadet/sager/9/planlaegning",
         [F("reason"), F("partner"), F("material")], base={"council": None, "assessors": None}, mode="refuse"),
    Form("request decision: declined with a message", "sekretariat", "/raadet/anmodninger/{req}", "/raadet/anmodninger/{req}/beslutning",
         [F("answer")], base={"beslutning": "afvis", "bekraeft": "ja"}, each=new_request,
         views=[("projektleder", "/raadet/anmodninger/{req}", "all"), ("sekretariat", "/raadet/anmodninger/{req}", "all"),
                ("projektleder", "/raadet/anmodninger", "safe")]),
    Form("request decision, refused and shown again", "sekretariat", "/raadet/anmodninger/{req}", "/raadet/anmodninger/{req}/beslutning",
         [F("answer"), F("planned_on")], base={"beslutning": "accepter", "council": None}, setup=new_request, mode="refuse"),
    Form("case decision (case 10), refused and shown again", "sekretariat", "/raadet/sager/10", "/raadet/sager/10/beslutning",
         [F("message"), F("decided_by")], base={"beslutning": None}, mode="refuse"),
    Form("case decision (case 10), NUL and 1 MB only", "sekretariat", "/raadet/sager/10", "/raadet/sager/10/beslutning",
         [F("message", payloads=["nul", "1mb"]), F("decided_by", payloads=["nul", "1mb"])],
         base={"beslutning": "afvis", "message": "Begrundelse", "decided_by": "Regionsdirektørkredsen"}, mode="refuse"),
    Form("sparring meeting minutes (meeting 5)", "sekretariat", "/raadet/sparring/5/referat", "/raadet/sparring/5/referat",
         [F("remarks", **RICH), F("rec_body_0", **RICH)],
         views=[("sekretariat", "/raadet/sparring/5", "all"), ("raadsmedlem1", "/raadet/sparring/5", "all"),
                ("sekretariat", "/raadet/sparring/5/referat", "all"), ("sekretariat", "/raadet/sparring", "safe")],
         restore=True),
    Form("new sparring meeting (topic)", "sekretariat", "/raadet/sparring/ny", "/raadet/sparring/ny",
         [F("topic")], base={"project": "2", "planned_on": "1.6.2027", "council": ["3", "4"]},
         views=[("sekretariat", "{loc}", "all"), ("sekretariat", "/raadet/sparring", "short")]),
    Form("sparring request (projektleder)", "projektleder", "/raadet/anmodninger/ny", "/raadet/anmodninger/ny",
         [F("challenge"), F("wished_dates")], base={"kind": "sparring", "project": "7", "timing": "foer", "challenge": "Udfordring"},
         views=[("projektleder", "{loc}", "all"), ("sekretariat", "{loc}", "all"), ("projektleder", "/raadet/anmodninger", "safe"),
                ("sekretariat", "/raadet/anmodninger", "safe")]),
    Form("request for a regional project's assessment (projektleder)", "projektleder", "/raadet/anmodninger/ny", "/raadet/anmodninger/ny",
         [F("project_name", unique=True), F("reason")],
         base={"kind": "regional_assessment", "asked_by": "regionerne", "project_name": "Regionalt projekt", "reason": "Fordi"},
         views=[("projektleder", "{loc}", "all"), ("sekretariat", "{loc}", "all"), ("sekretariat", "/raadet/anmodninger", "short", {"project_name"})]),
    Form("annual report editor (report 2, the demo's draft)", "sekretariat", "/aarsrapporter/2/rediger", "/aarsrapporter/2/rediger",
         [F("title"), F("foreword", **RICH), F("theme_title_0"), F("theme_body_0", **RICH), F("story_title_0"), F("story_body_0", **RICH)],
         views=[("sekretariat", "/aarsrapporter/2", "all"), ("sekretariat", "/aarsrapporter/2/rediger", "all"),
                ("sekretariat", "/aarsrapporter", "short", {"title"})],
         restore=True),
    Form("new annual report, refused", "sekretariat", "/aarsrapporter/ny", "/aarsrapporter/ny",
         [F("title"), F("from_year"), F("to_year")], base={"from_year": "2031", "to_year": "2030"}, mode="refuse"),
    Form("library document (public)", "sekretariat", "/it-raadet/materialer/{doc}", "/it-raadet/materialer/{doc}",
         [F("title"), F("description", **RICH), F("position")], setup=setup_library,
         views=[("anon", "/it-raadet/materialer", "all", {"title", "description"}), ("sekretariat", "/it-raadet/materialer/{doc}", "all")]),
    Form("council contact text (public page)", "sekretariat", "/it-raadet/kontakt", "/it-raadet/kontakt",
         [F("body", **RICH)], views=[("anon", "/it-raadet", "all"), ("sekretariat", "/it-raadet/kontakt", "all")], restore=True),
    # ---- accounts
    Form("admin: user direktoer's name and e-mail", "admin", "/admin/brugere/{user}", "/admin/brugere/{user}",
         [F("full_name"), F("email")], setup=setup_user,
         views=[("admin", "/admin/brugere", "all", {"full_name"}), ("admin", "/admin/brugere/{user}", "all"), ("direktoer", "/konto", "all"),
                ("direktoer", "/raadet/sager", "safe"), ("admin", "/admin/log", "safe")],
         restore=True),
    Form("admin: new user, refused (username)", "admin", "/admin/brugere/ny", "/admin/brugere",
         [F("username")], base={"full_name": "Ny Bruger", "password": ""}, mode="refuse"),
    Form("own password change, refused", "raadsmedlem2", "/konto", "/konto/adgangskode",
         [F("current"), F("new")], base={"current": "forkert-adgangskode", "new": "x", "repeat": "y"}, mode="refuse"),
    Form("login form, refused (username shown again)", "anon", "/login", "/login", [F("username")], base={"password": ""}, mode="refuse"),
]

# GET forms and query parameters that are shown on the page again.
QUERIES = [
    ("search (anonymous)", "anon", "/bestyrelse/soeg?q={}"),
    ("search (board member)", "bestyrelse", "/bestyrelse/soeg?q={}"),
    ("overview filter", "sekretariat", "/raadet/overblik?aar={}&region={}"),
    ("login ?next=", "anon", "/login?next={}"),
    ("status message ?besked=", "projektleder", "/raadet/sager?besked={}"),
    ("pager ?side=", "admin", "/admin/log?side={}"),
    ("audit log filter (period)", "admin", "/admin/log?objekt=case&fra={}"),
    ("audit log filter (number)", "admin", "/admin/log?objekt=case&id={}"),
]

# ---------------------------------------------------------------- the run

checks = 0
failures = []


def fail(where, why):
    failures.append(f"{where}: {why}")
    print(f"    FAIL {where}: {why}")


def safe_page(where, resp, expect_html=True):
    """The answer parses as UTF-8 HTML and carries nothing executable. Returns the parsed page."""
    page = parse(resp.body)
    if page is None:
        fail(where, "the page is not valid UTF-8")
        return None
    if page.dangers:
        fail(where, f"injected markup: {', '.join(sorted(set(page.dangers))[:4])}")
    return page


def payloads_for(field):
    items = list(PAYLOADS) + (LINK_PAYLOADS if field.link else [])
    if field.payloads:
        items = [p for p in items if p[0] in field.payloads]
    if QUICK:
        items = [p for p in items if p[0] != "1mb"]
    return items


def run_form(form):
    global checks
    if form.setup:
        try:
            form.setup(form)
        except Exception as e:
            fail(form.name, f"setup: {e}")
            return
    c = client(form.user)
    for field in form.fields:
        outcomes = []
        state = {"original": None}
        try:
            for key, value in payloads_for(field):
                value = field.wrap.format(payload_value(key, value))
                if field.unique:
                    value = f"{value} {TAG}"
                where = f"{form.name} › {field.name} › {key}"
                if form.each:
                    try:
                        form.each(form)
                    except Exception as e:
                        fail(where, f"setup: {e}")
                        outcomes.append(f"{key}=FAIL")
                        continue
                page_resp = c.get(form.fmt(form.page))
                page = parse(page_resp.body)
                f = page.form(form.fmt(form.action)) if page else None
                if page_resp.status != 200 or f is None:
                    fail(where, f"form {form.fmt(form.action)} not found on {form.fmt(form.page)} ({page_resp.status})")
                    outcomes.append(f"{key}=FAIL")
                    continue
                if state["original"] is None:
                    state["original"] = form_pairs(f)
                pairs = with_values(form_pairs(f), form.base)
                r = c.post(form.fmt(form.action), with_values(pairs, {field.name: value}))
                checks += 1
                n_fail = len(failures)
                outcome = check_answer(where, form, field, key, value, r)
                if len(failures) > n_fail and "FAIL" not in outcome:
                    outcome += "!"
                outcomes.append(f"{key}={outcome}")
                if form.cleanup:
                    form.cleanup(form)
        finally:
            # Put the record back as it was, even when a check above crashed.
            if form.restore and state["original"] is not None:
                restore(form, state["original"], field)
        print(f"  {form.name} › {field.name}: " + " ".join(outcomes))


def check_answer(where, form, field, key, value, r):
    if r.status == 0 or r.status >= 500:
        fail(where, f"status {r.status}" + (f" ({r.body[:80]!r})" if r.status == 0 else ""))
        return "FAIL"
    page = safe_page(where + " (answer)", r)
    if 400 <= r.status < 500:
        if r.status not in (400, 413, 422, 429) and not (r.status == 401 and form.action == "/login"):
            fail(where, f"unexpected status {r.status}")
            return "FAIL"
        if not danish_message(page):
            fail(where, f"refused with {r.status} but without a Danish message")
            return "FAIL"
        return f"refused({r.status})"
    if form.mode == "refuse":
        if r.status == 200 and page is not None and danish_message(page) and re.search(r"error-summary|field-error", r.body.decode(errors="replace")):
            return "refused(200)"
        if key in ("nul", "1mb", "link-nul"):
            fail(where, f"accepted ({r.status}); expected a refusal")
            return "FAIL"
        return f"{r.status}"
    # Stored (redirect or 200): the redirect target and every page that shows the value.
    loc = ""
    if 300 <= r.status < 400:
        loc = urllib.parse.urlsplit(r.location).path
        target = client(form.user).get(r.location.split("#")[0] if r.location.startswith("/") else "/")
        if target.status != 200:
            fail(where, f"the redirect to {r.location} answers {target.status}")
        else:
            safe_page(where + f" ({r.location})", target)
    missing = []
    for view in form.views:
        user, path, level = view[:3]
        if len(view) > 3 and field.name not in view[3] and level in ("all", "short"):
            level = "safe"
        path = form.fmt(path.replace("{loc}", loc)) if "{loc}" in path else form.fmt(path)
        v = client(user).get(path)
        if v.status != 200:
            fail(where, f"{path} as {user} answers {v.status}")
            continue
        if level == "status":
            continue
        vp = safe_page(where + f" ({path} as {user})", v)
        if vp is None or key in ("nul", "link-nul"):
            continue
        if level == "all" or (level == "short" and len(value) < 1000):
            if not vp.contains(value) and not vp.contains(value.strip()):
                missing.append(f"{path} as {user}")
    if missing:
        fail(where, f"stored ({r.status}) but not shown unchanged on {', '.join(missing)}")
        return "FAIL"
    if key in ("nul", "link-nul"):
        return f"stored({r.status})"
    return "ok"


def restore(form, original, field):
    c = client(form.user)
    page = parse(c.get(form.fmt(form.page)).body)
    f = page.form(form.fmt(form.action)) if page else None
    if f is None:
        fail(form.name, "cannot restore: form not found")
        return
    fresh = dict(form_pairs(f))
    # The original values, with the fresh CSRF token and version.
    pairs = [(k, fresh.get(k, v) if k in ("csrf_token", "version") else v) for k, v in original]
    r = c.post(form.fmt(form.action), pairs)
    if not (300 <= r.status < 400):
        fail(form.name, f"restoring {field.name} answered {r.status}")


def run_queries():
    global checks
    for name, user, template in QUERIES:
        if ONLY and ONLY not in name:
            continue
        outcomes = []
        for key, value in PAYLOADS + LINK_PAYLOADS:
            value = payload_value(key, value)
            if key == "1mb":
                value = value[:20_000]  # a URL of 1 MB is refused by the HTTP parser (400) before the app
            q = urllib.parse.quote(value, safe="")
            r = client(user).get(template.replace("{}", q))
            checks += 1
            where = f"{name} › {key}"
            if r.status == 0 or r.status >= 500:
                fail(where, f"status {r.status}")
                outcomes.append(f"{key}=FAIL")
                continue
            page = safe_page(where, r)
            if 400 <= r.status < 500 and not danish_message(page):
                fail(where, f"{r.status} without a Danish message")
                outcomes.append(f"{key}=FAIL")
                continue
            outcomes.append(f"{key}={r.status}")
        print(f"  {name}: " + " ".join(outcomes))


def run_redirects():
    """The login form's hidden `next` field: after a successful login the app may only redirect to a
    path of its own (no open redirect, no javascript: URL)."""
    global checks
    if ONLY and ONLY not in "login redirect":
        return
    outcomes = []
    for target in ["javascript:alert(1)", "//evil.example/x", "/\\evil.example", "https://evil.example/", "/%0d%0aSet-Cookie:x=1",
                   "\"><script>alert(1)</script>"]:
        c = Client()
        page = c.get("/login?next=" + urllib.parse.quote(target, safe=""))
        checks += 1
        where = f"login redirect › {target!r}"
        p = safe_page(where + " (form)", page)
        f = p.form("/login") if p else None
        if f is None:
            fail(where, "no login form")
            continue
        r = c.post("/login", with_values(form_pairs(f), {"username": "raadsmedlem2", "password": PASSWORD, "next": target}))
        loc = r.location
        if r.status != 303 or not loc.startswith("/") or loc.startswith("//") or loc.startswith("/\\") or "\r" in loc or "\n" in loc:
            fail(where, f"{r.status} to {loc!r}")
            outcomes.append("FAIL")
        else:
            outcomes.append(loc)
    print("  login redirect (next=): " + " ".join(outcomes))


def main():
    t0 = time.monotonic()
    r = Client().get("/healthz")
    if r.status != 200:
        print(f"Hostile FAILED: {BASE}/healthz answers {r.status}", file=sys.stderr)
        sys.exit(1)
    print(f"Hostile input round trip against {BASE} (tag {TAG}):")
    for form in FORMS:
        if ONLY and ONLY not in form.name:
            continue
        run_form(form)
    run_queries()
    run_redirects()
    # The tables are all still there (the SQL payload was only text).
    r = client("admin").get("/admin/brugere")
    if r.status != 200 or b"direktoer" not in r.body:
        fail("users table", f"/admin/brugere answers {r.status}")
    r = Client().get("/healthz")
    if r.status != 200:
        fail("healthz at the end", str(r.status))
    elapsed = time.monotonic() - t0
    slow = sorted(TIMINGS, reverse=True)[:5]
    print(f"  {len(TIMINGS)} requests, {sum(t[0] for t in TIMINGS):.0f} s waiting for the app; slowest: "
          + "; ".join(f"{m} {p} ({n // 1024} KB) {t:.1f}s" for t, m, p, n in slow))
    if failures:
        print(f"Hostile FAILED: {len(failures)} failures in {checks} checks ({elapsed:.0f} s):", file=sys.stderr)
        for f in failures:
            print("  " + f[:300], file=sys.stderr)
        sys.exit(1)
    print(f"Hostile: {checks} checks passed ({elapsed:.0f} s)")


if __name__ == "__main__":
    main()
