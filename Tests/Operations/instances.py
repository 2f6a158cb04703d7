#!/usr/bin/env python3
"""Two instances of the app on one database behind nginx (round robin): a user logs in through one
and acts through the other, a file uploaded through one downloads through the other, and the
request log holds the request id but never a password, session id, CSRF token or confidential text.

    BASE=http://127.0.0.1:NGINX LOGS=a.log,b.log python3 Tests/Operations/instances.py

nginx adds `X-Upstream` (the instance that answered) to every response, so the test can see which
instance served what. Exits non-zero on the first failure."""
import http.cookiejar
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ["BASE"]
LOGS = os.environ["LOGS"].split(",")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect()), jar


def call(opener, path, data=None, headers=None, content_type=None):
    body = None
    if isinstance(data, dict):
        body = urllib.parse.urlencode(data).encode()
        content_type = "application/x-www-form-urlencoded"
    elif data is not None:
        body = data
    req = urllib.request.Request(BASE + path, data=body, headers=headers or {})
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def csrf(html):
    m = re.search(rb'name="csrf_token" value="([^"]+)"', html)
    assert m, "a form with a CSRF token"
    return m.group(1).decode()


def check(condition, what):
    if not condition:
        print(f"Instances FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def login(user):
    opener, jar = client()
    _, _, page = call(opener, "/login")
    status, headers, _ = call(opener, "/login", {"csrf_token": csrf(page), "username": user, "password": PASSWORD})
    check(status == 303, f"{user} logs in (got {status})")
    return opener, jar, headers.get("X-Upstream")


steps = []
# Round robin: consecutive requests are answered by both instances.
anonymous, _ = client()
seen = {call(anonymous, "/healthz")[1].get("X-Upstream") for _ in range(4)}
check(len(seen) == 2, f"both instances answer through nginx (saw {seen})")
steps.append("nginx spreads requests over both instances")

# Logged in through one instance, the session works on the other: it lives in PostgreSQL.
board, jar, login_upstream = login("bestyrelse")
session = next((c.value for c in jar if "session" in c.name), "")
check(session, "a session cookie is set")
served = set()
for _ in range(4):
    status, headers, page = call(board, "/bestyrelse/moeder/1/punkter/3")
    check(status == 200, f"the board member reads confidential item 3 (got {status})")
    served.add(headers.get("X-Upstream"))
confidential_title = re.search(rb'<h1[^>]*>(.*?)</h1>', page, re.S).group(1).decode()
confidential_title = re.sub(r"<[^>]+>", " ", confidential_title).split("Fortrolig")[-1].strip(" )\n")
check(len(served) == 2, f"logged in through {login_upstream}, served by both instances {served}")
steps.append("a session made on one instance is honoured by the other")

# A form posted through one instance with the CSRF token the other issued.
status, headers, page = call(board, "/bestyrelse/moeder/1/punkter/7")
token = csrf(page)
first = headers.get("X-Upstream")
status, headers, _ = call(board, "/bestyrelse/moeder/1/punkter/7/note", {"csrf_token": token, "note": "Notat gemt gennem den anden instans."})
check(status == 303, f"a note is saved with the other instance's token (got {status})")
check(headers.get("X-Upstream") != first, "the POST went to the other instance")
steps.append("a form from one instance is accepted by the other (CSRF token in PostgreSQL)")

# Upload through one instance, download through the other.
secretariat, _, _ = login("bestyrelsessekretariat")
_, headers, page = call(secretariat, "/bestyrelse/moeder/1/punkter/2")
boundary = "----raadsportal-instances"
pdf = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 10000 + b"%%EOF\n"
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf(page)}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Instanser.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
    + pdf + f"\r\n--{boundary}--\r\n".encode()
status, headers, _ = call(secretariat, "/bestyrelse/punkter/2/bilag", body, content_type=f"multipart/form-data; boundary={boundary}")
check(status == 303, f"the upload is stored (got {status})")
uploaded_by = headers.get("X-Upstream")
_, _, page = call(secretariat, "/bestyrelse/moeder/1/punkter/2")
href = re.findall(rb'href="(/bestyrelse/bilag/\d+)"', page)[-1].decode()
downloads = {}
for _ in range(3):
    status, headers, data = call(anonymous, href)
    check(status == 200 and data == pdf, f"the file downloads whole (got {status}, {len(data)} bytes)")
    downloads[headers.get("X-Upstream")] = True
check(any(u != uploaded_by for u in downloads), f"uploaded through {uploaded_by}, downloaded through {list(downloads)}")
steps.append("a file uploaded through one instance downloads through the other")

# The request id is taken from the header, echoed, and logged; secrets never are.
status, headers, _ = call(board, "/bestyrelse/moeder/1", headers={"X-Request-Id": "drift-test-4711"})
check(headers.get("X-Request-Id") == "drift-test-4711", "the request id is echoed")
log = "".join(open(path, encoding="utf-8", errors="replace").read() for path in LOGS)
check("drift-test-4711" in log, "the request id is in the log")
check(any("drift-test-4711" in line and "/bestyrelse/moeder/{id}" in line and "status=200" in line for line in log.splitlines()), "one line holds the request id, the route pattern and the status")
for secret, name in [(PASSWORD, "the password"), (session, "the session id"), (token, "the CSRF token"),
                     (confidential_title, "the confidential item's title")]:
    check(secret and secret not in log, f"{name} is not in the log")
steps.append("the log follows a request by its id and holds no password, session id, CSRF token or confidential text")

for i, s in enumerate(steps, 1):
    print(f"  {i}. {s}")
print(f"Instances: {len(steps)} checks passed")
