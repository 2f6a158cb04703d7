#!/usr/bin/env python3
"""The agenda pack, a recommendation letter and the annual report printed to PDF by headless
Chromium (its print engine, through selenium so the logged-in pages can be printed too), then read
back with pdftotext: at least one page, and the headings a reader expects.

    BASE=http://127.0.0.1:PORT python3 Tests/Browser/print.py"""
import base64
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

BASE = os.environ.get("BASE", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"

o = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
    o.add_argument(arg)
o.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))
out = tempfile.mkdtemp()


def login(user):
    d.delete_all_cookies()
    d.get(BASE + "/login")
    d.find_element(By.NAME, "username").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.NAME, "password").submit()


def printed(path, name):
    d.get(BASE + path)
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7   # A4 in cm
    pdf = os.path.join(out, name + ".pdf")
    with open(pdf, "wb") as f:
        f.write(base64.b64decode(d.print_page(options)))
    pages = int(next(l for l in subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout.splitlines()
                     if l.startswith("Pages:")).split()[1])
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    return pages, text


failures = []
try:
    checks = [
        (None, "/bestyrelse/moeder/1/pakke", "dagsordenspakke", ["Dagsorden", "Status på sundhedsydelser til ukrainske flygtninge", "Indstilling"]),
        # The approved minutes carry their approval on paper too (issue 20, point 3).
        (None, "/bestyrelse/moeder/1/referat", "referat", ["Referat", "Godkendt den 21. juni 2022", "Status på sundhedsydelser til ukrainske flygtninge"]),
        ("sekretariat", "/raadet/sager/1/brev", "anbefalingsbrev", ["Anbefalingsbrev", "LUNA", "Risikoprofil", "Anbefalinger"]),
        ("sekretariat", "/aarsrapporter/1", "aarsrapport", ["Årsrapport 2021", "Tabel 1", "Figur 2", "Figur 3", "It-rådets medlemmer"]),
    ]
    for user, path, name, headings in checks:
        if user:
            login(user)
        pages, text = printed(path, name)
        missing = [h for h in headings if h not in text]
        nav = "Min konto" in text or "Log ud" in text
        status = "ok" if pages > 0 and not missing and not nav else "FAILED"
        print(f"  {name}: {pages} A4 pages, headings {'all found' if not missing else 'missing ' + ', '.join(missing)}"
              + (", navigation printed" if nav else "") + f" [{status}]")
        if status != "ok":
            failures.append(name)
    # Issue 20, point 4: a confidential item withheld from the reader (»N (Fortrolig)«) never fills a
    # printed page alone; a board member's printed search results label confidential hits.
    d.delete_all_cookies()
    pages, text = printed("/bestyrelse/moeder/1/pakke", "dagsordenspakke-stubbe")
    stub_only = [i + 1 for i, page in enumerate(text.split("\f"))
                 if "(Fortrolig)" in page and "Indhold" not in page and "(Offentlig)" not in page]
    print(f"  dagsordenspakke (offentlig): {pages} A4 pages, pages with only withheld items: {stub_only or 'none'}"
          + (" [ok]" if not stub_only else " [FAILED]"))
    if stub_only:
        failures.append("dagsordenspakke-stubbe")
    login("bestyrelse")
    pages, text = printed("/bestyrelse/soeg?q=OK22", "soegning")
    ok = "Fortrolig" in text and "OK22" in text
    print(f"  søgning (bestyrelse): {pages} A4 pages, »Fortrolig« {'printed' if ok else 'missing'} [{'ok' if ok else 'FAILED'}]")
    if not ok:
        failures.append("soegning")
finally:
    d.quit()
if failures:
    print(f"Print FAILED: {', '.join(failures)}", file=sys.stderr)
    sys.exit(1)
print(f"Print: {len(checks) + 2} documents checked")
