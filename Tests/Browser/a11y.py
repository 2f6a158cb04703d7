#!/usr/bin/env python3
"""Accessibility in a real browser: axe-core on every kind of page for every role, the forms in their
error state, and the main journeys done with the keyboard alone.

    BASE=http://127.0.0.1:PORT python3 Tests/Browser/a11y.py

Headless Chromium (Debian's chromium and chromium-driver) driven by selenium, with axe-core from PyPI's
axe-selenium-python (scripts/pg.sh's ensure_browser installs them). The test command runs it against the
app with the demo data, after the browser journey. It exits non-zero when axe finds a violation of impact
serious or critical on any page, or when a keyboard step does not do what a keyboard user would expect;
each failing page is saved as a screenshot in build/screenshots/.

/tilgaengelighedserklaering says what is checked here, and only that: keep the two in step.

What it writes: the forms in their error state save nothing (the app refuses them); the keyboard
journey submits one intake (a new case, »Tastaturindmelding« and the time); an anmodning and an annual
report draft are made when the database has none waiting (see subjects()). Run it after the journey,
which expects the demo data as seeded.

A11Y_PARTS=pages,forms,keyboard picks parts; A11Y_WORKERS (default 2) is the number of browsers that
check the pages side by side; A11Y_TIMING=1 prints the time of each page."""
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

try:
    from axe_selenium_python import Axe
except ImportError:
    sys.exit("axe-selenium-python is missing: run `. scripts/pg.sh && ensure_browser`")

BASE = os.environ.get("BASE", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
SHOTS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "screenshots"))
PARTS = (os.environ.get("A11Y_PARTS") or "pages,forms,keyboard").split(",")
WORKERS = max(1, int(os.environ.get("A11Y_WORKERS") or "2"))
TIMING = bool(os.environ.get("A11Y_TIMING"))
FAIL_IMPACTS = ("serious", "critical")

AXE_SOURCE = open(Axe(None).script_url, encoding="utf8").read()
AXE_VERSION = re.search(r'version="([0-9.]+)"', AXE_SOURCE).group(1)
if int(AXE_VERSION.split(".")[0]) < 4:
    sys.exit(f"axe-core {AXE_VERSION} (from axe-selenium-python) is too old: run `. scripts/pg.sh && ensure_browser`")

# The roles, the pages and the forms in their error state: shared with the clients check.
from site_pages import FORMS, PAGES, ROLES  # noqa: E402

# Pages whose every tab stop is checked for a visible focus indicator, visibility and order.
TAB_WALKS = [
    (None, "/"),
    (None, "/login"),
    ("bestyrelsessekretariat", "/bestyrelse/moeder/1"),
    ("bestyrelse", "/bestyrelse/moeder/1/punkter/7"),
    ("projektleder", "/raadet/indmelding"),
    ("sekretariat", "/raadet/sager/9/planlaegning"),
    ("raadsmedlem1", "/raadet/sager/8/brev/rediger"),
]


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.checked = 0
        self.violations = []   # (role, page, rule, impact, target)
        self.minor = {}        # rule -> nodes, for moderate and minor findings (reported, not failed)
        self.failures = []
        self.skipped = []
        self.seen = set()      # the error pages and redirects already checked

    def fail(self, text):
        with self.lock:
            self.failures.append(text)


R = Results()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_plain = urllib.request.build_opener(_NoRedirect)


def shot_name(text):
    return re.sub(r"[^0-9A-Za-zæøåÆØÅ_-]+", "_", text).strip("_")[:120] + ".png"


class Browser:
    def __init__(self):
        o = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
            o.add_argument(arg)
        o.binary_location = "/usr/bin/chromium"
        self.d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))
        self.role = "offentligheden"
        # axe-core is put in every page as it loads, rather than sent with each check (550 kB each time).
        self.d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": AXE_SOURCE})

    def quit(self):
        try:
            self.d.quit()
        except Exception:
            pass

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, shot_name(name))
        try:
            self.d.save_screenshot(path)
        except Exception:
            pass
        return os.path.relpath(path)

    # Pages and forms.

    def html(self):
        return self.d.find_element(By.TAG_NAME, "html")

    def wait_for_new_page(self, old):
        def ready(_):
            try:
                old.tag_name
                return False
            except Exception:
                return self.d.execute_script("return document.readyState") == "complete"
        WebDriverWait(self.d, 30).until(ready)

    def body(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def login(self, user, name=None):
        """Logs in through the login form (the keyboard part logs in with the keyboard alone)."""
        self.role = name or user or "offentligheden"
        self.d.delete_all_cookies()
        self.d.get(BASE + "/login")
        if user is None:
            return
        self.d.find_element(By.NAME, "username").send_keys(user)
        self.d.find_element(By.NAME, "password").send_keys(PASSWORD)
        old = self.html()
        self.d.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
        self.wait_for_new_page(old)
        if "Log ud" not in self.body():
            raise AssertionError(f"could not log in as {user} (is the demo data loaded?)")

    def answer(self, path):
        """The app's status for `path` with this browser's session, asked without the browser (cheaper)."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.d.get_cookies())
        try:
            with _plain.open(urllib.request.Request(BASE + path, headers={"Cookie": cookie}), timeout=30) as r:
                return r.status, ""
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location") or ""

    def axe(self, label):
        """Runs axe-core on the page shown and records what it finds."""
        result = self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
        if isinstance(result, str):
            raise AssertionError(f"axe-core failed on {label}: {result}")
        bad = False
        with R.lock:
            R.checked += 1
            for v in result:
                if v["impact"] in FAIL_IMPACTS:
                    bad = True
                    for node in v["nodes"]:
                        R.violations.append((self.role, label, v["id"], v["impact"], " ".join(map(str, node["target"]))))
                else:
                    R.minor[v["id"]] = R.minor.get(v["id"], 0) + len(v["nodes"])
        if bad:
            self.shot(f"axe {self.role} {label}")

    def check_role(self, user, name, subjects):
        """Every page for one role. An error page is one template whatever the path, rendered with the
        public reader's menu whoever asks (ErrorPageMiddleware): it is checked once per status. The login
        page that a protected page sends the public reader to is checked once."""
        self.login(user, name)
        n = 0
        for path in PAGES:
            if "{published}" in path and subjects["published"] is None:
                continue
            path = path.format(**subjects)
            t0 = time.time()
            code, location = self.answer(path)
            key = ("→" + urlsplit(location).path) if code in (301, 302, 303, 307, 308) else code if code >= 400 else None
            with R.lock:
                if key is not None and key in R.seen:
                    continue
                R.seen.add(key)
            self.d.get(BASE + path)
            self.axe(f"{path} ({code})")
            n += 1
            if TIMING:
                print(f"    {time.time() - t0:5.2f} s  {name} {path}", flush=True)
        return f"  {name}: {n} pages"

    def submit(self, action_suffix, button_text):
        for form in self.d.find_elements(By.CSS_SELECTOR, "form[method=post]"):
            if (form.get_attribute("action") or "").endswith(action_suffix):
                for b in form.find_elements(By.CSS_SELECTOR, "button[type=submit]"):
                    if b.text.strip() == button_text:
                        old = self.html()
                        b.click()
                        self.wait_for_new_page(old)
                        return True
        return False

    def fill(self, name, value):
        e = self.d.find_element(By.NAME, name)
        if len(value) > 200:   # typing it would take long; what is tested is the app's answer
            self.d.execute_script("arguments[0].value = arguments[1]", e, value)
        else:
            e.clear()
            e.send_keys(value)

    def check_forms(self, subjects):
        n = 0
        current = object()
        for user, path, action, button_text, fields in FORMS:
            if "{published}" in path and subjects["published"] is None:
                continue
            path = path.format(**subjects)
            if user != current:
                self.login(user)
                current = user
            self.d.get(BASE + path)
            for field, value in fields.items():
                self.fill(field, value)
            if not self.submit(action, button_text):
                R.fail(f"no form {action} with the button »{button_text}« at {path} ({self.role}), screenshot {self.shot('form ' + path)}")
                continue
            if not self.d.find_elements(By.CSS_SELECTOR, ".error-summary"):
                R.fail(f"the form {action} at {path} ({self.role}) did not answer with an error summary, screenshot {self.shot('form ' + path)}")
                continue
            if not self.d.title.startswith("Fejl: "):
                R.fail(f"the error page of {action} at {path} ({self.role}) does not say »Fejl:« in its title: {self.d.title!r}")
            if not self.d.execute_script("return document.activeElement.classList.contains('error-summary')"):
                R.fail(f"the error summary of {action} at {path} ({self.role}) does not get the focus, screenshot {self.shot('focus ' + path)}")
            self.axe(f"{path} → {action} (fejl)")
            n += 1
        return f"  forms in their error state: {n}"

    # The keyboard.

    def key(self, *keys):
        ActionChains(self.d).send_keys(*keys).perform()

    def active(self):
        return self.d.execute_script("""
            const e = document.activeElement || document.body;
            return {tag: e.tagName.toLowerCase(), id: e.id || '', name: e.getAttribute('name') || '',
                    type: e.getAttribute('type') || '', value: e.value || '', href: e.getAttribute('href') || '',
                    text: (e.innerText || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 80),
                    cls: typeof e.className === 'string' ? e.className : '', inMain: !!e.closest('main')}""")

    def tab_to(self, what, predicate, cap=120):
        """Presses Tab until the focused element satisfies `predicate`."""
        for _ in range(cap):
            self.key(Keys.TAB)
            a = self.active()
            if predicate(a):
                return a
        raise AssertionError(f"{cap} presses of Tab did not reach {what} (at {self.d.current_url}, screenshot {self.shot('tab ' + what)})")

    def enter_and_wait(self):
        old = self.html()
        self.key(Keys.ENTER)
        self.wait_for_new_page(old)

    def keyboard_login(self, user):
        """From the front page to logged in, with Tab, typing and Enter."""
        self.d.delete_all_cookies()
        self.d.get(BASE + "/")
        self.tab_to("the »Log ind« link", lambda a: a["href"] == "/login")
        self.enter_and_wait()
        self.tab_to("the username field", lambda a: a["id"] == "username")
        self.key(user)
        self.tab_to("the password field", lambda a: a["id"] == "password")
        self.key(PASSWORD, Keys.ENTER)
        WebDriverWait(self.d, 30).until(lambda _: urlsplit(self.d.current_url).path != "/login")
        if "Log ud" not in self.body():
            raise AssertionError(f"{user} is not logged in after logging in with the keyboard, screenshot {self.shot('keyboard login ' + user)}")
        self.role = user

    def tab_walk(self, label):
        """Tabs through the whole page: every stop must show a focus indicator that differs from the
        element's look without focus (outline or box-shadow), be on the screen, and come after the
        previous stop in the document (no tabindex jumps)."""
        self.d.execute_script("""
            if (document.activeElement) document.activeElement.blur();
            const look = e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|'); };
            window.__a11yLook = look;
            window.__a11yBefore = new Map();
            for (const e of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
                window.__a11yBefore.set(e, look(e));
            window.__a11yPrevious = null;
            window.__a11yFirst = null;""")
        stops = 0
        problems = []
        for _ in range(250):
            self.key(Keys.TAB)
            r = self.d.execute_script("""
                const e = document.activeElement;
                if (!e || e === document.body) return {end: true};
                if (e === window.__a11yFirst) return {end: true};
                if (!window.__a11yFirst) window.__a11yFirst = e;
                const before = window.__a11yBefore.get(e), now = window.__a11yLook(e), s = getComputedStyle(e);
                const b = e.getBoundingClientRect();
                const previous = window.__a11yPrevious;
                window.__a11yPrevious = e;
                return {end: false,
                        what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' »' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '«',
                        indicator: before !== undefined && before !== now && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'),
                        onScreen: b.width > 0 && b.height > 0 && b.bottom > 0 && b.right > 0 && b.top < innerHeight && b.left < innerWidth,
                        inOrder: !previous || !!(previous.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING),
                        positive: e.tabIndex > 0};""")
            if r["end"]:
                break
            stops += 1
            if not r["indicator"]:
                problems.append(f"no visible focus on {r['what']}")
            if not r["onScreen"]:
                problems.append(f"the focused {r['what']} is not on the screen")
            if not r["inOrder"] or r["positive"]:
                problems.append(f"{r['what']} is out of the document's order")
        else:
            problems.append("the tab order does not come back round after 250 stops")
        if stops < 3:
            problems.append(f"only {stops} tab stops")
        if problems:
            R.fail(f"tab walk of {label}: " + "; ".join(problems[:5]) + f" (screenshot {self.shot('walk ' + label)})")
        return stops

    def check_keyboard(self):
        out = []
        # 1. The skip link is the first tab stop, shows, and moves the focus to the content.
        self.d.delete_all_cookies()
        self.d.get(BASE + "/")
        self.key(Keys.TAB)
        a = self.active()
        if "skip-link" not in a["cls"]:
            R.fail(f"the first Tab on the front page focuses {a['tag']} »{a['text']}«, not the skip link")
        else:
            seen = self.d.execute_script("const b = document.activeElement.getBoundingClientRect(); return b.left >= 0 && b.top >= 0 && b.width > 0 && b.right <= innerWidth")
            if not seen:
                R.fail(f"the skip link is not on the screen when it has focus (screenshot {self.shot('skip link')})")
            self.key(Keys.ENTER)
            if self.d.execute_script("return document.activeElement.id") != "indhold":
                R.fail("the skip link does not move the focus to the main content")
            self.key(Keys.TAB)
            if not self.active()["inMain"]:
                R.fail("after the skip link, Tab does not go on inside the main content")
        out.append("  keyboard: the skip link is the first tab stop and moves the focus to the content")

        # 2. Every tab stop of the pages with the most controls: visible focus, on the screen, in order.
        current = object()
        for user, path in TAB_WALKS:
            if user != current:
                self.login(user)
                current = user
            self.d.get(BASE + path)
            stops = self.tab_walk(f"{path} ({self.role})")
            out.append(f"  keyboard: {stops:3} tab stops on {path} ({self.role}): focus shown, on the screen, in order")

        # 3. A board member logs in and reads an agenda item, with the keyboard alone.
        self.keyboard_login("bestyrelse")
        self.tab_to("the »Bestyrelsesmøder« menu link", lambda a: a["href"] == "/bestyrelse/moeder")
        self.enter_and_wait()
        self.tab_to("a meeting", lambda a: re.fullmatch(r"/bestyrelse/moeder/\d+", a["href"]) is not None and a["inMain"])
        self.enter_and_wait()
        link = self.tab_to("an agenda item", lambda a: re.fullmatch(r"/bestyrelse/moeder/\d+/punkter/\d+", a["href"]) is not None)
        self.enter_and_wait()
        h1 = self.d.find_element(By.TAG_NAME, "h1").text
        if not h1 or h1.split()[-1] not in link["text"]:
            R.fail(f"the agenda item reached with the keyboard shows »{h1}«, not »{link['text']}«")
        out.append(f"  keyboard: bestyrelse logs in and opens »{link['text'][:50]}« with Tab and Enter")

        # 4. The project leader registers a project, with an error on the way, with the keyboard alone.
        self.keyboard_login("projektleder")
        self.tab_to("the »Sager« menu link", lambda a: a["href"] == "/raadet/sager")
        self.enter_and_wait()
        self.tab_to("the intake link", lambda a: a["href"] == "/raadet/indmelding")
        self.enter_and_wait()

        def field(id_, *keys):
            self.tab_to(f"the field {id_}", lambda a: a["id"] == id_)
            self.key(*keys)

        name = f"Tastaturindmelding {time.strftime('%H.%M.%S')}"   # a project's name is unique
        field("name", name)
        field("purpose", "At vise, at indmeldingen kan udfyldes med tastaturet alene.")
        self.tab_to("the first type", lambda a: a["name"] == "kind")
        for _ in range(4):   # a radio group is one tab stop; the arrow keys choose within it
            if self.active()["value"] == "faellesregional":
                break
            self.key(Keys.ARROW_DOWN)
        self.key(Keys.SPACE)
        field("region-region-nordjylland", Keys.SPACE)
        field("budget", "tolv")
        field("phase", "Analyse")
        field("chair", "Ida Formand")
        field("members", "Jonas Medlem", Keys.ENTER, "Karen Kvist")
        if self.d.find_element(By.ID, "phase").get_attribute("value") != "Analyse":
            R.fail("typing »Analyse« on the phase list does not choose it")
        field("desired_month", "marts 2099")
        field("contact", "Peter Projektleder Møller")
        self.tab_to("the »Indsend indmeldingen« button", lambda a: a["tag"] == "button" and a["value"] == "indsend")
        self.enter_and_wait()
        a = self.active()
        if "error-summary" not in a["cls"]:
            R.fail(f"after the refused intake the focus is on {a['tag']} »{a['text'][:40]}«, not on the error summary "
                   f"(screenshot {self.shot('intake error focus')})")
        self.tab_to("the error summary's link to the budget", lambda a: a["href"] == "#budget")
        self.key(Keys.ENTER)
        if self.active()["id"] != "budget":
            R.fail("the error summary's link does not move the focus to the budget field")
        if self.d.find_element(By.ID, "members").get_attribute("value") != "Jonas Medlem\nKaren Kvist":
            R.fail("what was typed in the intake form is lost after the error")
        ActionChains(self.d).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("24,5").perform()
        self.tab_to("the »Indsend indmeldingen« button", lambda a: a["tag"] == "button" and a["value"] == "indsend")
        self.enter_and_wait()
        if "24,5 mio. kr." not in self.body() or name not in self.d.title:
            R.fail(f"the intake corrected with the keyboard was not submitted (at {self.d.current_url}, screenshot {self.shot('intake submitted')})")
        out.append("  keyboard: projektleder logs in, fills in the intake, follows the error summary to the field, corrects it and submits")
        return "\n".join(out)


def subjects(b):
    """The ids that PAGES and FORMS need and that the journey changes: an anmodning waiting for a
    decision, an annual report being written and a published one. The first two are made when the
    database has none (after the journey it has neither); the last exists only after the journey."""
    found = {"request": None, "draft": None, "published": None}
    b.login("sekretariat")
    b.d.get(BASE + "/raadet/anmodninger")
    for href in [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "main a[href*='/raadet/anmodninger/']")]:
        if re.fullmatch(r"/raadet/anmodninger/\d+", urlsplit(href).path):
            b.d.get(href)
            if b.d.find_elements(By.CSS_SELECTOR, "form[action$='/beslutning']"):
                found["request"] = urlsplit(href).path.rsplit("/", 1)[1]
                break
    b.d.get(BASE + "/aarsrapporter")
    for href in [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "main a[href^='/aarsrapporter/']")]:
        m = re.fullmatch(r"/aarsrapporter/(\d+)", urlsplit(href).path)
        if m:
            kind = "draft" if b.answer(f"/aarsrapporter/{m.group(1)}/rediger")[0] == 200 else "published"
            found[kind] = found[kind] or m.group(1)
    if found["draft"] is None:
        b.d.get(BASE + "/aarsrapporter/ny")
        b.submit("/aarsrapporter/ny", "Opret kladden")
        m = re.search(r"/aarsrapporter/(\d+)", b.d.current_url)
        if not m:
            raise AssertionError(f"could not start an annual report (at {b.d.current_url})")
        found["draft"] = m.group(1)
    if found["request"] is None:
        b.login("projektleder")
        b.d.get(BASE + "/raadet/anmodninger/ny")
        Select(b.d.find_element(By.NAME, "project")).select_by_index(1)
        b.d.execute_script("arguments[0].click()", b.d.find_element(By.CSS_SELECTOR, "input[name=timing]"))
        b.fill("challenge", "Hvordan tilrettelægger vi udbuddet?")
        b.submit("/raadet/anmodninger/ny", "Send anmodningen")
        m = re.search(r"/raadet/anmodninger/(\d+)", b.d.current_url)
        if not m:
            raise AssertionError(f"could not ask for a sparringsmøde (at {b.d.current_url})")
        found["request"] = m.group(1)
    if found["published"] is None:
        R.skipped.append("the pages and the form that send a published annual report to the board: none is published "
                         "(the journey publishes one; run this after it)")
    return found


def run(b, job, *args):
    try:
        return job(b, *args)
    except Exception as error:
        R.fail(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''} "
               f"(at {b.d.current_url}, screenshot {b.shot('crash ' + job.__name__)})")
        return f"  {job.__name__} stopped early"


def main():
    started = time.time()
    print(f"Accessibility against {BASE} (axe-core {AXE_VERSION}, {WORKERS} browsers)", flush=True)
    browsers = [Browser() for _ in range(WORKERS)]
    try:
        ids = subjects(browsers[0])
        free = list(browsers)
        lock = threading.Lock()

        def on_a_browser(job, *args):
            with lock:
                b = free.pop()
            try:
                return run(b, job, *args)
            finally:
                with lock:
                    free.append(b)

        with ThreadPoolExecutor(WORKERS) as pool:
            # The two long jobs first, so that the browsers finish at about the same time.
            jobs = []
            if "keyboard" in PARTS:
                jobs.append(pool.submit(on_a_browser, Browser.check_keyboard))
            if "forms" in PARTS:
                jobs.append(pool.submit(on_a_browser, Browser.check_forms, ids))
            if "pages" in PARTS:
                jobs += [pool.submit(on_a_browser, Browser.check_role, user, name, ids) for user, name in ROLES]
            for job in jobs:
                print(job.result(), flush=True)
    finally:
        for b in browsers:
            b.quit()

    for role, page, rule, impact, target in R.violations:
        print(f"  {impact:8} {rule:28} {page}  [{role}]  {target}")
    if R.minor:
        print("  (moderate and minor, not failed: " + ", ".join(f"{k} ×{v}" for k, v in sorted(R.minor.items())) + ")")
    statuses = sorted(k for k in R.seen if isinstance(k, int))
    if statuses:
        print("  error pages checked: " + ", ".join(map(str, statuses)))
    for s in R.skipped:
        print(f"  skipped: {s}")
    for f in R.failures:
        print(f"  FAILED: {f}")
    print(f"Accessibility: {R.checked} pages × roles checked with axe-core {AXE_VERSION}, "
          f"{len(R.violations)} serious/critical violations, {len(R.failures)} failed keyboard or form checks "
          f"({time.time() - started:.0f} s)")
    return 1 if R.violations or R.failures else 0


if __name__ == "__main__":
    sys.exit(main())
