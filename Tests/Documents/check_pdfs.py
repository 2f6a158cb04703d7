#!/usr/bin/env python3
"""The PDFs the portal writes itself, fetched from the running app as their readers and read by
real tools: the annual report (a draft, then published) and a sent recommendation letter.

    BASE=http://127.0.0.1:PORT python3 Tests/Documents/check_pdfs.py

Run it against a throwaway demo database: it writes a foreword into the annual report draft of
the demo (through the report editor's form, as the secretariat would) and publishes the report.
For each PDF:
  - qpdf --check: the file's syntax and streams;
  - pdffonts: every font embedded (and subset, with a Unicode map);
  - pdfua (PyPI): the machine-checkable part of PDF/UA-1, no finding at all; the rules it could not
    evaluate are named, and the one whose check breaks on current pikepdf (UA-14-001, headings not
    empty) is done here instead;
  - pikepdf: PDF/A-2 identified in the XMP (pdfaid part 2 and a conformance level) beside PDF/UA-1
    (pdfuaid part 1), an sRGB output intent with its profile, every font with its font file, no
    encryption, /Lang da, the title shown (DisplayDocTitle), marked and tagged with the structure
    the document has (headings, tables with header cells that have a scope, lists; the report's
    Figur 2 and Figur 3 as figures with alternative text);
  - pdftotext: the text reads back, "≥ → Łukasz Ševčík „citat“" and æøå unchanged, "side 1 af N".
The same letter fetched by two readers is the same file (one rendering per version, any reader).
Prints one line per check and "Documents: N checks passed"; exits 1 on a failure.
"""
import html.parser
import http.client
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pikepdf

BASE = os.environ.get("BASE", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port or 80
UNICODE = "≥ → Łukasz Ševčík „citat“"
DANISH = "æøå ÆØÅ"
FOREWORD = f"Forord med tegn ud over Latin-1: {UNICODE}.\n\nOg de danske bogstaver {DANISH} som de er."
OUT = tempfile.mkdtemp(prefix="raadsportal-pdfs-")

passed = 0
failures = []


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print(f"  ok    {name}")
    else:
        failures.append(name)
        print(f"  FAIL  {name}{': ' + detail if detail else ''}")


def request(method, path, body=None, headers=None, timeout=60):
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read(), r.headers.get_all("Set-Cookie") or []
    finally:
        c.close()


def cookie_value(set_cookies, name):
    for sc in set_cookies:
        k, _, v = sc.split(";")[0].partition("=")
        if k.strip() == name and v:
            return v
    return None


def login(user):
    status, _, body, cookies = request("GET", "/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "username": user, "password": PASSWORD})
    status, _, _, cookies2 = request(
        "POST", "/login", form, {"Cookie": f"rp_pre={cookie_value(cookies, 'rp_pre')}", "Content-Type": "application/x-www-form-urlencoded"})
    session = cookie_value(cookies2, "rp_session")
    if status != 303 or not session:
        print(f"Documents FAILED: cannot log in as {user} (status {status})", file=sys.stderr)
        sys.exit(1)
    return f"rp_session={session}"


class FormReader(html.parser.HTMLParser):
    """The fields of the first form whose action is `action`, as a browser would send them."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self.textarea = action, False, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("action") == self.action:
            self.inside = True
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif self.inside and tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def submit(session, page, action, changes):
    """Opens `page`, fills in the form posting to `action` with `changes`, and sends it."""
    status, _, body, _ = request("GET", page, headers={"Cookie": session})
    reader = FormReader(action)
    reader.feed(body.decode())
    fields = [(k, changes.get(k, v)) for k, v in reader.fields]
    status, headers, body, _ = request(
        "POST", action, urllib.parse.urlencode(fields), {"Cookie": session, "Content-Type": "application/x-www-form-urlencoded"})
    return status, headers, body


def fetch_pdf(session, path, name, limit=90):
    """The PDF at `path`: a document not yet rendered answers 202 with Retry-After, so ask again
    as told until it is there. Returns (bytes, seconds waited, how many 202s)."""
    started, pending = time.monotonic(), 0
    while True:
        t0 = time.monotonic()
        status, headers, body, _ = request("GET", path, headers={"Cookie": session})
        took = time.monotonic() - t0
        # A request never waits on a render for more than about a second.
        if took > 2.0:
            check(f"{name}: a request answers within 2 s (took {took:.1f} s)", False)
        if status == 200:
            check(f"{name}: application/pdf", headers.get("content-type") == "application/pdf", headers.get("content-type", ""))
            with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
                f.write(body)
            return body, time.monotonic() - started, pending
        if status != 202 or "retry-after" not in headers or "Dokumentet dannes" not in body.decode(errors="replace"):
            check(f"{name}: 200 or 202 with Retry-After", False, f"status {status}")
            return None, 0, pending
        pending += 1
        if time.monotonic() - started > limit:
            check(f"{name}: rendered within {limit} s", False)
            return None, 0, pending
        time.sleep(int(headers["retry-after"]))


def run(args, data=None):
    return subprocess.run(args, input=data, capture_output=True)


def text_of(pdf_bytes):
    return run(["pdftotext", "-enc", "UTF-8", "-", "-"], pdf_bytes).stdout.decode("utf-8")


def struct_elements(pdf):
    """Every structure element, depth first, with its parent's tag."""
    out = []

    def walk(element, parent):
        out.append((element, parent))
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") != "/MCR":
                walk(kid, element.get("/S"))

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        kids = root.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid, None)
    return out


def marks_content(element):
    """True when the element or a descendant marks page content (an MCID or a marked-content reference)."""
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int) and not isinstance(kid, bool):
            return True
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR" or ("/S" in kid and marks_content(kid)):
                return True
    return False


def read_book(data):
    """Pages' text (pdftotext), bookmarks (pikepdf) and qpdf's verdict of a board book."""
    path = os.path.join(OUT, "book-check.pdf")
    with open(path, "wb") as f:
        f.write(data)
    qpdf = run(["qpdf", "--check", path])
    pages = run(["pdftotext", "-enc", "UTF-8", path, "-"]).stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        bookmarks = [(item.title, [child.title for child in item.children]) for item in outline.root]
    return qpdf.returncode == 0, pages, bookmarks


def check_board_book(member_session):
    secret = ["Økonomiforhandlingerne for 2023", "mandatrammen", "EMN-2022-00517"]
    for who, session in (("member", member_session), ("public", "")):
        data, waited, pending = fetch_pdf(session, "/bestyrelse/moeder/1/moedebog.pdf", f"book-{who}")
        print(f"        (board book for the {who} built after {waited:.1f} s, {pending} × 202)")
        if not data:
            continue
        ok, pages, bookmarks = read_book(data)
        text = "\n".join(pages)
        check(f"book ({who}): qpdf --check", ok)
        check(f"book ({who}): Side n af N on every page", all(f"Side {i} af {len(pages)}" in p for i, p in enumerate(pages, 1)))
        check(f"book ({who}): the PDF attachment's text is in it", "tolkeudgifterne" in text)
        check(f"book ({who}): the converted DOCX and XLSX", "arkitekturprincipperne" in text and "Kvartalsmøderne" in text)
        confidential = [p for p in pages if p.lstrip().startswith("Fortroligt")]  # the head of the page
        if who == "member":
            check("book (member): a bookmark per item", len(bookmarks) == 11, str([b[0] for b in bookmarks]))
            check("book (member): the confidential item and its attachment", all(s in text for s in secret))
            check("book (member): confidential pages carry the reader's name",
                  confidential and all("Udleveret til Bente Bestyrelsesmedlem" in p for p in confidential))
            check("book (member): public pages carry neither", all("Udleveret til" not in p for p in pages if p not in confidential))
        else:
            check("book (public): nothing confidential", not any(s in text for s in secret) and not confidential and "Udleveret til" not in text)
            check("book (public): the withheld items only as N (Fortrolig)", "1 (Fortrolig)" in text)
            check("book (public): a bookmark per public item", len(bookmarks) == 6, str([b[0] for b in bookmarks]))


def check_pdf(name, data, expected_text, figures=()):
    path = os.path.join(OUT, name + ".pdf")
    with open(path, "wb") as f:
        f.write(data)

    # qpdf: exit 0 means no errors and no warnings.
    r = run(["qpdf", "--check", path])
    check(f"{name}: qpdf --check", r.returncode == 0, r.stdout.decode()[-300:] + r.stderr.decode()[-300:])

    # pdffonts: every font embedded, subset and with a Unicode map.
    rows = run(["pdffonts", path]).stdout.decode().splitlines()[2:]
    fonts = [re.split(r"\s+", row.strip()) for row in rows if row.strip()]
    check(f"{name}: pdffonts lists {len(fonts)} fonts, all embedded, subset, with Unicode",
          fonts and all(f[-5:-2] == ["yes", "yes", "yes"] for f in fonts), "\n".join(rows))

    # pdfua: no finding at all.
    r = run([sys.executable, "-m", "pdfua", "check", "--format", "json", path])
    try:
        report = json.loads(r.stdout.decode())
    except ValueError:
        report = {"summary": {"findings": -1}, "findings": [], "skipped": []}
    summary = report["summary"]
    skipped = [s["rule_id"] for s in report.get("skipped", [])]
    check(f"{name}: pdfua finds nothing ({summary.get('rules_run')} rules run; not evaluated: {', '.join(skipped) or 'none'})",
          r.returncode == 0 and summary["findings"] == 0,
          "; ".join(f"{f.get('rule_id')}: {f.get('message')}" for f in report.get("findings", []))[:800])
    check(f"{name}: pdfua evaluates every implemented rule but UA-14-001", set(skipped) <= {"UA-14-001"}, ", ".join(skipped))

    pdf = pikepdf.open(path)
    meta = pdf.open_metadata()
    check(f"{name}: XMP says PDF/A-2 (pdfaid part {meta.get('pdfaid:part')}, conformance {meta.get('pdfaid:conformance')})",
          meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") in ("A", "B", "U"))
    check(f"{name}: XMP says PDF/UA-1 (pdfuaid part {meta.get('pdfuaid:part')})", meta.get("pdfuaid:part") == "1")
    title = meta.get("dc:title")
    check(f"{name}: title '{title}' in the XMP and the document information",
          bool(title) and str(pdf.docinfo.get("/Title", "")) == title)
    intents = pdf.Root.get("/OutputIntents")
    check(f"{name}: a PDF/A output intent with its ICC profile",
          intents is not None and any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents))
    check(f"{name}: not encrypted", not pdf.is_encrypted)
    check(f"{name}: /Lang da", str(pdf.Root.get("/Lang", "")) == "da")
    check(f"{name}: the title shown (DisplayDocTitle)", bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)))
    check(f"{name}: marked (MarkInfo)", bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)))
    unembedded = []
    for page in pdf.pages:
        for key, font in (page.Resources.get("/Font") or {}).items():
            fonts_to_check = [font] + list(font.get("/DescendantFonts", []))
            if not any("/FontDescriptor" in f and any(k in f.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for f in fonts_to_check):
                unembedded.append(str(font.get("/BaseFont")))
    check(f"{name}: every font on every page has its font file", not unembedded, ", ".join(unembedded))

    elements = struct_elements(pdf)
    tags = [str(e.get("/S")) for e, _ in elements]
    headings = [e for e, _ in elements if re.fullmatch(r"/H[1-6]", str(e.get("/S")))]
    check(f"{name}: tagged with {tags.count('/H1')} H1, {len(headings)} headings, {tags.count('/Table')} tables, {tags.count('/L')} lists",
          tags.count("/H1") == 1 and len(headings) > 3 and "/Table" in tags and "/L" in tags and "/LI" in tags)
    check(f"{name}: no heading is empty (UA-14-001, checked here)", all(marks_content(h) for h in headings))
    header_cells = [e for e, _ in elements if e.get("/S") == "/TH"]
    scopes = {str(e.get("/A", {}).get("/Scope")) for e in header_cells}
    check(f"{name}: {len(header_cells)} table header cells, each with a scope ({', '.join(sorted(scopes))})",
          header_cells and scopes <= {"/Column", "/Row"})
    figure_alts = [str(e.get("/Alt", "")) for e, _ in elements if e.get("/S") == "/Figure"]
    check(f"{name}: {len(figure_alts)} figures, each with alternative text", all(figure_alts))
    for figure in figures:
        check(f"{name}: {figure} is a figure with alternative text", any(a.startswith(figure) for a in figure_alts), "; ".join(figure_alts))

    text = text_of(data)
    pages = len(pdf.pages)
    for expected in expected_text + [f"side 1 af {pages}", f"side {pages} af {pages}"]:
        check(f"{name}: reads back '{expected}'", expected in text)
    return text


try:
    secretariat = login("sekretariat")

    # The annual report 2020–2021, published in the demo as in reality: its figures, tables and charts.
    data, waited, pending = fetch_pdf(secretariat, "/aarsrapporter/1/pdf", "report-2021")
    print(f"        (report 2020–2021 rendered after {waited:.1f} s, {pending} × 202)")
    if data:
        check_pdf("report-2021", data,
                  ["Årsrapport 2021", "offentliggjort 31. marts 2022", "Forord", "Tabel 1", "Figur 2", "Tallene bag figur 2", "Figur 3",
                   "Tallene bag figur 3", "It-rådets medlemmer"],
                  figures=("Figur 2", "Figur 3"))

    # The demo's draft (2022–2023, no figures of its own yet), with a foreword in more than Latin-1.
    status, headers, _ = submit(secretariat, "/aarsrapporter/2/rediger", "/aarsrapporter/2/rediger", {"foreword": FOREWORD})
    check("report: the foreword is saved through the editor", status == 303, f"status {status}")
    data, waited, pending = fetch_pdf(secretariat, "/aarsrapporter/2/pdf", "report-draft")
    print(f"        (draft rendered after {waited:.1f} s, {pending} × 202)")
    if data:
        check_pdf("report-draft", data, [UNICODE, DANISH, "Forord", "kladde", "Tabel 1", "Figur 2", "Tallene bag figur 2", "It-rådets medlemmer"],
                  figures=("Figur 2",))
        again, _, pending = fetch_pdf(secretariat, "/aarsrapporter/2/pdf", "report-draft-again")
        check("report: the same version is served from the store at once", again == data and pending == 0)

    # Published: the frozen report, whose PDF the publishing asked for.
    status, _, _ = submit(secretariat, "/aarsrapporter/2/offentliggoer", "/aarsrapporter/2/offentliggoer", {})
    check("report: published", status == 303, f"status {status}")
    # The render job runs within a second or two of being asked; a request arriving after that
    # finds the PDF stored.
    time.sleep(10)
    data, waited, pending = fetch_pdf("", "/aarsrapporter/2/pdf", "report-published")
    check(f"report: the published PDF was rendered when it was published ({pending} × 202)", pending == 0)
    if data:
        check_pdf("report-published", data, [UNICODE, DANISH, "offentliggjort", "Figur 2"], figures=("Figur 2",))

    # The sent letter of case 1, as the secretariat and as a director.
    data, waited, pending = fetch_pdf(secretariat, "/raadet/sager/1/brev/pdf", "letter")
    print(f"        (letter rendered after {waited:.1f} s, {pending} × 202)")
    if data:
        check_pdf("letter", data,
                  ["Regionernes It-råd", "Dampfærgevej 22", "Sagsnr. EMN-2020-00112", "opdigtet demo-nummer", "Dato: 28. april 2020",
                   "Jens Aagaard Nielsen, formand for projektets styregruppe", "Til orientering", "Anbefalingsbrev", "LUNA",
                   "Kompleksitet og kritiske risici", "Ny eller kompleks teknologi", "Risikoprofil", "Projekttilrettelæggelse",
                   "Underskrifter", "godkendt", "æ", "ø", "å"])
        director = login("direktoer")
        other, _, _ = fetch_pdf(director, "/raadet/sager/1/brev/pdf", "letter-director")
        check("letter: a director gets the same file", other == data)

    # The board book of the demo meeting (issue 21), as a board member and as the public: qpdf
    # --check, a bookmark per item, "Side n af N" on every page, "Fortroligt" and the reader's name on
    # the confidential pages only, nothing confidential in the public copy. The attachments are read
    # (and the book built) by the job runner: asked again as told until it is there.
    check_board_book(login("bestyrelse"))
finally:
    pass

print(f"PDFs kept in {OUT}")
if failures:
    print(f"Documents FAILED: {len(failures)} of {passed + len(failures)} checks", file=sys.stderr)
    sys.exit(1)
print(f"Documents: {passed} checks passed")
