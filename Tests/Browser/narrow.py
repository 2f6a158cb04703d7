#!/usr/bin/env python3
"""The site on a phone: 375 CSS pixels wide, in a real browser.

    BASE=http://127.0.0.1:PORT python3 Tests/Browser/narrow.py

Headless Chromium (Debian's chromium and chromium-driver) driven by selenium, with axe-core, as
a11y.py (whose browser and page list it reuses). For every role's front page, and for every page of
site_pages.PAGES as the first role (in ROLES' order) that may read it, at a window 375 px wide:

- no page scrolls sideways: document.scrollingElement.scrollWidth <= innerWidth (a wide table
  scrolls inside its own labelled, focusable box instead);
- axe-core finds nothing serious or critical;
- the main menu is folded behind a »Menu« button (a <details> summary: no JavaScript), which opens
  with the keyboard and then shows the links;
- the annual report's charts keep their text readable (at least 11 px high on the screen).

It exits non-zero on any failure and saves a screenshot of each failing page in build/screenshots/.
Run it after the journey, as a11y.py (it may make an anmodning or an annual report draft: see
a11y.subjects())."""
import os
import sys
import time
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import a11y
from a11y import BASE, R, Browser, subjects
from site_pages import PAGES, ROLES

WIDTH = 375
MIN_CHART_TEXT_PX = 11

OVERFLOW_JS = """
const w = innerWidth, sw = document.scrollingElement.scrollWidth;
if (sw <= w) return {width: w, scrollWidth: sw, culprits: []};
// The outermost elements that reach past the right edge and are not inside a box that scrolls on its own.
const culprits = [];
for (const e of document.querySelectorAll('body *')) {
  const b = e.getBoundingClientRect();
  if (b.right <= w + 0.5 || b.width === 0) continue;
  let p = e.parentElement, inside = false;
  while (p && p !== document.body) {
    const s = getComputedStyle(p);
    if (/(auto|scroll|hidden)/.test(s.overflowX)) { inside = true; break; }
    if (p.getBoundingClientRect().right > w + 0.5) { inside = true; break; }  // its parent is listed instead
    p = p.parentElement;
  }
  if (inside) continue;
  const id = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  culprits.push(id + ' ' + Math.round(b.right) + 'px');
  if (culprits.length >= 4) break;
}
return {width: w, scrollWidth: sw, culprits};
"""

CHART_JS = """
const sizes = [...document.querySelectorAll('.chart-figure svg text')].map(t => t.getBoundingClientRect().height).filter(h => h > 0);
return {count: sizes.length, smallest: sizes.length ? Math.min(...sizes) : 0};
"""


class Narrow(Browser):
    def __init__(self):
        super().__init__()
        self.d.set_window_size(WIDTH, 812)
        width = self.d.execute_script("return innerWidth")
        if width != WIDTH:   # a window's frame, if any, is outside innerWidth: make the page itself 375 wide
            self.d.set_window_size(WIDTH + (WIDTH - width), 812)
        self.checked = []

    def check_page(self, label):
        r = self.d.execute_script(OVERFLOW_JS)
        if r["width"] != WIDTH:
            R.fail(f"{label}: the page is {r['width']} px wide, not {WIDTH}")
        elif r["scrollWidth"] > r["width"]:
            R.fail(f"{label} scrolls sideways at {WIDTH} px: {r['scrollWidth']} px wide; "
                   f"reaching past the edge: {', '.join(r['culprits']) or '?'} (screenshot {self.shot('narrow ' + label)})")
        self.axe(f"{label} @{WIDTH}px")
        if self.d.find_elements(By.CSS_SELECTOR, ".chart-figure svg"):
            c = self.d.execute_script(CHART_JS)
            if c["count"] == 0 or c["smallest"] < MIN_CHART_TEXT_PX:
                R.fail(f"{label}: a chart's text is {c['smallest']:.1f} px high at {WIDTH} px (at least {MIN_CHART_TEXT_PX}), "
                       f"screenshot {self.shot('chart ' + label)}")
            else:
                self.checked.append(f"charts on {label}: text at least {c['smallest']:.1f} px high")

    def check_menu(self, label):
        """The main menu: folded at first, opened with the keyboard, its links then on the screen."""
        d = self.d
        summary = d.find_elements(By.CSS_SELECTOR, "details.nav-menu > summary")
        links = d.find_elements(By.CSS_SELECTOR, "nav.main-nav a")
        if not summary or not summary[0].is_displayed():
            R.fail(f"{label}: no »Menu« button (details.nav-menu > summary) shows at {WIDTH} px (screenshot {self.shot('menu ' + label)})")
            return
        if not links:
            R.fail(f"{label}: the main menu has no links")
            return
        if any(a.is_displayed() for a in links):
            R.fail(f"{label}: the menu's links show before the »Menu« button is pressed (screenshot {self.shot('menu open ' + label)})")
        d.execute_script("arguments[0].focus()", summary[0])
        self.key(Keys.ENTER)
        if not all(a.is_displayed() for a in links):
            R.fail(f"{label}: Enter on the »Menu« button does not show the menu's links (screenshot {self.shot('menu enter ' + label)})")
        if summary[0].get_attribute("aria-expanded") not in (None, "true") or not d.execute_script(
                "return arguments[0].parentElement.open", summary[0]):
            R.fail(f"{label}: the menu is not open after Enter")
        self.key(Keys.TAB)
        if self.d.execute_script("return document.activeElement.closest('nav.main-nav') === null"):
            R.fail(f"{label}: Tab after the opened »Menu« button does not go to the menu's first link")
        self.axe(f"{label} @{WIDTH}px, menu open")
        self.d.execute_script("arguments[0].focus()", summary[0])
        self.key(Keys.ENTER)
        if any(a.is_displayed() for a in links):
            R.fail(f"{label}: a second Enter on the »Menu« button does not fold the menu again")

    def run(self, ids):
        covered = set()
        seen_status = set()
        for user, name in ROLES:
            self.login(user, name)
            self.d.get(BASE + "/")
            self.check_page(f"/ ({name})")
            if user in (None, "sekretariat"):
                self.check_menu(f"/ ({name})")
            for path in PAGES:
                if path in covered or ("{published}" in path and ids["published"] is None):
                    continue
                real = path.format(**ids)
                code, location = self.answer(real)
                if code in (301, 302, 303, 307, 308):
                    continue   # another role may read it
                if code >= 400:
                    if code in (401, 403) or (code == 404 and path != "/findes-ikke") or code in seen_status:
                        continue
                    seen_status.add(code)
                covered.add(path)
                self.d.get(BASE + real)
                self.check_page(f"{real} ({name})")
        missing = [p for p in PAGES if p not in covered and not ("{published}" in p and ids["published"] is None)]
        return covered, missing


def main():
    started = time.time()
    print(f"At {WIDTH} px against {BASE} (axe-core {a11y.AXE_VERSION})", flush=True)
    b = Narrow()
    try:
        ids = subjects(b)
        covered, missing = b.run(ids)
    except Exception as error:
        R.fail(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''} "
               f"(at {b.d.current_url}, screenshot {b.shot('narrow crash')})")
        covered, missing = set(), []
    finally:
        b.quit()
    for line in b.checked:
        print(f"  {line}")
    for role, page, rule, impact, target in R.violations:
        print(f"  {impact:8} {rule:28} {page}  [{role}]  {target}")
    for path in missing:
        print(f"  not reached by any role (a redirect or a 404 for each): {path}")
    for f in R.failures:
        print(f"  FAILED: {f}")
    print(f"At {WIDTH} px: {R.checked} pages checked (every role's front page and {len(covered)} of the site's "
          f"{len(PAGES)} pages): {len(R.failures)} failures, {len(R.violations)} serious/critical axe violations "
          f"({time.time() - started:.0f} s)")
    return 1 if R.failures or R.violations else 0


if __name__ == "__main__":
    sys.exit(main())
