#!/usr/bin/env python3
"""A project's whole way through the council's process, in a real browser, with the demo accounts.

    BASE=http://127.0.0.1:PORT python3 Tests/Browser/journey.py

Headless Chromium (Debian's chromium and chromium-driver) driven by selenium (PyPI). The test
command starts the app against a fresh database and runs this; it exits non-zero on the first
step that does not do what a user would expect. Every step is done by the role that owns it,
through the forms a person would use: no request is forged and nothing is written to the database."""
import os
import re
import sys
import tempfile
import time

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ.get("BASE", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-raadsportal"
PROJECT = os.environ.get("JOURNEY_PROJECT") or "Fælles booking af genoptræning"


def browser():
    o = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        o.add_argument(arg)
    o.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver"))


d = browser()
steps = 0


def step(text):
    global steps
    steps += 1
    print(f"  {steps:2}. {text}", flush=True)


def check(condition, what):
    if not condition:
        raise AssertionError(f"{what} (at {d.current_url}, title {d.title!r})")


def body():
    return d.find_element(By.TAG_NAME, "body").text


def click(css):
    """Clicks and waits for the next page to load (the old page's body goes stale)."""
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(d, 30).until(lambda _: _stale(old) and d.execute_script("return document.readyState") == "complete")


def _stale(element):
    try:
        element.tag_name
        return False
    except Exception:
        return True


def button(text):
    for b in d.find_elements(By.CSS_SELECTOR, "button[type=submit]"):
        if b.text.strip() == text:
            old = d.find_element(By.TAG_NAME, "html")
            b.click()
            WebDriverWait(d, 30).until(lambda _: _stale(old) and d.execute_script("return document.readyState") == "complete")
            return
    raise AssertionError(f"no button »{text}« at {d.current_url}")


def click_link(text):
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.PARTIAL_LINK_TEXT, text).click()
    WebDriverWait(d, 30).until(lambda _: _stale(old) and d.execute_script("return document.readyState") == "complete")


def fill(name, value):
    e = d.find_element(By.NAME, name)
    e.clear()
    e.send_keys(value)


def tick(css):
    _tick(d.find_element(By.CSS_SELECTOR, css))


def _tick(e):
    if not e.is_selected():
        d.execute_script("arguments[0].click()", e)


def tick_label(text):
    """Ticks the checkbox or radio whose label reads `text` (a person's name may be followed by their title)."""
    for label in d.find_elements(By.TAG_NAME, "label"):
        if label.text.strip() == text or label.text.strip().startswith(text + ","):
            return _tick(d.find_element(By.ID, label.get_attribute("for")))
    raise AssertionError(f"no label »{text}« at {d.current_url}")


def login(user):
    d.delete_all_cookies()
    d.get(BASE + "/login")
    fill("username", user)
    fill("password", PASSWORD)
    button("Log ind")
    check(user != "" and "Log ud" in body(), f"{user} is logged in")


def open_case(url):
    d.get(BASE + url)
    check(PROJECT in d.title, f"the case page of {PROJECT}")


try:
    print(f"Browser journey against {BASE}")
    # 1. Intake by the project leader: an error on the way is shown next to the field, nothing typed is lost.
    login("projektleder")
    d.get(BASE + "/raadet/indmelding")
    fill("name", PROJECT)
    fill("purpose", "At give patienterne én fælles booking af genoptræning på tværs af hospitaler og kommuner.")
    tick("input[name=kind][value=faellesregional]")
    tick("input[name=regions][value='Region Nordjylland']")
    fill("budget", "tolv")
    Select(d.find_element(By.NAME, "phase")).select_by_value("Analyse")
    fill("chair", "Ida Formand")
    fill("members", "Jonas Medlem\nKaren Kvist")
    fill("desired_month", "marts 2099")
    fill("contact", "Peter Projektleder Møller")
    button("Indsend indmeldingen")
    check("Budgettet kunne ikke læses" in body(), "the budget error is shown")
    check(d.find_element(By.NAME, "members").get_attribute("value") == "Jonas Medlem\nKaren Kvist", "what was typed is kept")
    # A budget typed in kroner into the field in mio. kr.: shown converted for the project leader to confirm.
    fill("budget", "24.500.000")
    button("Indsend indmeldingen")
    check("Bekræft budgettet" in body() and "24.500.000 kr. = 24,5 mio. kr." in body(), "the kroner are shown converted")
    check(d.find_element(By.NAME, "budget").get_attribute("value") == "24,5", "the field holds the millions to confirm")
    check(d.find_element(By.NAME, "members").get_attribute("value") == "Jonas Medlem\nKaren Kvist", "what was typed is kept")
    button("Indsend indmeldingen")
    check("Planlægning" in body() and "24,5 mio. kr." in body(), "the intake is submitted and mandatory")
    case_url = re.sub(r"\?.*$", "", d.current_url).replace(BASE, "")
    step(f"projektleder registers {PROJECT} ({case_url}), after fixing a budget the form refused and confirming one typed in kroner")

    # 2. Planning by the secretariat.
    login("sekretariat")
    check(f"Planlæg risikovurderingen: {PROJECT}" in body(), "the secretariat's front page lists the case to plan")
    open_case(case_url)
    click("a[href$='/planlaegning']")
    for name in ["Jens Gordon Clausen", "Jens Ole Skov", "Lene Vurderer Hansen", "Karsten Økonom Berg", "Sanne Arkitekt Lund",
                 "Mikkel Projektleder Holm"]:
        tick_label(name)
    fill("material", "1.2.2099")
    fill("dialogue", "20.2.2099")
    fill("letter", "10.3.2099")
    button("Gem planen")
    check("Risikovurderingen er planlagt" in body(), "the plan is saved")
    step("sekretariat appoints two council members and four assessors and sets the dates")

    # 3. Each appointee declares impartiality before seeing the material.
    for user in ["raadsmedlem1", "raadsmedlem2", "vurderer1", "vurderer2", "vurderer3", "vurderer4"]:
        login(user)
        check("Afgiv habilitetserklæring" in body(), f"{user}'s front page asks for the declaration")
        open_case(case_url)
        tick("#erklaering")
        button("Afgiv erklæringen")
        check("Din habilitetserklæring er registreret" in body(), f"{user} has declared")
    step("the six appointees declare their impartiality")

    # 4. The project uploads its PID and sends the material; the 10 working days start.
    login("projektleder")
    open_case(case_url)
    pdf = os.path.join(tempfile.mkdtemp(), "PID genoptræning.pdf")
    with open(pdf, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    d.find_element(By.NAME, "file").send_keys(pdf)
    button("Upload")
    check("Dokumentet er uploadet" in body() and "PID genoptræning.pdf" in body(), "the PID is uploaded")
    button("Send materialet")
    check("Vurderingen afsluttes senest" in body(), "the due date is shown")
    step("projektleder uploads the PID and sends the material")

    # 5. An assessor records an observation; the secretariat records the dialogue meeting.
    login("vurderer1")
    d.get(BASE + case_url + "/vurdering")
    fill("observation", "Tidsplanen har ingen buffer før overgangen til den nye booking.")
    button("Registrér observationen")
    check("Observationen er registreret" in body(), "the observation is saved")
    login("sekretariat")
    d.get(BASE + case_url + "/vurdering")
    check("Tidsplanen har ingen buffer" in body(), "the secretariat reads the observation")
    fill("held_on", "20.2.2099")
    fill("participants", "Projektleder, styregruppeformand Ida Formand, rådsmedlemmerne og vurderingsteamet")
    fill("notes", "Projektet uddybede tidsplanen.")
    button("Registrér dialogmødet")
    check("Dialogmødet er registreret" in body(), "the dialogue meeting is recorded")
    step("vurderer1 records an observation; sekretariat records the dialogue meeting")

    # 6. The letter: written by a council member, signed by both, sent by the secretariat.
    login("raadsmedlem1")
    d.get(BASE + case_url + "/brev/rediger")
    fill("statement", "Projektet er godt forberedt, men tidsplanen er stram.")
    for code in ["k:teknologi", "k:interessenter", "r:forretning", "r:eksterne"]:
        tick(f"input[name=criteria][value='{code}']")
    tick("#profile-A")
    Select(d.find_element(By.NAME, "rec_theme_0")).select_by_value("projekttilrettelaeggelse|Tidsplan")
    fill("rec_body_0", "Læg buffer ind i tidsplanen før overgangen.")
    button("Gem brevet")
    check("Brevet er gemt" in body(), "the letter is saved")
    button("Godkend brevet")
    check("Din godkendelse er registreret" in body(), "raadsmedlem1 signs")
    login("raadsmedlem2")
    check(f"Godkend anbefalingsbrevet: {PROJECT}" in body(), "raadsmedlem2's front page asks for the sign-off")
    d.get(BASE + case_url + "/brev")
    button("Godkend brevet")
    check("Din godkendelse er registreret" in body(), "raadsmedlem2 signs")
    login("sekretariat")
    d.get(BASE + case_url + "/brev")
    fill("responsum_due", "1.6.2099")
    button("Send brevet")
    check("Send anbefalingsbrevet?" in body() and "Hvem får besked" in body() and "Projektlederen" in body(),
          "sending asks first, saying who will be told")
    button("Ja, send brevet")
    check("Brevet er sendt" in body(), "the letter is sent")
    step("raadsmedlem1 writes the letter (profile A), both council members sign, sekretariat sends it")

    # 7. The directors read it; the project answers with its responsum and evaluates.
    login("direktoer")
    d.get(BASE + case_url + "/brev")
    check("Læg buffer ind i tidsplanen før overgangen." in body(), "the director reads the sent letter")
    login("projektleder")
    check(f"Skriv responsum: {PROJECT}" in body(), "the project leader's front page asks for the responsum")
    d.get(BASE + case_url + "/responsum")
    answer = d.find_element(By.CSS_SELECTOR, "input[type=radio][value=foelges]")
    tick("#" + answer.get_attribute("id"))
    rec = answer.get_attribute("name").removeprefix("answer_")
    fill(f"action_{rec}", "Tre måneders buffer indarbejdes i tidsplanen.")
    fill(f"date_{rec}", "1.9.2099")
    button("Indsend responsum")
    check("Responsum er indsendt" in body(), "the responsum is submitted")
    d.get(BASE + case_url + "/evaluering")
    for q in ["q1", "q2", "q3"]:
        tick(f"input[name={q}][value='4']")
    fill("comment", "God og konstruktiv dialog.")
    button("Indsend evalueringen")
    check("Sagen er afsluttet" in body() and "Afsluttet" in body(), "the evaluation closes the case")
    step("direktoer reads the letter; projektleder answers with a responsum and evaluates: the case is closed")

    login("direktoer")
    d.get(BASE + case_url + "/brev")
    check("Tre måneders buffer" in body(), "the director reads the responsum with the letter")
    step("direktoer reads the responsum together with the letter")

    # 8. The annual reports: the demo's draft for 2022–2023 published; the annual report 2020–2021
    # (published in the demo, as it was in reality, its figures computed from the demo data) sent to
    # the board and read by the public.
    login("sekretariat")
    d.get(BASE + "/aarsrapporter")
    click_link("Årsrapport 2023")
    check("Kladde: tallene beregnes af It-rådets data" in body(), "the draft report is computed from the data")
    click_link("Offentliggør")
    button("Ja, offentliggør")
    check("Årsrapporten er offentliggjort" in body(), "the report is published")
    step("sekretariat publishes the draft annual report 2022–2023")
    d.get(BASE + "/aarsrapporter")
    click_link("Årsrapport 2021")
    check("Tabel 1: It-rådets aktiviteter 2020–2021" in body() and "Risikovurderingerne gav i alt 59 anbefalinger" in body()
          and "offentliggjort 31. marts 2022" in body(), "the published report 2020–2021 holds the figures computed from the data")
    click_link("Send til bestyrelsen")
    Select(d.find_element(By.NAME, "meeting")).select_by_index(1)
    fill("case_number", "EMN-2019-00960")
    button("Foreslå til mødet")
    check("foreslået til bestyrelsesmødet" in body(), "the report is proposed for the next board meeting")
    step("sekretariat proposes the published annual report 2020–2021 for the next board meeting")
    login("bestyrelsessekretariat")
    click_link("Tag stilling til forslag fra It-rådet")
    button("Acceptér og opret punktet")
    # The report's PDF, asked for now (the demo published the report without it), may still be being
    # made: the page says so, and the board secretariat accepts again a moment later.
    for _ in range(20):
        if "PDF dannes stadig" not in body():
            break
        time.sleep(2)
        button("Acceptér og opret punktet")
    check("Årsrapport for Regionernes It-råd" in body() and "EMN-2019-00960" in body() and "Årsrapport 2020–2021.pdf" in body(),
          "the agenda item is created with the report attached")
    step("bestyrelsessekretariat accepts: the agenda item is created with the report as bilag")
    d.delete_all_cookies()
    d.get(BASE + "/aarsrapporter")
    click_link("Årsrapport 2021")
    check("Log ind" in body() and "Figur 2: Anbefalinger ifm. risikovurderinger fordelt på fokusområder" in body() and "32 %" in body(),
          "the public reads the published report")
    step("the public reads the published report")

    # 9. A request from a project: a sparringsmøde asked for in the browser, answered by the secretariat.
    d.get(BASE + "/it-raadet")
    check("Alle fællesregionale it- og digitaliseringsprojekter med et budget over 10 mio. kr. skal risikovurderes." in body(),
          "the public reads who must be assessed")
    login("projektleder")
    d.get(BASE + "/it-raadet")
    click_link("Bed om et sparringsmøde")
    Select(d.find_element(By.NAME, "project")).select_by_visible_text("Fællesregionalt udbud af Præhospital Patientjournal")
    tick("#timing-foer")
    fill("challenge", "Ét samlet udbud eller fem regionale?")
    fill("wished_dates", "uge 10")
    button("Send anmodningen")
    check("Anmodningen er sendt til rådssekretariatet" in body(), "the request is sent")
    request_url = re.sub(r"\?.*$", "", d.current_url).replace(BASE, "")
    login("sekretariat")
    click_link("Besvar anmodning om sparringsmøde")
    tick("#accepter")
    fill("planned_on", "10.3.2099")
    tick_label("Jens Gordon Clausen")
    fill("answer", "Vi ses den 10. marts.")
    button("Registrér beslutningen")
    check("Acceptér anmodningen?" in body() and "Sparringsmødet oprettes 10. marts 2099 med Jens Gordon Clausen." in body(),
          "deciding asks first")
    button("Ja, acceptér")
    check("Beslutningen er registreret" in body(), "the secretariat accepts")
    login("projektleder")
    d.get(BASE + request_url)
    check("Accepteret" in body() and "Vi ses den 10. marts." in body(), "the project leader reads the answer")
    click_link("Sparringsmødet er planlagt")
    check("10. marts 2099" in body() and "Jens Gordon Clausen" in body(), "the sparring meeting exists")
    step("projektleder asks for a sparringsmøde; sekretariat accepts it; projektleder reads the answer and the planned meeting")

    # 10. The board's agenda: the public sees a confidential item's number only; a board member reads it.
    confidential = "Økonomiforhandlingerne for 2023 – forhandlingsoplæg og mandat til formandskabet"
    d.delete_all_cookies()
    d.get(BASE + "/bestyrelse/moeder/1")
    check("Status på sundhedsydelser til ukrainske flygtninge" in body() and "(Fortrolig)" in body() and confidential not in body(),
          "the public reads the agenda without the confidential item's title")
    click_link("Status på sundhedsydelser til ukrainske flygtninge")
    check("Rusland invaderede Ukraine" in body(), "the public reads a public item")
    d.get(BASE + "/bestyrelse/moeder/1/punkter/1")
    check(confidential not in body() and confidential not in d.page_source, "a confidential item is not shown to the public")
    step("the public reads the agenda and a public item; the confidential item stays closed")
    login("bestyrelse")
    d.get(BASE + "/bestyrelse/moeder/1")
    click_link(confidential)
    check("EMN-2022-00517" in body() and "Fortrolig" in body(), "a board member reads the confidential item")
    step("bestyrelse reads the agenda and the confidential item")

    # 11. The board's meeting cycle (issue 20): a meeting of today from draft to approved minutes.
    from datetime import datetime
    from zoneinfo import ZoneInfo
    now = datetime.now(ZoneInfo("Europe/Copenhagen"))
    today = f"{now.day}.{now.month}.{now.year}"
    login("bestyrelsessekretariat")
    d.get(BASE + "/bestyrelse/moeder")
    click_link("Nyt møde")
    fill("title", "Ekstraordinært bestyrelsesmøde")
    fill("date", today)
    fill("start", "23.59")
    fill("end", "")
    fill("place", "virtuelt")
    button("Opret møde")
    check("Ekstraordinært bestyrelsesmøde" in body() and "Kladde" in body(), "the new meeting is a draft")
    meeting_url = re.sub(r"[?#].*$", "", d.current_url)
    click_link("Tilføj punkt")
    fill("title", "Godkendelse af strategi for fælles it")
    fill("case_officer", "Maren Munk-Madsen")
    fill("case_number", "EMN-2026-00777")
    fill("resume", "Bestyrelsen forelægges strategien.")
    fill("indstilling", "Det indstilles,\nat bestyrelsen godkender strategien.")
    button("Tilføj punkt")
    step("bestyrelsessekretariat creates a meeting of today through »Nyt møde« and adds an item")
    d.get(meeting_url)
    click_link("Offentliggør mødet")
    check("Det sker, når du bekræfter" in body() and "Hvem får besked" in body() and "Bente Bestyrelsesmedlem" in body(),
          "the confirmation says what happens and who is told")
    tick("#naar-nu")
    button("Offentliggør")
    check("Mødet er offentliggjort" in body() and "Offentliggjort" in body(), "the meeting is published")
    click_link("Markér som afholdt")
    check("Det sker, når du bekræfter" in body() and "ingen beslutning registreret endnu" in body(),
          "marking held asks first and names the item without a decision")
    button("Markér som afholdt")
    check("Mødet er markeret som afholdt" in body(), "the meeting is held")
    step("bestyrelsessekretariat publishes after the confirmation and marks the meeting held")
    click_link("Godkendelse af strategi for fælles it")
    fill("decision", "Bestyrelsen godkendte strategien.")
    button("Gem beslutning")
    d.get(meeting_url + "/referat")
    click_link("Registrér fremmøde")
    tick_label("Deltog")
    button("Gem fremmødet")
    check("Fremmødet er gemt" in body() and "Bente Bestyrelsesmedlem" in body() and "Bestyrelsen godkendte strategien." in body(),
          "attendance and decision are in the minutes")
    button("Send referatet til kommentering")
    check("sendt til kommentering" in body(), "the minutes are sent for review")
    step("bestyrelsessekretariat records the decision and the attendance and sends the minutes for review")
    login("bestyrelse")
    d.get(meeting_url + "/referat")
    fill("kommentar", "Fint referat.")
    button("Send kommentaren")
    check("Din kommentar er gemt" in body() and "Fint referat." in body(), "the board member comments")
    step("bestyrelse comments on the minutes")
    login("bestyrelsessekretariat")
    d.get(meeting_url + "/referat")
    check("Fint referat." in body(), "the secretariat reads the comment")
    click_link("Godkend referatet")
    fill("dato", today)
    button("Godkend referatet")
    check("Referatet er godkendt" in body() and re.search(r"Godkendt den \d+\. \w+ \d{4}", body()), "the minutes read »Godkendt den …«")
    d.delete_all_cookies()
    d.get(meeting_url + "/referat")
    check(re.search(r"Godkendt den \d+\. \w+ \d{4}", body()) and "Bestyrelsen godkendte strategien." in body(),
          "the public reads the approved minutes")
    step("bestyrelsessekretariat approves the minutes; the public reads them, »Godkendt den …«")
    print(f"Browser journey: {steps} steps passed")
except Exception as error:
    os.makedirs("build/screenshots", exist_ok=True)
    shot = os.path.abspath(f"build/screenshots/journey-step-{steps + 1}.png")
    try:
        d.save_screenshot(shot)
    except Exception:
        pass
    print(f"Browser journey FAILED after {steps} steps: {error}\n(screenshot: {shot})", file=sys.stderr)
    sys.exit(1)
finally:
    d.quit()
