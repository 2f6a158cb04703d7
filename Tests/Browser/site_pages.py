"""The pages and forms of the site, per role: what the accessibility check (a11y.py, in Chromium) and
the clients check (Tests/Clients/clients.py, the Nu HTML Checker over the saved HTML) go through. Data
only; the ids are the demo data's (seed-demo), {request}, {draft} and {published} are found or made by
each check (see their subjects())."""

# One account for each role (the demo data's), and the public reader without one.
ROLES = [
    (None, "offentligheden"),
    ("sekretariat", "rådssekretariatet"),
    ("raadsmedlem1", "rådsmedlem"),
    ("vurderer1", "vurderer"),
    ("projektleder", "projektleder"),
    ("direktoer", "direktør"),
    ("bestyrelsessekretariat", "bestyrelsessekretariatet"),
    ("bestyrelse", "bestyrelsesmedlem"),
    ("admin", "administrator"),
]

# Every GET route that answers HTML, with real ids from the demo data (seed-demo). A route that serves
# a file (PDF, CSV, iCalendar, sitemap.xml, bilag, healthz) is left out: axe checks HTML. A case looks
# different in each state, so there is one case page per state. {request} is an anmodning waiting for
# the secretariat's decision, {draft} an annual report being written and {published} a published one
# (see subjects()). A route added to the app belongs here too.
PAGES = [
    "/",
    "/tilgaengelighedserklaering",
    "/privatlivspolitik",
    "/login",
    "/konto",
    "/konto/totrin",                   # two-step login, once the app has it (until then a 404 like any other)
    "/glemt-adgangskode",              # a password reset by e-mail (issue 22)
    "/ny-adgangskode/ukendt",          # a reset link that does not work
    "/bliv-bruger",                    # a new project leader asks for an account
    "/raadet/kontoanmodninger",        # the secretariat decides those requests
    "/bestyrelse/moeder",
    "/bestyrelse/moeder/1",            # published, with confidential items
    "/bestyrelse/moeder/3",            # a draft: the board secretariat's view
    "/bestyrelse/moeder/1/punkter/7",
    "/bestyrelse/moeder/1/punkter/5",  # confidential
    "/bestyrelse/moeder/1/pakke",
    "/bestyrelse/moeder/1/referat",
    "/bestyrelse/soeg?q=udbud",
    "/bestyrelse/statusnotater",
    "/bestyrelse/statusnotater/versioner/2",
    "/bestyrelse/moeder/ny",
    "/bestyrelse/moeder/3/offentliggoer",   # the confirmation before publishing a draft (issue 20)
    "/bestyrelse/moeder/2/fremmoede",       # attendance of a held meeting whose minutes are a draft
    "/bestyrelse/moeder/2/referat",         # draft minutes
    "/bestyrelse/punkter/3/inhabilitet",    # exclusion from a confidential item
    "/bestyrelse/mine-noter",
    "/bestyrelse/min-kalender",             # the personal calendar feed
    "/bestyrelse/min-kalender/forny",       # the confirmation before renewing its address
    "/bestyrelse/moeder/3/rediger",
    "/bestyrelse/moeder/3/punkter/ny",
    "/bestyrelse/punkter/11/rediger",
    "/bestyrelse/punkter/11/slet",
    "/it-raadet",
    "/it-raadet/risikovurdering",
    "/it-raadet/kontakt",
    "/it-raadet/materialer",
    "/it-raadet/materialer/ny",
    "/it-raadet/materialer/1",
    "/raadet/projekter",
    "/raadet/sager",
    "/raadet/indmelding",
    "/raadet/sager/1",                 # closed
    "/raadet/sager/7",                 # waiting for the project's material
    "/raadet/sager/8",                 # being assessed
    "/raadet/sager/9",                 # being planned
    "/raadet/sager/10",                # waiting for the secretariat's decision
    "/raadet/sager/10/indmelding",
    "/raadet/sager/9/planlaegning",
    "/raadet/sager/8/vurdering",
    "/raadet/sager/1/brev",
    "/raadet/sager/8/brev/rediger",
    "/raadet/sager/1/responsum",
    "/raadet/sager/1/evaluering",
    "/raadet/overblik",
    "/raadet/evalueringsskema",        # the secretariat's evaluation questionnaire
    "/raadet/sparring",
    "/raadet/sparring/ny",
    "/raadet/sparring/5",
    "/raadet/sparring/5/referat",
    "/raadet/anmodninger",
    "/raadet/anmodninger/ny",
    "/raadet/anmodninger/{request}",
    "/aarsrapporter",
    "/aarsrapporter/ny",
    "/aarsrapporter/{published}",
    "/aarsrapporter/{draft}",
    "/aarsrapporter/{draft}/rediger",
    "/aarsrapporter/{draft}/offentliggoer",
    "/aarsrapporter/{published}/bestyrelse",
    "/admin/brugere",
    "/admin/brugere/ny",
    "/admin/brugere/2",
    "/admin/brugere/2/persondata",        # the person's data: export and erasure (issue 23)
    "/admin/brugere/2/slet-persondata",   # the erasure's confirmation (nothing is erased by a GET)
    "/admin/log",
    "/admin/sso-roller",                    # single sign-on: groups to roles
    "/admin/totrin",
    "/findes-ikke",                    # the 404 page
]

# The forms, submitted so that the app answers with its error state and saves nothing: (role, page, the
# form's action ends with, its button, fields to fill in first). The rest is left as the page has it.
FORMS = [
    (None, "/login", "/login", "Log ind", {"username": "sekretariat", "password": "forkert-adgangskode"}),
    ("projektleder", "/konto", "/konto/adgangskode", "Skift adgangskode", {"new": "kort"}),
    (None, "/glemt-adgangskode", "/glemt-adgangskode", "Send link", {}),
    (None, "/bliv-bruger", "/bliv-bruger", "Send anmodningen", {"email": "ikke-en-adresse"}),
    ("projektleder", "/raadet/indmelding", "/raadet/indmelding", "Indsend indmeldingen", {"budget": "tolv"}),
    ("projektleder", "/raadet/anmodninger/ny", "/raadet/anmodninger/ny", "Send anmodningen", {}),
    ("sekretariat", "/raadet/sager/10", "/beslutning", "Registrér beslutningen", {}),
    ("sekretariat", "/raadet/sager/9/planlaegning", "/planlaegning", "Gem planen", {"material": "31.2.2099"}),
    ("sekretariat", "/raadet/sager/8/vurdering", "/dialogmoede", "Registrér dialogmødet", {"held_on": "i morgen"}),
    ("vurderer1", "/raadet/sager/8/vurdering", "/observationer", "Registrér observationen", {}),
    ("raadsmedlem1", "/raadet/sager/8/brev/rediger", "/brev/rediger", "Gem brevet", {"statement": "x" * 50001}),
    ("sekretariat", "/raadet/sparring/ny", "/raadet/sparring/ny", "Planlæg mødet", {}),
    ("sekretariat", "/raadet/sparring/5/referat", "/referat", "Gem referatet", {"held_on": "i går"}),
    ("sekretariat", "/raadet/anmodninger/{request}", "/beslutning", "Registrér beslutningen", {}),
    ("sekretariat", "/it-raadet/kontakt", "/it-raadet/kontakt", "Gem", {"body": "x" * 5001}),
    ("sekretariat", "/it-raadet/materialer/ny", "/it-raadet/materialer/ny", "Gem", {}),
    ("sekretariat", "/aarsrapporter/ny", "/aarsrapporter/ny", "Opret kladden", {"from_year": "tyve"}),
    ("sekretariat", "/aarsrapporter/{draft}/rediger", "/rediger", "Gem teksten", {"title": ""}),
    ("sekretariat", "/aarsrapporter/{published}/bestyrelse", "/bestyrelse", "Foreslå til mødet", {}),
    ("bestyrelsessekretariat", "/bestyrelse/moeder/ny", "/bestyrelse/moeder", "Opret møde", {}),
    ("bestyrelsessekretariat", "/bestyrelse/moeder/3/punkter/ny", "/punkter", "Tilføj punkt", {}),
    ("bestyrelsessekretariat", "/bestyrelse/statusnotater/versioner/2", "/versioner/2", "Gem statusnotatet", {"refs_0": "retsinformation"}),
    ("admin", "/admin/brugere/ny", "/admin/brugere", "Opret bruger", {}),
]
