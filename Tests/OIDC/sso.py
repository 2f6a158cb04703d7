"""Single sign-on end to end, against a real OpenID provider (glewlwyd, Tests/OIDC/provider.sh).

1. The administrator maps the provider's groups to roles (the portal's form).
2. Anne signs in through Chromium: the portal's button, the provider's login page, back in the
   portal as a new user with the roles her groups give.
3. The portal's logout ends the provider's session too (its end_session endpoint).
4. A replayed answer (the same state and code again) is refused; so is a state from another browser.
5. Anne is taken out of a group at the provider: the role goes at her next sign-in, a role granted in
   the portal stays.
6. The provider's real ID tokens, made wrong, checked by `raadsportal oidc-check` with the portal's
   settings: another client's token (wrong audience), one flipped signature byte, a clock past the
   token's expiry, another nonce; the unchanged token is accepted.

Environment: BASE (the portal), APP_BIN, DATABASE_URL, DEMO_PASSWORD (optional), and the
provider's env file's OIDC_* variables.
"""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse

import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE"].rstrip("/")
PROVIDER = os.environ["OIDC_PROVIDER_URL"].rstrip("/")
ISSUER = os.environ["OIDC_ISSUER"]
APP_BIN = os.environ["APP_BIN"]
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
CALLBACK = BASE + "/login/sso/retur"
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def psql(sql):
    return subprocess.run(["psql", os.environ["DATABASE_URL"], "-Atc", sql], capture_output=True, text=True, check=True).stdout.strip()


def form_tokens(html):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
    sub = re.search(r'name="submission_id" value="([^"]+)"', html)
    return {"csrf_token": csrf.group(1) if csrf else "", **({"submission_id": sub.group(1)} if sub else {})}


# 1. The mapping, by the portal's administrator.
admin = requests.Session()
page = admin.get(BASE + "/login")
r = admin.post(BASE + "/login", data={"username": "admin", "password": PASSWORD, **form_tokens(page.text)}, allow_redirects=False)
check(r.status_code == 303, "the administrator logs in with a password (LOCAL_LOGIN on)")
for group, role in (("raad-sekretariat", "secretariat"), ("raad-medlemmer", "council_member")):
    page = admin.get(BASE + "/admin/sso-roller")
    r = admin.post(BASE + "/admin/sso-roller", data={"handling": "tilfoej", "gruppe": group, "rolle": role, **form_tokens(page.text)},
                   allow_redirects=False)
    check(r.status_code == 303, f"mapping {group} -> {role} saved")

# 2. Anne signs in through the browser.
o = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
    o.add_argument(arg)
o.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))
wait = WebDriverWait(d, 20, ignored_exceptions=(StaleElementReferenceException,))


def click_button(text):
    """Clicks the visible button with this text once the provider's page (a React app) shows it."""
    for _ in range(40):
        try:
            for b in d.find_elements(By.TAG_NAME, "button"):
                if b.text.strip() == text and b.is_displayed():
                    b.click()
                    return
        except StaleElementReferenceException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no button {text!r} on {d.current_url}")


try:
    d.get(BASE + "/login")
    d.find_element(By.PARTIAL_LINK_TEXT, "Log ind med").click()
    wait.until(EC.presence_of_element_located((By.ID, "username")))
    check(d.current_url.startswith(PROVIDER), "the button leads to the provider's login page")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(d.current_url).query)
    callback = urllib.parse.parse_qs(urllib.parse.urlparse(query.get("callback_url", [""])[0]).query)
    check(callback.get("code_challenge_method") == ["S256"] and callback.get("state") and callback.get("nonce"),
          "the authorization request carries state, nonce and an S256 PKCE challenge")
    d.find_element(By.ID, "username").send_keys("anne")
    d.find_element(By.ID, "password").send_keys("anne-Adgang-2025")
    d.find_element(By.ID, "loginbut").click()
    click_button("Continue")
    wait.until(lambda drv: drv.current_url.startswith(BASE))
    time.sleep(0.5)
    body = d.find_element(By.TAG_NAME, "body").text
    check("Anne Sekretær" in body, "back in the portal, signed in as Anne Sekretær")
    roles = psql("SELECT array_to_string(roles, ',') FROM users WHERE username = 'anne'")
    check(roles == "council_member,secretariat" or set(roles.split(",")) == {"secretariat", "council_member"},
          f"a new user with the roles her groups give (got {roles!r})")
    check(psql("SELECT count(*) FROM users WHERE username = 'anne' AND oidc_subject IS NOT NULL AND oidc_issuer = '%s'" % ISSUER) == "1",
          "the user is stored with the provider's issuer and subject")

    # 3. Logout: the portal's session ends and the browser passes the provider's logout.
    logout = d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button")
    logout.click()
    # The provider asks whether to end its session too (glewlwyd's »End session«).
    wait.until(lambda drv: drv.current_url.startswith(PROVIDER) and "End session" in drv.find_element(By.TAG_NAME, "body").text)
    check("prompt=end_session" in d.current_url, "the portal's logout leads to the provider's end_session")
    click_button("Logout")
    time.sleep(2)
    # glewlwyd 2.7.5 ends its session here and stays on its own page (it does not follow the
    # post_logout_redirect_uri); a provider that does lands on the portal's front page.
    print("info after the provider's logout the browser is at", d.current_url.split("?")[0])
    d.get(BASE + "/konto")
    check("/login" in d.current_url, "after logout the portal asks for a login again")
    d.get(PROVIDER + "/api/profile_list")
    # Whether the provider really ends its own session after its confirmation is its business;
    # the portal's part (the redirect with id_token_hint) is checked above and in step 4.
    print("info the provider's profile after its logout:", "still signed in" if "anne" in d.page_source else "signed out")
finally:
    d.quit()


# A sign-in as a program: the portal's /login/sso, the provider with Anne's session, the portal's
# callback. Returns the session and the callback URL.
def sign_in(user="anne"):
    s = requests.Session()
    r = s.get(BASE + "/login/sso", allow_redirects=False)
    auth_url = r.headers["Location"]
    idp = requests.Session()
    idp.post(PROVIDER + "/api/auth/", json={"username": user, "password": user + "-Adgang-2025"}).raise_for_status()
    r = idp.get(auth_url + "&g_continue=", allow_redirects=False)
    back = r.headers["Location"]
    r = s.get(back, allow_redirects=False)
    return s, back, r


# 4. A replay of the same answer, and an answer in another browser.
s, back, r = sign_in()
check(r.status_code == 303 and any(c.name.endswith("rp_session") for c in s.cookies), "a sign-in by the provider's answer")
r = s.get(back, allow_redirects=False)
check(r.status_code == 400, f"the same answer again (replayed state) is refused (got {r.status_code})")
other = requests.Session()
r = other.get(back, allow_redirects=False)
check(r.status_code == 400, "the answer in another browser (no state cookie) is refused")
page = s.get(BASE + "/konto")
r = s.post(BASE + "/logout", data=form_tokens(page.text), allow_redirects=False)
check(r.headers.get("Location", "").startswith(PROVIDER + "/api/oidc/end_session") and "id_token_hint=" in r.headers.get("Location", ""),
      "the portal's logout sends the browser to the provider's end_session with the ID token")

# 5. Anne leaves the council members' group; a role granted in the portal stays.
psql("UPDATE users SET roles = roles || '{director}'::text[] WHERE username = 'anne'")
idp_admin = requests.Session()
idp_admin.post(PROVIDER + "/api/auth/", json={"username": "admin", "password": "password"}).raise_for_status()
user = idp_admin.get(PROVIDER + "/api/user/anne").json()
user["groups"] = ["raad-sekretariat"]
for k in ("username", "source", "last_login"):
    user.pop(k, None)
idp_admin.put(PROVIDER + "/api/user/anne", json=user).raise_for_status()
s, back, r = sign_in()
roles = set(psql("SELECT array_to_string(roles, ',') FROM users WHERE username = 'anne'").split(","))
check(roles == {"secretariat", "director"}, f"out of the group, the role is gone at the next sign-in; the local role stays (got {roles})")
check(psql("SELECT count(*) FROM users WHERE username LIKE 'anne%'") == "1", "the same user, not a new one")


# 6. The provider's own tokens, made wrong, checked as a sign-in checks them.
def token(client_id, nonce):
    idp = requests.Session()
    idp.post(PROVIDER + "/api/auth/", json={"username": "anne", "password": "anne-Adgang-2025"}).raise_for_status()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    r = idp.get(PROVIDER + "/api/oidc/auth", allow_redirects=False, params={
        "response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "scope": "openid", "state": "s",
        "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256", "g_continue": ""})
    code = urllib.parse.parse_qs(urllib.parse.urlparse(r.headers["Location"]).query)["code"][0]
    t = requests.post(PROVIDER + "/api/oidc/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "client_id": client_id, "code_verifier": verifier})
    t.raise_for_status()
    return t.json()["id_token"]


def oidc_check(tok, nonce, **env):
    p = subprocess.run([APP_BIN, "oidc-check", "--nonce", nonce], input=tok + "\n", capture_output=True, text=True,
                       env={**os.environ, **env})
    return p.returncode, (p.stdout + p.stderr).strip()


nonce = secrets.token_urlsafe(16)
good = token("raadsportal", nonce)
rc, out = oidc_check(good, nonce)
check(rc == 0 and out.startswith("accepted"), f"the provider's token is accepted ({out})")
rc, out = oidc_check(token("anden-klient", nonce), nonce)
check(rc == 3 and "refused audience" in out, f"another client's token: {out}")
head, payload, sig = good.split(".")
raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
raw[len(raw) // 2] ^= 0x01
flipped = head + "." + payload + "." + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
rc, out = oidc_check(flipped, nonce)
check(rc == 3 and "refused signature" in out, f"one flipped signature byte: {out}")
rc, out = oidc_check(good, nonce, OIDC_CLOCK_OFFSET_SECONDS="7300")
check(rc == 3 and "refused expired" in out, f"the clock two hours on (past exp + leeway): {out}")
rc, out = oidc_check(good, "another-nonce")
check(rc == 3 and "refused nonce" in out, f"another sign-in's nonce: {out}")

refused = psql("SELECT count(*) FROM audit_log WHERE action = 'login.sso.refused'")
check(int(refused) >= 2, f"the refused answers are in the audit log ({refused})")

if FAILURES:
    print(f"{len(FAILURES)} single sign-on check(s) failed")
    sys.exit(1)
print("single sign-on: all checks passed")
