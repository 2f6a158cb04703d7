"""Configures a fresh glewlwyd (Tests/OIDC/provider.sh) through its admin API.

Arguments: the provider's base URL, its folder (the key is read from it, env written to it) and the
portal's redirect URI. Writes $DIR/env with the variables the app and the tests read.
The API is glewlwyd 2.7's (docs/API.md): log in as the initial admin (admin/password, from the
package's init.sqlite3.sql), then modules, users, clients.
"""

import json
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

BASE, DIR, REDIRECT = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
ISSUER = BASE + "/api/oidc"


def session():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def call(opener, method, path, body=None, ok=(200,)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with opener.open(req, timeout=20) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if status not in ok:
        sys.exit(f"provider_setup: {method} {path} answered {status}: {text[:500]}")
    return json.loads(text) if text.strip().startswith(("{", "[")) else text


admin = session()
call(admin, "POST", "/api/auth/", {"username": "admin", "password": "password"})

# The database user module also stores each user's groups (several values).
mod = call(admin, "GET", "/api/mod/user/database")
mod["parameters"].setdefault("data-format", {})["groups"] = {
    "multiple": True, "read": True, "write": True, "profile-read": True, "profile-write": False}
call(admin, "PUT", "/api/mod/user/database", {k: mod[k] for k in ("module", "name", "display_name", "order", "parameters", "readonly") if k in mod})
call(admin, "PUT", "/api/mod/user/database/reset/", ok=(200, 404))

key, pub = open(DIR + "/key.pem").read(), open(DIR + "/pub.pem").read()
call(admin, "POST", "/api/mod/plugin/", {
    "module": "oidc", "name": "oidc", "display_name": "OpenID Connect", "enabled": True,
    "parameters": {
        "iss": ISSUER, "jwt-type": "rsa", "jwt-key-size": "256", "key": key, "cert": pub, "jwks-show": True,
        "access-token-duration": 3600, "refresh-token-duration": 1209600, "code-duration": 600,
        "refresh-token-rolling": True, "allow-non-oidc": False,
        "auth-type-code-enabled": True, "auth-type-token-enabled": False, "auth-type-id-token-enabled": True,
        "auth-type-none-enabled": False, "auth-type-password-enabled": False, "auth-type-client-enabled": False,
        "auth-type-refresh-enabled": True, "auth-type-device-enabled": False,
        "subject-type": "public", "allowed-scope": ["openid"], "scope": [],
        "name-claim": "mandatory", "email-claim": "mandatory",
        "claims": [{"name": "groups", "user-property": "groups", "type": "string", "mandatory": True}],
        "address-claim": {"type": "no", "formatted": "", "street_address": "", "locality": "", "region": "",
                          "postal_code": "", "country": "", "mandatory": False},
        "pkce-allowed": True, "pkce-method-plain-allowed": False,
        "session-management-allowed": True, "session-cookie-name": "GLEWLWYD2_OIDC_SID", "session-cookie-expiration": 3600,
        "introspection-revocation-allowed": False,
        "register-client-allowed": False, "request-parameter-allow": False,
    },
})

USERS = [
    ("anne", "Anne Sekretær", "anne@example.org", ["raad-sekretariat", "raad-medlemmer"]),
    ("bo", "Bo Ansat", "bo@example.org", ["alle-ansatte"]),
]
for username, name, email, groups in USERS:
    call(admin, "POST", "/api/user/", {
        "username": username, "name": name, "email": email, "password": username + "-Adgang-2025",
        "scope": ["openid"], "enabled": True, "groups": groups})

# Public clients with PKCE: Debian's glewlwyd 2.7.5 answers unauthorized_client to a confidential
# client's secret (basic and post alike), so the secret path is not exercised against it.
for client_id in ("raadsportal", "anden-klient"):
    call(admin, "POST", "/api/client/", {
        "client_id": client_id, "name": client_id, "description": "test", "confidential": False,
        "redirect_uri": [REDIRECT],
        "post_logout_redirect_uris": REDIRECT.rsplit("/login", 1)[0] + "/",
        "authorization_type": ["code", "id_token", "refresh_token"], "scope": ["openid"], "enabled": True})

# Each user has granted the openid scope to both clients (the consent page is the provider's
# business, not the portal's).
for username, *_ in USERS:
    user = session()
    call(user, "POST", "/api/auth/", {"username": username, "password": username + "-Adgang-2025"})
    for client_id in ("raadsportal", "anden-klient"):
        call(user, "PUT", "/api/auth/grant/" + client_id, {"scope": "openid"})

with open(DIR + "/env", "w") as f:
    f.write(f"OIDC_ISSUER={ISSUER}\nOIDC_CLIENT_ID=raadsportal\nOIDC_CLIENT_SECRET=\n"
            f"OIDC_GROUPS_CLAIM=groups\nOIDC_OTHER_CLIENT_ID=anden-klient\n"
            f"OIDC_PROVIDER_URL={BASE}\n")
print("provider_setup: glewlwyd configured at", ISSUER)
