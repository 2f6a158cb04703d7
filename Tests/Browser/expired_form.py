#!/usr/bin/env python3
"""Nothing typed is lost to an expired session, in a real browser (issue 22, point 5).

    BASE=http://127.0.0.1:PORT DATABASE_URL=postgresql://... python3 Tests/Browser/expired_form.py

Headless Chromium (Debian's chromium and chromium-driver) driven by selenium. A board member opens an
agenda item, types a private note, and their session ends before they send it (its row is deleted
with psql, as the idle timeout's sweep would). Sending it lands on the login page, which says why;
after signing in they are back on the item with their text in the note field, and nothing was
written. Sending it again (with the page's new CSRF token) writes it. Exits non-zero on failure."""
import os
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("BASE", "http://127.0.0.1:8080").rstrip("/")
DATABASE_URL = os.environ["DATABASE_URL"]
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
USER = "bestyrelse"
ITEM = "/bestyrelse/moeder/1/punkter/7"
TEXT = "Spørgsmål til punktet: hvad koster driften efter 2027? <ingen HTML> & \"citat\"\nAnden linje."


def sql(query):
    return subprocess.run(["psql", DATABASE_URL, "-qAtc", query], check=True, capture_output=True, text=True).stdout.strip()


def notes():
    return int(sql(
        "SELECT count(*) FROM item_notes n JOIN users u ON u.id = n.user_id "
        f"WHERE u.username = '{USER}' AND n.body LIKE 'Spørgsmål til punktet:%'"))


def main():
    o = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        o.add_argument(arg)
    o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))
    failures = []

    def check(ok, text):
        print(("ok   " if ok else "FAIL ") + text)
        if not ok:
            failures.append(text)

    def submit(form_selector):
        old = d.find_element(By.TAG_NAME, "html")
        d.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()
        WebDriverWait(d, 30).until(lambda _: _stale(old) and d.execute_script("return document.readyState") == "complete")

    def _stale(element):
        try:
            element.tag_name
            return False
        except Exception:
            return True

    try:
        before = notes()
        d.get(BASE + "/login")
        d.find_element(By.NAME, "username").send_keys(USER)
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        submit("form[action='/login']")
        check("Log ud" in d.find_element(By.TAG_NAME, "body").text, "signed in")

        d.get(BASE + ITEM)
        field = d.find_element(By.ID, "note-text")
        field.clear()
        field.send_keys(TEXT)
        # The session ends while the text is being typed.
        sql(f"DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = '{USER}')")
        submit("form#note")
        check(d.current_url.startswith(BASE + "/login"), f"sending it lands on the login page ({d.current_url})")
        check("Du er blevet logget ud" in d.find_element(By.TAG_NAME, "body").text, "the login page says why")
        check(notes() == before, "nothing was written")

        d.find_element(By.NAME, "username").send_keys(USER)
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        submit("form[action='/login']")
        check(d.current_url.startswith(BASE + ITEM), f"signing in lands back on the item ({d.current_url})")
        value = d.find_element(By.ID, "note-text").get_attribute("value")
        check(value == TEXT, f"the text typed is in the field again ({value!r})")
        check("sat ind igen" in d.find_element(By.TAG_NAME, "body").text, "the page says the text was put back")
        check(notes() == before, "still nothing written before it is sent again")

        submit("form#note")
        check("besked=note" in d.current_url, f"sent again, it is saved ({d.current_url})")
        check(notes() == before + 1, "the note is written once")
        check(d.find_element(By.ID, "note-text").get_attribute("value") == TEXT, "the saved note shows the text")
    finally:
        d.quit()
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("expired_form: all checks passed")


if __name__ == "__main__":
    main()
