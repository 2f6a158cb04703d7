#!/usr/bin/env python3
"""The portal's e-mail against a real relay: aiosmtpd (PyPI) with STARTTLS on a certificate from a
CA made here, and AUTH. Runs the release app on a database with the demo data:

    APP=.build/release/raadsportal DATABASE_URL=postgresql://…/mail python3 Tests/Mail/relay.py

1. An instance that does not trust the relay's CA sends nothing: the outbox records the TLS failure.
2. Two instances that trust it deliver the waiting message once, over STARTTLS with AUTH; Python's
   e-mail parser and SpamAssassin (Debian, local tests only) find every header; no line over 78.
3. The relay is stopped, a change notifies, the relay starts again: the message arrives once.
4. The relay refuses for a while (451 for all), then 550 for one address: the others arrive after
   retries, that one is failed with the relay's answer; /metrics counts retried and failed.
5. A reminder is due (a fixed REMINDERS_NOW, scans every second on both instances): it arrives once.
Exits non-zero on the first failure."""
import atexit
import email
import email.header
import email.policy
import http.cookiejar
import logging
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

APP = os.environ["APP"]
DATABASE_URL = os.environ["DATABASE_URL"]
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
TMP = tempfile.mkdtemp(prefix="raadsportal-mail-")
DOMAIN = "raadsportal.example.dk"
steps = []
apps = []


@atexit.register
def stop_apps():
    # Whatever happens, no instance outlives the test (it would go on polling the database).
    for p, _ in apps:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)


def check(condition, what):
    if not condition:
        print(f"Mail FAILED: {what}", file=sys.stderr)
        for p, log in apps:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
            print(f"--- {log}", file=sys.stderr)
            print(open(log).read()[-4000:], file=sys.stderr)
        sys.exit(1)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sql(query):
    out = subprocess.run(["psql", DATABASE_URL, "-qAtX", "-c", query], capture_output=True, text=True)
    check(out.returncode == 0, f"psql: {out.stderr}")
    return out.stdout.strip()


def wait_for(what, condition, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    check(False, f"waited {seconds} s for {what}")


# --- Certificates: a CA made here, and the relay's certificate for localhost signed by it.
def openssl(*args):
    r = subprocess.run(["openssl", *args], capture_output=True, text=True, cwd=TMP)
    check(r.returncode == 0, f"openssl {args[0]}: {r.stderr}")


openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Raadsportal test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "relay.key", "-out", "relay.csr", "-subj", "/CN=localhost")
with open(os.path.join(TMP, "relay.ext"), "w") as f:
    f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
openssl("x509", "-req", "-in", "relay.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "relay.pem", "-days", "2",
        "-extfile", "relay.ext")


# --- The relay.
class Relay:
    """Keeps what it accepts; `refuse` decides an answer per recipient (None: accept)."""

    def __init__(self):
        self.messages = []
        self.refuse = lambda address: None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({
            "to": list(envelope.rcpt_tos), "data": envelope.original_content, "tls": session.ssl is not None,
            "auth": session.authenticated,
        })
        return "250 2.0.0 Ok: queued as test"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"raad" and auth_data.password == b"hemmelig kode"
    return AuthResult(success=ok)


relay = Relay()
# aiosmtpd logs the refused handshake of step 1 with a traceback: the test checks the outcome itself.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
RELAY_PORT = free_port()
tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(os.path.join(TMP, "relay.pem"), os.path.join(TMP, "relay.key"))


def start_relay():
    c = Controller(relay, hostname="127.0.0.1", port=RELAY_PORT, tls_context=tls, require_starttls=True, authenticator=authenticator,
                   auth_required=True, auth_require_tls=True, server_hostname="localhost")
    c.start()
    socket.create_connection(("127.0.0.1", RELAY_PORT), timeout=5).close()
    return c


controller = start_relay()


def received(subject_part, to=None):
    out = []
    for m in relay.messages:
        msg = email.message_from_bytes(m["data"], policy=email.policy.default)
        if subject_part in str(msg["Subject"]) and (to is None or m["to"] == [to]):
            out.append((m, msg))
    return out


# --- The app.
def start_app(name, port, **env):
    # PUBLIC_URL is http: over https the session cookie is Secure, and this client speaks plain HTTP.
    log = os.path.join(TMP, f"{name}.log")
    e = dict(os.environ, PORT=str(port), HOST="127.0.0.1", PUBLIC_URL="http://" + DOMAIN, MAIL_FROM="raadsportal@" + DOMAIN,
             SMTP_URL=f"smtp://raad:hemmelig%20kode@localhost:{RELAY_PORT}", MAIL_RETRY_SCHEDULE="1s,1s,1s,1s,1s,1s,1s,1s",
             REMINDERS_NOW="2025-03-04T09:00:00Z", REMINDER_SCAN_SECONDS="1")
    e.update(env)
    p = subprocess.Popen([APP, "serve"], env=e, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    apps.append((p, log))
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{name} to answer", lambda: http_ok(base + "/healthz"))
    return p, base


def http_ok(url):
    try:
        return urllib.request.urlopen(url, timeout=1).status == 200
    except Exception:
        return False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base, user):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
    page = opener.open(base + "/login", timeout=30).read()
    post(opener, base + "/login", page, {"username": user, "password": PASSWORD})
    return opener


def post(opener, url, page, fields):
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    sub = re.search(rb'name="submission_id" value="([^"]*)"', page)
    data = dict(fields, csrf_token=token, **({"submission_id": sub.group(1).decode()} if sub else {}))
    try:
        with opener.open(urllib.request.Request(url, data=urllib.parse.urlencode(data).encode()), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def publish(base, meeting_id, title):
    sql(f"INSERT INTO meetings (id, title, starts_at, place, status) VALUES ({meeting_id}, '{title}', '2027-06-24 08:00:00+00', 'Dampfærgevej 22', 'draft')")
    opener = login(base, "bestyrelsessekretariat")
    page = opener.open(f"{base}/bestyrelse/moeder/{meeting_id}", timeout=30).read()
    status = post(opener, f"{base}/bestyrelse/moeder/{meeting_id}/status", page, {"status": "published"})
    check(status == 303, f"the board secretariat publishes meeting {meeting_id} (got {status})")


def outbox(subject_part):
    return sql(f"""SELECT o.recipient || '|' || j.state || '|' || j.attempts || '|' || j.last_result FROM mail_outbox o JOIN jobs j ON j.id = o.job_id
                   WHERE o.subject LIKE '%{subject_part}%' ORDER BY o.id""").splitlines()


# 1. Certificate verification: without the CA, nothing is sent and the outbox says why.
x, x_base = start_app("untrusting", free_port(), SMTP_CA_FILE="")
publish(x_base, 901, "Mødet om tillid")
rows = wait_for("a failed TLS hand-off in the outbox", lambda: [r for r in outbox("Mødet om tillid") if int(r.split("|")[2]) >= 1])
check("|queued|" in rows[0] and re.search(r"certif|verif|handshake|TLS|SSL", rows[0], re.I), f"the TLS failure is recorded: {rows[0]}")
check(not relay.messages, "nothing is handed to a relay whose certificate is not trusted")
x.send_signal(signal.SIGTERM)
x.wait(timeout=30)
steps.append("a relay whose certificate is not trusted gets nothing; the outbox records the TLS failure")

# 2. Two instances that trust the CA: the waiting message goes once, over STARTTLS with AUTH.
ca = os.path.join(TMP, "ca.pem")
a, a_base = start_app("a", free_port(), SMTP_CA_FILE=ca)
b, b_base = start_app("b", free_port(), SMTP_CA_FILE=ca)
got = wait_for("the waiting message", lambda: received("Mødet om tillid"))
time.sleep(3)
got = received("Mødet om tillid")
check(len(got) == 1, f"handed over once (got {len(got)})")
m, msg = got[0]
check(m["tls"] and m["auth"], "over STARTTLS, after AUTH")
check(m["to"] == ["bestyrelse@" + DOMAIN], f"to the board member: {m['to']}")
for header in ["Message-ID", "Date", "From", "To", "Subject", "MIME-Version", "Content-Type"]:
    check(msg[header], f"header {header}")
check(msg["Message-ID"].endswith("@" + DOMAIN + ">"), f"Message-ID on the sender's domain: {msg['Message-ID']}")
check(str(msg["Subject"]) == "Dagsorden: Mødet om tillid 24. juni 2027", f"subject decodes: {msg['Subject']}")
check(msg.get_content().count("http://" + DOMAIN + "/bestyrelse/moeder/901") == 1, "the body links to the meeting")
raw = m["data"].decode("ascii")
check(all(len(line) <= 78 for line in raw.split("\r\n")), "no line over 78 characters")
for word in re.findall(r"=\?[^?]+\?[BQ]\?[^?]*\?=", raw):
    check(len(word) <= 75, f"an encoded-word over 75 characters: {word}")
sa = subprocess.run(["spamassassin", "-L", "-t"], input=m["data"], capture_output=True)
check(sa.returncode == 0, f"spamassassin ran: {sa.stderr[-500:]}")
status = re.search(rb"X-Spam-Status: (.*?)\n(?! )", sa.stdout.replace(b"\n\t", b" ").replace(b"\n ", b" "), re.S)
check(status, "SpamAssassin's verdict")
verdict = status.group(1).decode()
missing = re.findall(r"MISSING_\w+", verdict)
check(not missing, f"SpamAssassin finds no missing header: {missing} ({verdict})")
check(verdict.startswith("No"), f"not spam: {verdict}")
steps.append(f"delivered once over STARTTLS + AUTH; headers complete, lines <= 78, encoded-words <= 75; SpamAssassin: {verdict[:60]}…")

# 3. The relay stops; a change notifies; the relay starts again; the message arrives once.
controller.stop()
publish(a_base, 902, "Mødet i stormvejr")
wait_for("a failing hand-off", lambda: [r for r in outbox("Mødet i stormvejr") if int(r.split("|")[2]) >= 2])
check(not received("Mødet i stormvejr"), "nothing arrives while the relay is down")
controller = start_relay()
wait_for("the message after the relay is back", lambda: received("Mødet i stormvejr"), seconds=30)
time.sleep(3)
check(len(received("Mødet i stormvejr")) == 1, f"it arrives once (got {len(received('Mødet i stormvejr'))})")
steps.append(f"relay stopped, change made, relay started: the message arrived once (after {outbox('Mødet i stormvejr')[0].split('|')[2]} tries)")

# 4. The relay refuses for a while (451 for all), then 550 for one address.
sql("INSERT INTO users (username, full_name, email, password_hash, roles) "
    f"SELECT 'bestyrelse9', 'Ukendt Medlem', 'ukendt@{DOMAIN}', password_hash, '{{board_member}}' FROM users WHERE username = 'bestyrelse'")
until = time.time() + 3
relay.refuse = lambda address: "451 4.3.0 Prøv igen senere" if time.time() < until else (
    "550 5.1.1 Ukendt modtager" if address.startswith("ukendt@") else None)
publish(b_base, 903, "Mødet med afvisninger")
wait_for("the board member's message after the refusals", lambda: received("Mødet med afvisninger", "bestyrelse@" + DOMAIN), seconds=30)
failed = wait_for("the unknown address failed", lambda: [r for r in outbox("Mødet med afvisninger") if r.startswith("ukendt@") and "|failed|" in r])
check("550 5.1.1" in failed[0], f"the relay's answer is recorded: {failed[0]}")
ok = [r for r in outbox("Mødet med afvisninger") if r.startswith("bestyrelse@")][0]
check("|done|" in ok and int(ok.split("|")[2]) >= 2, f"delivered after retries: {ok}")
time.sleep(2)
check(len(received("Mødet med afvisninger")) == 1, "the refused address got nothing; the other got it once")
metrics = ""
for base in (a_base, b_base):
    metrics += urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
for name in ["queued", "sent", "retried", "failed"]:
    check(f"# HELP raadsportal_mail_{name}_total " in metrics, f"/metrics has raadsportal_mail_{name}_total with HELP")


def total(name):
    return sum(float(v) for v in re.findall(rf"^raadsportal_mail_{name}_total (\S+)$", metrics, re.M))


check(total("retried") >= 2 and total("failed") >= 1 and total("sent") >= 3, f"counted: retried {total('retried')}, failed {total('failed')}, sent {total('sent')}")
relay.refuse = lambda address: None
steps.append(f"451 for 3 s, then 550 for one address: retried, that one failed ({failed[0].split('|')[3][:40]}…); metrics count it")

# 5. A reminder with two instances scanning every second: it arrives once.
case_id = sql("SELECT id FROM assessment_cases WHERE state = 'afventer_materiale' ORDER BY id LIMIT 1")
sql(f"UPDATE assessment_cases SET material_deadline = '2025-03-06' WHERE id = {case_id}")
wait_for("the material reminder", lambda: received("Påmindelse: materiale", "projektleder@" + DOMAIN), seconds=30)
time.sleep(4)
got = received("Påmindelse: materiale", "projektleder@" + DOMAIN)
check(len(got) == 1, f"the reminder arrives once with two instances scanning (got {len(got)})")
check(sql(f"SELECT count(*) FROM reminders WHERE occasion = 'material:case-{case_id}:2025-03-06'") == "1", "one reminder recorded")
scans = sql("SELECT count(*) FROM jobs WHERE kind = 'reminders.scan' AND state = 'done'")
steps.append(f"a due reminder arrived once; both instances ran {scans} scans between them")

for p, _ in apps:
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
for p, _ in apps:
    p.wait(timeout=30)
controller.stop()
for s in steps:
    print("  " + s)
print(f"Mail: {len(steps)} passed, 0 failed")
