#!/usr/bin/env python3
"""The board book in a real browser (issue 21): headless Chromium opens the demo meeting's page,
follows its link »Mødebog med bilag (PDF)« as a board member and as the public, and saves the PDF
(downloads on, the PDF viewer off); the saved files are read back with qpdf, pdftotext and pikepdf:
page numbers on every page, a bookmark per item, the reader's name on the confidential pages and
nothing confidential in the public copy. The book is built by the app's job runner: a first click
may get the page »Dokumentet dannes«, whose link is followed again as told.

    BASE=http://127.0.0.1:8080 python3 Tests/Browser/book.py
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

import pikepdf
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE = os.environ.get("BASE", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
SECRET = ["Økonomiforhandlingerne for 2023", "mandatrammen", "EMN-2022-00517"]


def browser(downloads):
    o = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        o.add_argument(arg)
    o.binary_location = "/usr/bin/chromium"
    o.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True,
    })
    return webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'}  {what}", flush=True)
    if not ok:
        raise AssertionError(what)


def download_book(d, downloads, who):
    """Follows the meeting page's link to the book until a PDF is saved; returns its bytes."""
    for attempt in range(40):
        before = set(glob.glob(os.path.join(downloads, "*.pdf")))
        d.get(BASE + "/bestyrelse/moeder/1")
        d.find_element(By.PARTIAL_LINK_TEXT, "Mødebog med bilag").click()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            done = [f for f in set(glob.glob(os.path.join(downloads, "*.pdf"))) - before if not os.path.exists(f + ".crdownload")]
            if done:
                time.sleep(0.3)
                with open(done[0], "rb") as f:
                    data = f.read()
                os.rename(done[0], os.path.join(downloads, f"{who}-book.pdf"))
                return data
            if "Dokumentet dannes" in d.find_element(By.TAG_NAME, "body").text:
                break  # being built: ask again as the page says
            time.sleep(0.2)
        time.sleep(3)
    raise AssertionError(f"no book downloaded for the {who}")


def read(path):
    qpdf = subprocess.run(["qpdf", "--check", path], capture_output=True)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True).stdout.decode().split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        bookmarks = [item.title for item in outline.root]
    return qpdf.returncode == 0, pages, bookmarks


def main():
    downloads = tempfile.mkdtemp(prefix="raadsportal-book-")
    d = browser(downloads)
    try:
        print(f"Board book in Chromium against {BASE} (files in {downloads})")
        # As a board member.
        d.get(BASE + "/login")
        d.find_element(By.NAME, "username").send_keys("bestyrelse")
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        time.sleep(0.5)
        download_book(d, downloads, "member")
        ok, pages, bookmarks = read(os.path.join(downloads, "member-book.pdf"))
        text = "\n".join(pages)
        check(ok, "member: qpdf --check")
        check(all(f"Side {i} af {len(pages)}" in p for i, p in enumerate(pages, 1)), f"member: »Side n af N« on all {len(pages)} pages")
        check(len(bookmarks) == 11, f"member: a bookmark per item and the cover ({len(bookmarks)})")
        check(all(s in text for s in SECRET), "member: the confidential item and its attachment")
        confidential = [p for p in pages if p.lstrip().startswith("Fortroligt")]
        check(confidential and all("Udleveret til Bente Bestyrelsesmedlem" in p for p in confidential),
              f"member: the reader's name on the {len(confidential)} confidential pages")
        check("tolkeudgifterne" in text and "Kvartalsmøderne" in text, "member: the attachments' text (a PDF, an XLSX converted)")
        # As the public.
        d.delete_all_cookies()
        download_book(d, downloads, "public")
        ok, pages, bookmarks = read(os.path.join(downloads, "public-book.pdf"))
        text = "\n".join(pages)
        check(ok, "public: qpdf --check")
        check(all(f"Side {i} af {len(pages)}" in p for i, p in enumerate(pages, 1)), f"public: »Side n af N« on all {len(pages)} pages")
        check(len(bookmarks) == 6, f"public: a bookmark per public item and the cover ({len(bookmarks)})")
        check(not any(s in text for s in SECRET), "public: nothing confidential")
        check("Fortroligt" not in text and "Udleveret til" not in text, "public: no confidential pages, no watermark")
        check("1 (Fortrolig)" in text, "public: the withheld items as »N (Fortrolig)« in the agenda")
        print("Board book: all checks passed")
    finally:
        d.quit()


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"Board book FAILED: {e}", file=sys.stderr)
        sys.exit(1)
