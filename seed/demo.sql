-- Rådsportalen: curated demo data (seed/demo.sql)
--
-- What this is: demo data for Regionernes It-råd and the Danske Regioner board, curated from
-- the Danish source documents in ../shared/seeds/ (a board meeting agenda of spring 2022, the
-- council's annual report 2021 and the council's web page). The app and its container never
-- read ../shared at run time; this file is the only copy it needs.
--
-- How it runs: `raadsportal seed-demo` first upserts the demo users (admin, sekretariat,
-- raadsmedlem1, raadsmedlem2, vurderer1, projektleder, bestyrelsessekretariat, bestyrelse,
-- direktoer) and then executes this whole file as one string (libpq PQexec) inside one
-- transaction. Hence: plain SQL only, no psql meta-commands, no BEGIN/COMMIT. Every INSERT
-- gives explicit ids and ends with ON CONFLICT (id) DO NOTHING, and the sequences are set to
-- max(id) at the end, so running the file again changes nothing.
--
-- Text conventions: paragraphs are separated by a blank line; a sub-heading is a paragraph of
-- its own; bullet lists are lines starting with "- "; links are plain URLs on a line of their
-- own; "Det indstilles,\nat bestyrelsen …" keeps its line break.
--
-- Taken from the seeds: the six council members; the projects, their purposes, leading
-- bodies, risk profiles and the activities of Tabel 1; the public agenda items 2, 7, 8, 9
-- and 10 (full text, item 9's as sub-topics; three obvious typos of the PDF corrected:
-- "godkende" → "godkendte", "forgår" → "foregår", "scenerier" → "scenarier").
-- Invented (the seeds do not give them): all budgets and regional shares; the purposes and
-- RSI phases of the three 2022 pipeline projects; which council members hold the demo
-- logins; the exact date, time and place of the board meeting (see the meetings section);
-- the case officer and case number of item 10; and the whole of the confidential items
-- 1, 3, 4, 5 and 6. The interface marks each of them as invented (the invented_note columns
-- of sql/021, set at the end of this file): nothing invented shows without the marker
-- "Eksempel – opfundet til demonstration".

-- ---------------------------------------------------------------------------------------
-- Council members (annual report 2021, section 7 "Regionernes It-råd: Eksperterne").
-- Demo logins: raadsmedlem1 = Jens Gordon Clausen (Region Hovedstaden, regional member),
--              raadsmedlem2 = Jens Ole Skov (Region Nordjylland, regional member).
-- ---------------------------------------------------------------------------------------
-- "Now" for the data dated from the load day: the real clock, unless the loader sets
-- raadsportal.demo_now (the page snapshot tests load the demo as of a fixed day).
CREATE OR REPLACE FUNCTION pg_temp.demo_now() RETURNS timestamptz LANGUAGE sql STABLE AS
    $f$SELECT coalesce(nullif(current_setting('raadsportal.demo_now', true), '')::timestamptz, now())$f$;
CREATE OR REPLACE FUNCTION pg_temp.demo_today() RETURNS date LANGUAGE sql STABLE AS
    $f$SELECT (pg_temp.demo_now() AT TIME ZONE 'Europe/Copenhagen')::date$f$;

INSERT INTO council_members (id, full_name, title, membership, is_chair, user_id, sort_order) VALUES
    (1, 'Jane Kraglund', 'Regionsdirektør, Region Syddanmark', 'regional', true, NULL, 1),
    (2, 'Jens Gordon Clausen', 'Regionsdirektør, Region Hovedstaden', 'regional', false,
        (SELECT id FROM users WHERE username = 'raadsmedlem1'), 2),
    (3, 'Jens Ole Skov', 'Hospitalsdirektør, Aalborg Universitetshospital, Region Nordjylland', 'regional', false,
        (SELECT id FROM users WHERE username = 'raadsmedlem2'), 3),
    (4, 'Lillian Mogensen', 'Bestyrelsesformand, Rejsekort og Rejseplan A/S', 'external', false, NULL, 4),
    (5, 'Lars Mathiesen', 'Direktør, Frost Management', 'external', false, NULL, 5),
    (6, 'Jens Schmidt', 'Leder af Forskningscenter for Offentlig IT, IT-universitetet', 'external', false, NULL, 6)
ON CONFLICT (id) DO NOTHING;

-- The members' terms: two years, appointed by Regionsdirektørkredsen (seed). The dates are INVENTED
-- (the seed gives none; term_invented marks them for the pages), relative to the day the demo is
-- loaded: two external members' terms end within three months, so the secretariat sees them.
UPDATE council_members m SET term_start = (v.term_end - interval '2 years' + interval '1 day')::date, term_end = v.term_end,
       term_invented = true
FROM (VALUES (1, pg_temp.demo_today() + 400), (2, pg_temp.demo_today() + 400), (3, pg_temp.demo_today() + 400),
             (4, pg_temp.demo_today() + 45), (5, pg_temp.demo_today() + 45), (6, pg_temp.demo_today() + 400)) AS v(id, term_end)
WHERE m.id = v.id AND m.term_end IS NULL;

-- The demo's director belongs to Regionsdirektørkredsen (the body is recorded on each decision).
UPDATE users SET body = 'Regionsdirektørkredsen' WHERE username = 'direktoer' AND body = '';

-- ---------------------------------------------------------------------------------------
-- Projects. Ids 1-6: the six risk-assessed projects (purposes from the table "Projektnavn
-- Formål" in agenda item 7; leading bodies and risk profiles from the annual report).
-- Ids 7-9: the 2022 pipeline of Tabel 1; their purposes and phases are INVENTED (plausible).
-- ALL budget_mio and regional_share_mio figures are INVENTED: the seeds give no budgets.
-- ---------------------------------------------------------------------------------------
INSERT INTO projects (id, name, short_name, purpose, kind, leading_bodies, budget_mio, regional_share_mio,
                      rsi_phase, risk_profile, project_leader_id) VALUES
    (1, 'LUNA', 'LUNA',
        $t$At etablere en fællesregional løsning til administration af praksisområdet efter gældende lovgivning og overenskomster.$t$,
        'faellesregional', ARRAY['Region Midtjylland'], 118.00, NULL, 'Analyse', 'A', NULL),
    (2, 'Klinisk Immunologi IT', 'KIIT',
        $t$At anskaffe og implementere et fællesregionalt system til understøttelse af klinisk immunologi i alle fem regioner.$t$,
        'faellesregional', ARRAY['Region Syddanmark'], 46.50, NULL, 'Analyse', 'A', NULL),
    (3, 'Fælles udbud af laboratorierekvisitionssystem', 'LABREK',
        $t$At anskaffe og implementere et nyt laboratorierekvisitionssystem, der lever op til nutidige krav om datasikkerhed og med en tidssvarende it-arkitektur.$t$,
        'faellesregional', ARRAY['Region Nordjylland'], 38.00, NULL, 'Analyse', 'B', NULL),
    (4, 'Det fællesregionale patologisystem', '',
        $t$At etablere en moderniseret it-platform, som bl.a. vil give mulighed for at anvende digitale løsninger inden for patologi, understøtte den hastigt voksende brug af molekylærpatologiske undersøgelser samt udnytte ressourcer på tværs af regionerne.$t$,
        'faellesregional', ARRAY['Region Syddanmark'], 152.00, NULL, 'Analyse', 'A', NULL),
    (5, 'Sygehusmedicinregisteret 2', 'SMR2',
        $t$At videreudvikle det allerede eksisterende sygehusmedicinregister og skabe bedre adgang til data fra registeret, herunder mulighed for tilkobling til andre registre.$t$,
        'faellesoffentlig', ARRAY['Region Midtjylland','Sundhedsdatastyrelsen'], 42.00, 24.50, 'Analyse', 'A', NULL),
    (6, 'Fælles Udvikling af Telemedicin', 'FUT',
        $t$At udvikle en løsning til telemedicinsk behandling af patienter med KOL og andre sygdomme på tværs af kommuner og regioner.$t$,
        'faellesoffentlig', ARRAY['Region Midtjylland','Københavns Kommune'], 96.00, 38.00, 'Analyse', 'A', NULL),
    (7, 'Fællesregionalt udbud af Præhospital Patientjournal', 'PPJ',
        $t$At gennemføre et fællesregionalt udbud af en ny præhospital patientjournal, der giver ambulancer, akutlægebiler og AMK-vagtcentraler i alle fem regioner en mobil og sikker dokumentation af patientforløbet og deler data direkte med hospitalernes akutmodtagelser.$t$,
        'faellesregional', ARRAY['Region Midtjylland'], 74.00, NULL, 'Analyse', NULL,
        (SELECT id FROM users WHERE username = 'projektleder')),
    (8, 'Anskaffelse og etablering af nyt RIS/PACS', 'RIS/PACS',
        $t$At anskaffe og etablere et nyt radiologisk informationssystem og billedarkiv (RIS/PACS), der afløser de nuværende løsninger, understøtter hele det billeddiagnostiske forløb og gør det muligt at dele billeder og svar på tværs af hospitaler og regioner.$t$,
        'faellesregional', ARRAY['Region Hovedstaden'], 245.00, NULL, 'Analyse', NULL, NULL),
    (9, 'MinSundhed v2', 'MinSundhed v2',
        $t$At videreudvikle regionernes fælles app MinSundhed, så patienterne ét sted kan se aftaler, forløbsplaner og beskeder fra hospitalerne, og så de kan kommunikere digitalt med deres behandlere.$t$,
        'faellesregional', ARRAY['Region Syddanmark'], 28.00, NULL, 'Idé', NULL, NULL)
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------------------
-- Council activities: exactly Tabel 1 of the annual report 2021 ("It-rådets aktiviteter").
-- Ids 1-8: done in 2020/2021; ids 9-12: expected in 2022 (Q2 -> {2}, Q4 -> {4}, Q3/Q4 -> {3,4}).
-- ---------------------------------------------------------------------------------------
INSERT INTO council_activities (id, project_id, kind, partner_council, month_done, expected_year, expected_quarters) VALUES
    (1,  1, 'risikovurdering', '', DATE '2020-04-01', NULL, '{}'),
    (2,  2, 'risikovurdering', '', DATE '2020-06-01', NULL, '{}'),
    (3,  3, 'risikovurdering', '', DATE '2020-08-01', NULL, '{}'),
    (4,  4, 'risikovurdering', '', DATE '2021-01-01', NULL, '{}'),
    (5,  1, 'sparringsmoede',  '', DATE '2021-01-01', NULL, '{}'),
    (6,  5, 'risikovurdering', '', DATE '2021-03-01', NULL, '{}'),
    (7,  6, 'risikovurdering', 'Københavns Kommunes It-projektråd', DATE '2021-09-01', NULL, '{}'),
    (8,  1, 'sparringsmoede',  '', DATE '2021-10-01', NULL, '{}'),
    (9,  7, 'sparringsmoede',  '', NULL, 2022, '{2}'),
    (10, 8, 'risikovurdering', '', NULL, 2022, '{4}'),
    (11, 7, 'risikovurdering', '', NULL, 2022, '{4}'),
    (12, 9, 'risikovurdering', '', NULL, 2022, '{3,4}')
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------------------
-- Board meetings.
-- Meeting 1 is the seed's agenda. The seed gives no date; it supports Thursday 28 April 2022:
--   * item 9 lists political meetings "siden bestyrelsesmødet den 7. april 2022", the latest
--     on 19 April 2022, so the agenda was written after 19 April;
--   * its list of coming events starts on 27 April 2022, so it was written before that;
--   * Danske Regioner publishes the open agenda a week before the meeting, and the board
--     meets on Thursdays (7 April 2022 was one): written c. 20-21 April -> Thursday 28 April;
--   * the next meeting is 21 June 2022 (item 10).
-- The time (kl. 9.00-12.00) and the place are not in the seed: assumed (Danske Regioner's
-- address). Meeting 2 is the next meeting as item 10 states it: virtual, 21 June 2022
-- kl. 8.00-10.00, no items yet.
-- ---------------------------------------------------------------------------------------
INSERT INTO meetings (id, title, starts_at, ends_at, place, status) VALUES
    (1, 'Bestyrelsesmøde', '2022-04-28 09:00:00+02', '2022-04-28 12:00:00+02',
        'Danske Regioner, Dampfærgevej 22, 2100 København Ø', 'published'),
    (2, 'Bestyrelsesmøde', '2022-06-21 08:00:00+02', '2022-06-21 10:00:00+02',
        'virtuelt', 'published')
ON CONFLICT (id) DO NOTHING;

-- The next board meeting, five weeks after the demo data is loaded, still a draft that the board
-- secretariat is preparing (the council's annual report can be proposed for it).
INSERT INTO meetings (id, title, starts_at, ends_at, place, status) VALUES
    (3, 'Bestyrelsesmøde',
        (date_trunc('day', pg_temp.demo_now() AT TIME ZONE 'Europe/Copenhagen') + interval '35 days 9 hours') AT TIME ZONE 'Europe/Copenhagen',
        (date_trunc('day', pg_temp.demo_now() AT TIME ZONE 'Europe/Copenhagen') + interval '35 days 12 hours') AT TIME ZONE 'Europe/Copenhagen',
        'Danske Regioner, Dampfærgevej 22, 2100 København Ø', 'draft')
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------------------
-- Agenda items of meeting 1; id = item number.
-- ---------------------------------------------------------------------------------------

-- Invented: the seed withholds confidential items.
-- Items 1, 3, 4, 5 and 6 appear in the seed only as "N (Fortrolig)". Their titles, case
-- officers, case numbers and texts are invented; the case numbers occur nowhere in the seeds,
-- so tests can assert that these titles and case numbers never reach the public HTML:
--   1  EMN-2022-00517  Økonomiforhandlingerne for 2023 – forhandlingsoplæg og mandat til formandskabet
--   3  EMN-2022-00588  Forhandlingsmandat til RLTN om ny overenskomst med PLO (OK22)
--   4  EMN-2022-00561  Klagesag om det fællesregionale udbud af hjemmedialyseudstyr – forligsmandat
--   5  EMN-2022-00579  Personalesag: fratrædelsesaftale med kontorchef i sekretariatet
--   6  EMN-2022-00596  It-sikkerhedshændelse hos leverandøren af regionernes vagtplansystem

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (1, 1, 1, true,
$t$Økonomiforhandlingerne for 2023 – forhandlingsoplæg og mandat til formandskabet$t$,
'Mette Kjærgaard Holm', 'EMN-2022-00517',
$t$Punktet er opfundet til demonstration: kildematerialet viser kun »1 (Fortrolig)«, og teksten beskriver ikke virkelige forhold.

Forhandlingerne med regeringen om regionernes økonomi for 2023 ventes indledt i midten af maj 2022 med henblik på en aftale i begyndelsen af juni. Sekretariatet forelægger et udkast til forhandlingsoplæg med regionernes centrale krav til rammen for sundhedsudgifterne, anlægsloftet og kompensationen for de særlige udgiftspres fra demografi, medicin og efterslæbet efter COVID-19.

Sagen er fortrolig, da den indeholder Danske Regioners forhandlingsposition over for regeringen.$t$,
$t$Det indstilles,
at bestyrelsen godkender forhandlingsoplægget for økonomiforhandlingerne for 2023, og
at bestyrelsen giver formandskabet mandat til at indgå aftale med regeringen inden for de rammer, der fremgår af sagsfremstillingen.$t$,
$t$Regionerne går ind i forhandlingerne om økonomien for 2023 med et betydeligt udgiftspres. Antallet af ældre over 80 år stiger med omkring 5 pct. om året, udgifterne til sygehusmedicin vokser fortsat hurtigere end den generelle udgiftsudvikling, og hospitalerne arbejder stadig på at nedbringe de ventelister, der er opstået under COVID-19 og konflikten på sygeplejerskeområdet i 2021.

Sekretariatets beregninger viser, at alene det demografiske træk og medicinudgifterne kræver et løft af rammen for sundhedsudgifterne på ca. 1,9 mia. kr. i 2023, hvis det nuværende serviceniveau skal fastholdes. Dertil kommer behovet for at finansiere den nationale sundhedsaftale, herunder etableringen af sundhedsklyngerne og flere uddannelsesstillinger i almen medicin.

Forslag til forhandlingsoplæg

Sekretariatet foreslår, at Danske Regioner går til forhandlingerne med følgende hovedkrav:

- et løft af rammen for sundhedsudgifterne på mindst 2,8 mia. kr. ud over den demografiske regulering
- et anlægsloft for sundhed på 4,6 mia. kr., så de igangværende hospitalsbyggerier og nødvendige reinvesteringer i apparatur kan gennemføres
- fuld kompensation for regionernes merudgifter til COVID-19 i 2022, herunder test, vaccination og isolation
- en særskilt pulje til nedbringelse af ventelister og til fastholdelse og rekruttering af sundhedspersonale

Mandat

Det foreslås, at formandskabet får mandat til at indgå aftale, hvis løftet af sundhedsrammen udgør mindst 2,2 mia. kr., og anlægsloftet ikke fastsættes lavere end 4,2 mia. kr. Kan der ikke opnås en aftale inden for disse rammer, forelægges sagen på ny for bestyrelsen på et ekstraordinært virtuelt møde.

Forhandlingsoplægget er drøftet med regionsrådsformændene og regionsdirektørkredsen. Udkastet til det samlede oplæg fremgår af bilag 1.$t$,
$t$Et løft af sundhedsrammen på 2,8 mia. kr. svarer til en realvækst i regionernes sundhedsudgifter på ca. 2,1 pct. Forhandlingsresultatet får betydning for alle fem regioners budgetlægning for 2023, som indledes i juni 2022.$t$,
$t$Sekretariatet anbefaler, at bestyrelsen fastholder kravet om et løft ud over det demografiske træk, da regionerne ellers vil skulle finde besparelser på hospitalerne i 2023.$t$,
$t$Forhandlingsoplægget og mandatet er fortrolige og offentliggøres ikke. Formandskabet orienterer bestyrelsen løbende under forhandlingerne. Der udarbejdes en kommunikationsplan til brug ved indgåelse af aftalen.$t$,
$t$1. Udkast til forhandlingsoplæg for økonomiforhandlingerne for 2023 (fortroligt)$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (3, 1, 3, true,
$t$Forhandlingsmandat til RLTN om ny overenskomst med PLO (OK22)$t$,
'Troels Bjerregaard Nielsen', 'EMN-2022-00588',
$t$Punktet er opfundet til demonstration: kildematerialet viser kun »3 (Fortrolig)«, og teksten beskriver ikke virkelige forhold.

Overenskomsten om almen praksis mellem Regionernes Lønnings- og Takstnævn (RLTN) og Praktiserende Lægers Organisation (PLO) skal fornyes. Forhandlingerne ventes indledt efter sommerferien 2022. Bestyrelsen forelægges forslag til de overordnede politiske pejlemærker og den økonomiske ramme for RLTN's mandat.

Sagen er fortrolig, da den vedrører regionernes forhandlingsposition over for PLO.$t$,
$t$Det indstilles,
at bestyrelsen godkender de politiske pejlemærker for forhandlingerne om en ny overenskomst om almen praksis, og
at bestyrelsen godkender den økonomiske ramme for RLTN's forhandlingsmandat.$t$,
$t$Regionerne står over for en voksende udfordring med lægedækningen i dele af landet. Flere praktiserende læger går på pension de kommende år, og i en række kommuner har alle klinikker lukket for tilgang. Samtidig skal almen praksis løfte en større del af opgaverne med kronisk syge og ældre medicinske patienter, hvilket også er en forudsætning for den nationale sundhedsaftale.

Politiske pejlemærker

Sekretariatet foreslår, at RLTN forhandler ud fra følgende pejlemærker:

- bedre lægedækning i områder med få læger, bl.a. gennem mere fleksible muligheder for deleklinikker og udbud af regionsklinikker
- forpligtende kvalitetsarbejde og datadeling, så regionerne kan følge kvalitet og kapacitet i almen praksis
- en honorarstruktur, der i højere grad belønner forløb for patienter med kronisk sygdom frem for enkeltydelser
- en fastholdelse af den samlede kapacitet, herunder reglerne for tilgang af nye patienter

Økonomisk ramme

Det foreslås, at den samlede økonomiske ramme for overenskomstperioden fastsættes til en vækst på højst 1,8 pct. årligt ud over pris- og lønreguleringen, og at nye opgaver kun overføres til almen praksis med en tilsvarende finansiering.

Løn- og praksisudvalget har drøftet pejlemærkerne på sit møde i april og anbefaler dem over for bestyrelsen.$t$,
$t$Rammen svarer til en merudgift for regionerne på op til ca. 310 mio. kr. årligt ved fuld indfasning. Udgiften forudsættes afholdt inden for rammerne af den kommende økonomiaftale.$t$,
$t$Sekretariatet gør opmærksom på, at selve forhandlingerne alene føres af RLTN, jf. bestyrelsens forretningsorden.$t$,
$t$Mandatet er fortroligt. Der kommunikeres først om forhandlingerne, når der foreligger et resultat.$t$,
$t$1. Notat om politiske pejlemærker for OK22 med PLO (fortroligt)$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (4, 1, 4, true,
$t$Klagesag om det fællesregionale udbud af hjemmedialyseudstyr – forligsmandat$t$,
'Ida Marie Vestergaard', 'EMN-2022-00561',
$t$Punktet er opfundet til demonstration: kildematerialet viser kun »4 (Fortrolig)«, og teksten beskriver ikke virkelige forhold.

En forbigået tilbudsgiver har indbragt regionernes fællesregionale udbud af udstyr til hjemmedialyse for Klagenævnet for Udbud og nedlagt påstand om, at tildelingsbeslutningen annulleres. Klagenævnet har ikke tillagt klagen opsættende virkning. Klageren har nu tilbudt at trække klagen tilbage mod en godtgørelse af sine omkostninger ved at afgive tilbud.

Sagen er fortrolig, da den vedrører en verserende retssag og regionernes procesrisiko.$t$,
$t$Det indstilles,
at bestyrelsen tager orienteringen om klagesagen til efterretning, og
at bestyrelsen giver sekretariatet mandat til at indgå forlig inden for den ramme, der fremgår af sagsfremstillingen.$t$,
$t$Regionerne gennemførte i efteråret 2021 et fællesregionalt udbud af udstyr og forbrugsartikler til hjemmedialyse med en samlet kontraktværdi på ca. 210 mio. kr. over fire år. Kontrakten blev tildelt i januar 2022 på grundlag af det økonomisk mest fordelagtige tilbud.

Klageren gør gældende, at evalueringen af underkriteriet brugervenlighed ikke er sket i overensstemmelse med udbudsbetingelserne, og at regionerne har lagt vægt på forhold, som ikke fremgik af evalueringsmodellen. Kammeradvokaten, der bistår regionerne, vurderer, at der er en vis procesrisiko på netop dette punkt, fordi dokumentationen af testpanelets bedømmelse er mangelfuld.

Får klageren medhold, kan tildelingsbeslutningen blive annulleret, og regionerne risikerer et erstatningskrav for den positive opfyldelsesinteresse. Et forlig vil give sikkerhed for, at den indgåede kontrakt kan opretholdes, og at patienterne ikke oplever et skift af udstyr.

Det foreslås, at sekretariatet bemyndiges til at indgå forlig, hvor regionerne godtgør klagerens dokumenterede omkostninger ved tilbudsgivningen med op til 0,9 mio. kr., mod at klagen trækkes tilbage, og at der ikke rejses yderligere krav.

Sagen er drøftet i styregruppen for fællesregionale indkøb, som anbefaler et forlig.$t$,
$t$Et forlig på op til 0,9 mio. kr. fordeles mellem regionerne efter bloktilskudsnøglen. Til sammenligning skønner Kammeradvokaten, at et erstatningskrav ved en tabt sag kan udgøre 6-8 mio. kr.$t$,
$t$Sekretariatet anbefaler, at evalueringsmodellen og dokumentationen af testpaneler gennemgås forud for kommende fællesregionale udbud.$t$,
$t$Der kommunikeres ikke om sagen, så længe den verserer. Indgås der forlig, offentliggøres det ikke.$t$,
$t$1. Notat fra Kammeradvokaten om procesrisiko (fortroligt)$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (5, 1, 5, true,
$t$Personalesag: fratrædelsesaftale med kontorchef i sekretariatet$t$,
'Henrik Lykke Dalsgaard', 'EMN-2022-00579',
$t$Punktet er opfundet til demonstration: kildematerialet viser kun »5 (Fortrolig)«, og teksten beskriver ikke virkelige forhold.

Den administrerende direktør har indgået en betinget aftale om fratrædelse med en kontorchef i Danske Regioners sekretariat. Da aftalen indeholder en fratrædelsesgodtgørelse ud over, hvad der følger af ansættelsesvilkårene, forelægges den for bestyrelsen til godkendelse.

Sagen er fortrolig, da den indeholder oplysninger om en enkeltpersons ansættelsesforhold.$t$,
$t$Det indstilles,
at bestyrelsen godkender den betingede fratrædelsesaftale.$t$,
$t$Sekretariatet har i foråret 2022 gennemført en tilpasning af organiseringen af det sundhedspolitiske område, hvor to kontorer lægges sammen. I den forbindelse nedlægges én kontorchefstilling.

Den administrerende direktør og den berørte kontorchef har drøftet muligheden for en genplacering i sekretariatet, men det har ikke været muligt at finde en stilling på tilsvarende niveau. Parterne har derfor indgået en betinget aftale om fratrædelse med virkning fra den 31. august 2022.

Aftalen indebærer, at kontorchefen fritstilles fra den 1. juni 2022 og ud over løn i opsigelsesperioden modtager en fratrædelsesgodtgørelse svarende til tre måneders løn. Efter Danske Regioners delegationsregler skal aftaler om godtgørelse ud over ansættelsesvilkårene godkendes af bestyrelsen.

Den berørte medarbejder er orienteret om, at sagen forelægges bestyrelsen, og har ingen bemærkninger hertil.$t$,
$t$Fratrædelsesgodtgørelsen udgør ca. 0,25 mio. kr. og afholdes inden for sekretariatets budget for 2022. Sammenlægningen af kontorerne giver en varig besparelse på ca. 1,1 mio. kr. årligt.$t$,
$t$Ingen bemærkninger$t$,
$t$Medarbejderne i sekretariatet orienteres om den nye organisering. Der kommunikeres ikke om de enkelte vilkår i aftalen.$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (6, 1, 6, true,
$t$It-sikkerhedshændelse hos leverandøren af regionernes vagtplansystem$t$,
'Kasper Juul Andersen', 'EMN-2022-00596',
$t$Punktet er opfundet til demonstration: kildematerialet viser kun »6 (Fortrolig)«, og teksten beskriver ikke virkelige forhold.

Leverandøren af det vagtplansystem, som fire regioner anvender, blev i marts 2022 ramt af et ransomwareangreb. Angriberne fik adgang til en del af leverandørens driftsmiljø, og der er risiko for, at oplysninger om medarbejdernes vagter og kontaktoplysninger er kopieret. Der er ikke tale om patientdata.

Sagen er fortrolig, da den indeholder oplysninger om sikkerhedsforhold, som kan udnyttes, og politiets efterforskning pågår.$t$,
$t$Det indstilles,
at bestyrelsen tager orienteringen om it-sikkerhedshændelsen og de iværksatte tiltag til efterretning.$t$,
$t$Den 22. marts 2022 underrettede leverandøren regionerne om, at leverandørens driftsmiljø var kompromitteret. Regionerne lukkede samme dag integrationerne til vagtplansystemet, og medarbejderne har siden registreret vagter via en nødprocedure. Driften på hospitalerne har ikke været påvirket.

Leverandørens egen undersøgelse og en uafhængig gennemgang, som regionerne har fået foretaget, viser, at angriberne har haft adgang til miljøet i ca. fire døgn. Det kan ikke udelukkes, at navne, arbejdstelefonnumre og vagtplaner for ca. 46.000 medarbejdere er kopieret. Der er ikke fundet tegn på, at cpr-numre eller oplysninger om patienter er berørt.

Regionerne har som dataansvarlige anmeldt bruddet på persondatasikkerheden til Datatilsynet inden for 72 timer, og hændelsen er anmeldt til politiet. Center for Cybersikkerhed er orienteret og bistår med rådgivning. De berørte medarbejdere er orienteret gennem regionernes intranet.

Regionerne har stillet krav om, at leverandøren dokumenterer en genopbygning af driftsmiljøet og en ekstern revisionserklæring, før integrationerne genåbnes. Sekretariatet vil i samarbejde med Regionernes Sundheds-It (RSI) gennemgå kravene til informationssikkerhed i de fællesregionale kontrakter.$t$,
$t$Regionernes udgifter til nødprocedurer, ekstern bistand og den uafhængige gennemgang skønnes at udgøre ca. 3,5 mio. kr. Regionerne vurderer, om udgifterne kan kræves dækket af leverandøren efter kontraktens ansvarsbestemmelser.$t$,
$t$Sekretariatet vil forelægge en samlet status for informationssikkerheden i de fællesregionale kontrakter for bestyrelsen i efteråret 2022.$t$,
$t$Kommunikationen til medarbejderne sker i regionerne. Danske Regioner kommunikerer ikke eksternt om hændelsen, så længe politiets efterforskning pågår.$t$,
$t$1. Rapport fra den uafhængige gennemgang af hændelsen (fortroligt)$t$)
ON CONFLICT (id) DO NOTHING;

-- Public items 2, 7, 8, 9 and 10: the seed's own text, re-flowed.

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (2, 1, 2, false,
$t$Status på sundhedsydelser til ukrainske flygtninge$t$,
'Jakob Schelde Holde', 'EMN-2022-00443',
$t$Rusland invaderede Ukraine den 24. februar 2022. Regionerne har siden taget imod flygtninge fra Ukraine, der er kommet til Danmark og har brug for hjælp fra sundhedsvæsenet.

Krigen lægger samtidig pres på de ukrainske hospitaler. Derfor har regionerne gjort sig klar til at modtage syge og sårede fra Ukraine med kort varsel. Regionerne koordinerer modtagelsen og fordelingen på danske hospitaler i dialog med Sundhedsstyrelsen.

I samarbejde med de statslige myndigheder er regionerne desuden i gang med at donere medicin og medicinsk udstyr til det ukrainske sundhedsvæsen.$t$,
$t$Det indstilles,
at bestyrelsen drøfter status på regionernes arbejde med at tilbyde sundhedsydelser til personer, der er flygtet fra Ukraine.$t$,
$t$Folketinget vedtog den 16. marts 2022 en særlov, som giver fordrevne fra Ukraine mulighed for at søge om midlertidig opholdstilladelse i Danmark. Når man opnår opholdstilladelse i kraft af særloven, vil man få udstedt et gult sygesikringsbevis og få ret til sundhedsydelser på lige fod med andre med bopæl i Danmark.

Danske Regioner har efterfølgende været i dialog med relevante parter om at sikre de nødvendige lovgivningsmæssige og praktiske rammer for, at ukrainerne kan få adgang til relevante sundhedsydelser, indtil de har opnået opholdstilladelse (i det omfang at de ikke bor på et asylcenter, hvor de er omfattet af Udlændingestyrelsens underholdspligt). På den baggrund har Sundhedsministeren den 13. april udstedt en ny bekendtgørelse der giver ukrainere, der har søgt om opholdstilladelse i Danmark efter særloven, adgang til nødvendige sundhedsmæssige ydelser, mens deres ansøgning bliver behandlet.

https://www.retsinformation.dk/eli/lta/2022/442

Aftale med PLO om behandling af personer, der er fordrevet fra Ukraine

Med afsæt i den nye bekendtgørelse har Regionernes Lønnings- og Takstnævn indgået en honoreringsaftale med PLO, der betyder, at praktiserende læger kan honoreres med overenskomstens almindelige ydelser, når de yder nødvendige sundhedsydelser til ukrainske flygtninge.

Det forventes, at der vil indgås tilsvarende aftaler på øvrige praksisområder, hvor der er behov for at tilbyde nødvendig behandling.

Dokumentation for ansøgning om opholdstilladelse

I aftalen med PLO forudsættes det, at flygtningene kan dokumentere over for lægen, at de har søgt opholdstilladelse.

Ansøgning om midlertidig opholdstilladelse efter særloven foregår som udgangspunkt digitalt via hjemmesiden New to Denmark (nyidanmark.dk). Når man ansøger digitalt, får man en kvittering på skærmen og – ved samtykke – også på e-mail. Denne kvittering kan bruges som dokumentation for, at man har søgt om opholdstilladelse efter særloven.

https://www.nyidanmark.dk/en-GB/Words%20and%20Concepts%20Front%20Page/Shared/Information%20Ukraine

Hvis man vælger at sende ansøgningen i papirformat, vil man først modtage en kvittering, når man møder op i borgerservice (for at få registreret sine biometriske træk).

Tildeling af praktiserende læge efter opnået opholdstilladelse

Det forventes, at der vil være geografiske områder i Danmark, hvor der inden for den eksisterende kapacitet vil være udfordringer med at tildele en praktiserende læge til alle personer, der opnår opholdstilladelse i henhold til særloven.

Danske Regioner og PLO har derfor i fællesskab anmodet Sundhedsministeriet om hjemmel til, at personer, der opnår opholdstilladelse, også kan tildeles en praktiserende læge, der har lukket for tilgang. I første omgang forventes det, at hver praktiserende læge med lukket for tilgang, mindst skal tage 20 personer pr. kapacitet, hvilket kan gentages med tre måneders mellemrum. De praktiserende læger forpligtes dermed til at tage imod 20 i indeværende kvartal og yderligere 20 i hvert af de to følgende kvartaler – dvs. samlet 60 ukrainere. Hensigten vil være, at regionerne bedre kan anvende den eksisterende kapacitet i almen praksis, samt at ukrainerne bliver fordelt jævnt mellem praktiserende læger, i stedet for at nogle klinikker med åben for tilgang oplever at få tilmeldt mange ukrainere på én gang.

Sundhedsministeriet har været positiv over for forslaget, men der er endnu ikke udstedt den nødvendige lovhjemmel. Danske Regioner efterspørger løbende nyt.

Modtagelse af udenlandske patienter

Regionerne koordinerer modtagelsen og fordelingen på danske hospitaler i dialog med Sundhedsstyrelsen. Indtil videre har Danmark kun modtaget et fåtal af patienter. Sundhedsministeriet har den 13. april 2022 udstedt en ny bekendtgørelse for at sikre lovhjemmel til arbejdet.

https://www.retsinformation.dk/eli/lta/2022/441$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (7, 1, 7, false,
$t$Årsrapport for Regionernes It-råd$t$,
'Rie Fält Dzougov', 'EMN-2019-00960',
$t$Regionernes It-råd har nu eksisteret i to år og gennemført i alt seks risikovurderinger af fællesregionale digitaliseringsprojekter. For at understøtte transparens og læring på tværs af regionerne udgiver it-rådet en årlig offentlig beretning om rådets aktiviteter og erfaringer.

It-rådet har, på baggrund af de gennemførte risikovurderinger og erfaringer i øvrigt, identificeret fire tværgående temaer, som regionerne med fordel kan have fokus på i tilrettelæggelsen og gennemførelsen af store, komplekse digitaliseringsprojekter: Stor ledelsesbevågenhed, Klar governance og beslutningskraft, Kompetencer samt tydelig rolle- og ansvarsfordeling og Projekttilrettelæggelse og -styring.

De risikovurderede projekter vurderer generelt, at de har haft en positiv og konstruktiv oplevelse ift. risikovurderingen, og alle har gjort brug af it-rådets anbefalinger i det videre projektarbejde.$t$,
$t$Det indstilles,
at bestyrelsen tager orienteringen om Regionernes It-råds årsrapport 2021 til efterretning.$t$,
$t$Danske Regioners bestyrelse besluttede i februar 2019 at etablere et fællesregionalt it-råd og en model for risikovurdering af fællesregionale it-projekter.

Regionernes It-råd fungerer som uafhængigt ekspertorgan og skal fremme kvalificeret gennemførelse af fællesregionale it- og digitaliseringsprojekter gennem risikovurderinger og rådgivning. Gennem læring fra de gennemførte risikovurderinger skal it-rådet derudover bidrage til, at værdifulde erfaringer deles på tværs af regionerne.

It-rådet har således til formål at understøtte, at der tidligt tages hånd om risici og udfordringer i projekterne, så de kan indfri de forventede gevinster samt afsluttes til tiden og inden for budgettet.

It-rådet består af tre regionale ledere og tre eksterne ledere med solid erfaring med it-projekter og digitalisering i både offentligt og privat regi. It-rådet understøttes af erfarne medarbejdere på tværs af regionerne samt et rådssekretariat.

Årlig beretning

Regionernes It-råd udgiver årligt en offentlig beretning om rådets aktiviteter og tværgående observationer fra de gennemførte risikovurderinger. Da it-rådet kun har været i gang i to år og i alt gennemført risikovurderinger af seks fællesregionale digitaliseringsprojekter, indgår erfaringer og observationer fra både 2020 og 2021 i årsrapporten for 2021.

Følgende digitaliseringsprojekter er indtil videre blevet risikovurderet:

- LUNA: At etablere en fællesregional løsning til administration af praksisområdet efter gældende lovgivning og overenskomster.
- Klinisk Immunologi IT: At anskaffe og implementere et fællesregionalt system til understøttelse af klinisk immunologi i alle fem regioner.
- LABREK: At anskaffe og implementere et nyt laboratorierekvisitionssystem, der lever op til nutidige krav om datasikkerhed og med en tidssvarende it-arkitektur.
- Det fællesregionale patologisystem: At etablere en moderniseret it-platform, som bl.a. vil give mulighed for at anvende digitale løsninger inden for patologi, understøtte den hastigt voksende brug af molekylærpatologiske undersøgelser samt udnytte ressourcer på tværs af regionerne.
- Sygehusmedicinregisteret 2: At videreudvikle det allerede eksisterende sygehusmedicinregister og skabe bedre adgang til data fra registeret, herunder mulighed for tilkobling til andre registre.
- Fælles Udvikling af Telemedicin: At udvikle en løsning til telemedicinsk behandling af patienter med KOL og andre sygdomme på tværs af kommuner og regioner.

Der er på bagkant af risikovurderingerne gennemført evalueringer, hvor projekterne generelt vurderer, at de har haft en positiv og konstruktiv oplevelse, og alle har gjort brug af it-rådets anbefalinger i det videre projektarbejde. Desuden inddrager Regionernes Sundheds-It (RSI) it-rådets anbefalinger og erfaringer i videreudvikling af projektmodel, processer mv.

Generelle erfaringer

På baggrund af de gennemførte risikovurderinger og rådsmedlemmernes erfaringer med offentlige og private digitaliseringsprojekter i øvrigt har it-rådet identificeret fire tværgående temaer, som regionerne med fordel kan have fokus på i tilrettelæggelsen og gennemførslen af store, komplekse digitaliseringsprojekter:

1. Stor ledelsesbevågenhed: Herunder ledelseskraft til, at nødvendige beslutninger for projekternes gennemførelse og idriftsættelse træffes uden forsinkelse, og at uforudsete problemer og ændringer håndteres effektivt.

2. Klar governance og beslutningskraft: Herunder en dedikeret og erfaren styregruppe, tydelige beslutningsmandater på alle niveauer i projektet samt en organisering, hvor forretningen er den drivende kraft, så planerne og løsningerne understøtter regionernes kerneopgave.

3. Kompetencer samt tydelig rolle- og ansvarsfordeling: Herunder særlig opmærksomhed på de rette projektkompetencer til rette tid samt afstemning af roller og ansvar, fx i form af konkrete samarbejdsaftaler internt i projektet og i forhold til eksterne parter, bl.a. leverandører.

4. Projekttilrettelæggelse og -styring: Herunder realistiske tidsplaner, business cases med tilstrækkelige risikobuffere, tydelig beskrivelse af projekternes formål, målbare gevinster, som er mulige at styre efter for regionerne, samt tidlig identifikation af interne og eksterne interessenter for at sikre rettidig inddragelse og fokuseret kommunikation om projektet.$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$1. Årsrapport 2021 enkeltsidet (1537210 - EMN-2019-00960)$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (8, 1, 8, false,
$t$Tilpasning af kommissorier for Sundhedsudvalget og Udvalget for det nære og sammenhængende sundhedsvæsen$t$,
'Kirstine Korsager', 'EMN-2022-00603',
$t$Bestyrelsen godkendte ved det konstituerende møde den 24. marts 2022 kommissorierne for de faste rådgivende udvalg.

På opfordring fra udvalgsformændene for hhv. Sundhedsudvalget og Udvalget for det nære og sammenhængende sundhedsvæsen foreslås det at tilpasse forebyggelsesopgaven i kommissorierne for de to udvalg.$t$,
$t$Det indstilles,
at bestyrelsen godkender tilpasningen af kommissorierne for Sundhedsudvalget og Udvalget for det nære og sammenhængende sundhedsvæsen.$t$,
$t$Ved det konstituerende møde den 24. marts 2022 godkendte bestyrelsen kommissorierne for de faste rådgivende udvalg. Kommissorierne indgår i forretningsordenen for bestyrelsen.

Udvalgsformændene for hhv. Sundhedsudvalget og Udvalget for det nære og sammenhængende sundhedsvæsen har efterfølgende opfordret til en tilpasning i de to udvalgs opgavefordeling på forebyggelsesområdet. De konkrete forslag til tilpasninger fremgår nedenfor med synlige ændringsmarkeringer.

Efter bestyrelsens godkendelse vil tilpasningerne blive indarbejdet i bestyrelsens forretningsorden.

Forslag til tilpasning i kommissorierne, jf. ændringsmarkeringer

§ 7. Sundhedsudvalget skal rådgive bestyrelsen om emner på sundhedsområdet med fokus på generelt at skabe værdi for patienter, herunder om kvalitetsudvikling, patientsikkerhed og sundhedsinnovation. Udvalget skal desuden se på indsatser, der kan forbedre patientens møde med sundhedsvæsenet, patientinddragelsen og trygheden i det samlede behandlingsforløb.

Udvalget skal arbejde med fremtidssikring af regionernes behandlingstilbud, herunder sikring af kapacitet og kvalitet. I den forbindelse vil udvalget se på prioritering af opgaver og ressourcer i sundhedsvæsenet og arbejde med indsatser, der kan bidrage til en mere effektiv opgavevaretagelse, bl.a. gennem innovative arbejdsmetoder, bedre brug af data og styrket forskning samt digitalisering. Udvalget vil i forlængelse heraf beskæftige sig med samarbejdet med Life Science industrien om sundhedsinnovation, udvikling af ny medicin, medicinsk udstyr, digitale sundhedsteknologier, biotek og anvendelse af offentlige-private samarbejder.

Udvalget beskæftiger sig desuden med den strukturelle forebyggelse via f.eks. lovgivningen eller andre mere generelle regler.

§ 8. Udvalget for det nære sundhedsvæsen skal rådgive bestyrelsen om emner på sundhedsområdet vedrørende forebyggelse samt det nære og sammenhængende sundhedsvæsen, forebyggelse af unødige indlæggelser og den individuelt målrettede forebyggelse, som foregår i samarbejde med kommuner, praksissektoren og civilsamfundet. Udvalget skal fokusere på samarbejdet med kommuner, almen praksis og civilsamfundet omkring sundhedsfremme, forebyggelse af sygdom og forebyggelse af unødige indlæggelser.

Udvalget skal se på mulighederne for at give borgerne en mere sammenhængende behandling og mulighed for flere sundhedsløsninger i nærmiljøet. I den forbindelse kan udvalget beskæftige sig med hospitalernes udadvendte og rådgivende rolle og understøttelse af almen praksis, speciallægepraksis og kommunerne, så de kan tage et større ansvar for især ældre borgere, kronisk syge og visse grupper af psykisk syge.

Mulighederne for øget hjemmebehandling og telemedicin indgår også i udvalgets arbejdsfelt, samt muligheder for løsning af opgaver mellem kommunale hjemmesygeplejersker, lokale sundhedstilbud, regionale akutmodtagelser, lægevagt/1813, ambulanceberedskaber og almen praksis med henblik på at reducere unødige indlæggelser.

Udvalget kan inddrage opgaveudviklingen i praksissektoren i deres arbejde. Aftaleforhandlinger med praksisorganisationerne ligger dog alene i RLTN, ligesom forberedelser til aftaleforhandlingerne m.v. håndteres i Løn- og praksisudvalget.

Udvalget vil få ansvar for at følge de initiativer i en national sundhedsaftale, der omhandler forebyggelse og etablering af et mere nært og sammenhængende sundhedsvæsen, herunder opbygning af den nye tværsektorielle struktur (sundhedssamarbejdsudvalg og sundhedsklynger) og initiativer, der understøtter patientforløb, der går på tværs af sektorer. Udvalget kan vælge at invitere til fælles møder med de regionale medlemmer af de nye Sundhedssamarbejdsudvalg.$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

-- Item 9, "Generelle orienteringer". The seed's Sagsfremstilling consists of five headed
-- sub-topics, each with its own case number; they are the rows of agenda_subtopics below, and
-- the Sagsfremstilling itself is only a short introduction.
INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (9, 1, 9, false,
$t$Generelle orienteringer$t$,
'Maren Munk-Madsen', 'EMN-2022-00069',
$t$Følgende emner er til orientering:

- Kapacitet til vaccinationer mod COVID-19
- Partssamarbejdet vedr. det kønsopdelte arbejdsmarked og uddannelsesvalg
- Opfølgning på inddragelse af patientinddragelsesudvalgene i de nye sundhedsklynger
- Politiske møder
- Arrangementer og konferencer$t$,
$t$Det indstilles,
at bestyrelsen tager orienteringen til efterretning.$t$,
$t$Bestyrelsen orienteres om følgende emner. Hvert emne har sit eget sagsnummer.$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

-- Databases seeded before the sub-topics existed still hold the long Sagsfremstilling.
UPDATE agenda_items
SET sagsfremstilling = $t$Bestyrelsen orienteres om følgende emner. Hvert emne har sit eget sagsnummer.$t$
WHERE id = 9 AND sagsfremstilling <> $t$Bestyrelsen orienteres om følgende emner. Hvert emne har sit eget sagsnummer.$t$;

-- Sub-topics of item 9, in the seed's order, each with the case number given under its
-- heading (EMN-2018-0274 has four digits after the year, as in the seed). Bodies: the seed's
-- text re-flowed; each event of "Arrangementer og konferencer" (a date line followed by a
-- place line in the seed) is one bullet "date, place: text".
INSERT INTO agenda_subtopics (id, item_id, position, title, case_number, body) VALUES
(1, 9, 1,
$t$Kapacitet til vaccinationer mod COVID-19$t$,
'EMN-2020-00440',
$t$Siden februar 2022 har regionerne og Sundhedsministeriet været i dialog om den regionale kapacitet til vaccination for COVID-19 henover foråret/sommeren 2022, herunder om regionerne kan skalere kapaciteten ned til det reelle behov baseret på vaccination og revaccination af de målgrupper, som der er truffet beslutning om, eller om regionerne skal have et beredskab, som gør det muligt at opskalere vaccinekapaciteten med kort varsel, såfremt en ny og mere sygdomsfremkaldende virusvariant eller andet medfører behov for hurtig udrulning af revaccinationsindsats for en større del af befolkningen. Regionerne er blevet bedt om at beregne forskellige scenarier for vaccinationsindsats med og uden beredskab samt med forskellige volumener og varslinger for opstart.

Danske Regioner har i april 2022 foreslået Sundhedsministeriet en plan for vaccinationskapaciteten frem til uge 34 – herunder at der ikke etableres et beredskab, som kan aktiveres med få dages varsel, og at der ikke bliver indgået en beredskabsaftale med private leverandører. Sundhedsministeriet har efterfølgende meddelt Danske Regioner, at regionerne kan nedskalere vaccinationskapaciteten til behovet, og at der ikke skal planlægges med et vaccineberedskab henover sommeren.

Sundhedsstyrelsen er desuden ved at planlægge afrunding af den nuværende vaccinationsindsats. Der er udarbejdet udkast til lovforslag, som vil danne hjemmel for, at regionerne fremadrettet kan varetage vaccinationsindsatsen mod COVID-19 evt. i kombination med andre vacciner. Danske Regioner afventer en endelig melding på, om regionerne skal være ansvarlige for efterårets vaccinationsindsats, hvorefter planlægningen vil blive påbegyndt.$t$),
(2, 9, 2,
$t$Partssamarbejdet vedr. det kønsopdelte arbejdsmarked og uddannelsesvalg$t$,
'EMN-2021-01431',
$t$FH og DA har taget initiativ til et samarbejde om det kønsopdelte arbejdsmarked. De har inviteret staten, KL og Danske Regioner med i arbejdet. Hensigten er at medvirke til, at bl.a. uddannelsesvalg og jobvalg bliver lidt mindre kønsstereotyp og reelt at få skubbet til de nuværende kønsopdelinger på arbejdsmarkedet.

Arbejdet er allerede i gang. Det drejer sig om fælles initiativer i form eksempelvis analyser, men der kan også komme anbefalinger og konferencer, hvis der kan opnås enighed om dette i kredsen. I første omgang fokuseres på de unges uddannelsesvalg. Der igangsættes en fælles spørgeskemaundersøgelse, der skal belyse baggrunde for unges uddannelsesvalg. Resultaterne forventes præsenteret på en konference eller lignende i efteråret 2022.$t$),
(3, 9, 3,
$t$Opfølgning på inddragelse af patientinddragelsesudvalgene i de nye sundhedsklynger$t$,
'EMN-2022-00472',
$t$Bestyrelsen drøftede ved mødet den 16. december 2021 tilgangen til patient- og pårørendeinddragelse i de nye sundhedsklynger og bad i den forbindelse sekretariatet om at gå i dialog med patientinddragelses-udvalgene (PIU) i de fem regioner. Tilbagemeldingerne viser, at patientinddragelsesudvalgene overordnet bakker op om den tilgang, som bestyrelsen besluttede og har lagt til grund for høringssvaret til lovforslaget om etableringen af klyngerne.

Patientinddragelsesudvalgene har samtidig forslag til, hvordan inddragelsen kan udvides og arbejdet i udvalgene styrkes. Dette omhandler bl.a. inddragelse i det forberedende arbejde, mulighed for observatørpost på det politiske niveau, introduktion til arbejdet i patientinddragelsesudvalg og løbende uddannelse. Herudover har flere bemærkninger til den demografiske sammensætning af udvalgene med forslag om en bedre repræsentation af børn, unge og familier.

Danske Regioners tilgang til patient- og pårørendeinddragelse i de nye sundhedsklynger kan betragtes som en ”minimumsmodel”, som ikke skal bremse gode initiativer lokalt. Det vurderes således, at tilbagemeldingerne ikke nødvendiggør ændringer i den vedtagne tilgang.

På opfordring fra bestyrelsen har sekretariatet endvidere undersøgt regionernes praksis for at tilbyde økonomisk godtgørelse til patient- og pårørenderepræsentanter for deres indsats. Undersøgelsen viser, at medlemmerne i alle regioner modtager transportgodtgørelse og forplejning ved møderne. Nogle regioner betaler lejlighedsvis også for deltagelse i konferencer og lignende, mens en enkelt region meddeler, at de også betaler et honorar for deltagelsen i patientinddragelsesudvalgenes møder.

Udvalget for det nære og sammenhængende sundhedsvæsen arbejder videre med området.$t$),
(4, 9, 4,
$t$Politiske møder$t$,
'EMN-2022-00069',
$t$Der har været afholdt følgende politiske møder siden bestyrelsesmødet den 7. april 2022:

- Stormøde 4. april 2022 med beskæftigelsesministeren og udlændinge- og integrationsministeren om ukrainere i job. Heino Knudsen deltog.
- Møde 19. april 2022 med børne- og undervisningsministeren om ungdomsuddannelserne. Anders G. Christensen deltog.$t$),
(5, 9, 5,
$t$Arrangementer og konferencer$t$,
'EMN-2018-0274',
$t$- 27. april 2022, kl. 9.00-12.30, København: Offentligt-privat Topmøde om grønne indkøb. Danske Regioner er medarrangør sammen med blandt andre Dansk Erhverv.
- 27. april 2022, kl. 15.30-18.00, København: Politikerforum om borgerinvolvering i politiske processer, KL Huset. Politikerforum er arrangør.
- 3. maj 2022 kl. 13.00-16.00, København: Ungepanelerne i Danmark, Christiansborg. Ungepanelerne er arrangør.
- 16. juni-19. juni 2022, Folkemødet på Bornholm: I Danske Regioners telt vil der være ca. 25 debatter fordelt på de tre dage om bl.a. sundhedsreformen, psykiatri, bæredygtige regioner, fremtidssikring af sundhedsvæsenet, civilsamfundet og forebyggelse, prioritering og mænds sundhed. Danske Regioner er arrangør på syv debatter, regionerne står for fem debatter og herudover låner en række organisationer teltet til debatter.
- 10. oktober 2022, kl. 10.00-15.30, Nyborg: Brugerinddragelse i et digitalt sundhedsvæsen. Danske Regioner er medarrangør i samarbejde med Sundhedsstyrelsen, VIBIS, KL og Danske Patienter.
- 3. november 2022 kl. 10.00-16.00, København: Sundhed for Alle – Danske Regioners årlige sundhedspolitiske konference. Danske Regioner er arrangør.
- 8. december 2022 kl. 12.00-17.00, København: Topmøde om sundhedsforskning. Danske Regioner er arrangør.$t$)
ON CONFLICT (id) DO NOTHING;

-- Item 10, the next meeting. The seed has its Resumé ("-") and Indstilling but, through a PDF
-- extraction fault, neither its header line nor a case number. Number 10 follows item 9; the
-- title, the case officer (the board secretariat's officer of item 9) and the case number
-- (EMN-2022-00069, the board's running case for meeting business, as in item 9) are assumed.
INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (10, 1, 10, false,
$t$Næste møde$t$,
'Maren Munk-Madsen', 'EMN-2022-00069',
$t$Næste møde afholdes virtuelt tirsdag den 21. juni 2022 kl. 8.00–10.00.$t$,
$t$Det indstilles,
at bestyrelsen tager til efterretning, at næste møde afvikles virtuelt tirsdag den 21. juni 2022 kl. 8.00 – 10.00.$t$,
$t$$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------------------
-- Status notes ("Status på sundhedsydelser til ukrainske flygtninge", EMN-2022-00443).
-- Version 1 (dated 28 April 2022, the meeting of item 2) is taken from the Sagsfremstilling
-- of item 2 in the seed, split at its sub-headings into sections; the first, unheaded part is
-- given the heading "Lovgrundlag". The states are assumed from the text (the seed gives none).
-- The seed's two retsinformation.dk links (both bekendtgørelser of 13 April 2022) form the
-- legal basis; 2022/441 is also kept on "Modtagelse af udenlandske patienter", where the
-- seed places it.
-- ---------------------------------------------------------------------------------------
INSERT INTO status_notes (id, title) VALUES
    (1, 'Sundhedsydelser til ukrainske flygtninge')
ON CONFLICT (id) DO NOTHING;

-- Version 2 (dated 21 June 2022, the next meeting) is INVENTED, to show the changes since
-- the previous meeting: two sections unchanged, three changed, one new.
INSERT INTO status_note_versions (id, note_id, dated, created_at) VALUES
    (1, 1, DATE '2022-04-28', '2022-04-21 10:00:00+02'),
    (2, 1, DATE '2022-06-21', '2022-06-14 10:00:00+02')
ON CONFLICT (id) DO NOTHING;

-- Version 1 (28 April 2022): from the seed.
INSERT INTO status_note_sections (id, version_id, position, heading, body, state, legal_refs) VALUES
(1, 1, 1,
$t$Lovgrundlag$t$,
$t$Folketinget vedtog den 16. marts 2022 en særlov, som giver fordrevne fra Ukraine mulighed for at søge om midlertidig opholdstilladelse i Danmark. Når man opnår opholdstilladelse i kraft af særloven, vil man få udstedt et gult sygesikringsbevis og få ret til sundhedsydelser på lige fod med andre med bopæl i Danmark.

Danske Regioner har efterfølgende været i dialog med relevante parter om at sikre de nødvendige lovgivningsmæssige og praktiske rammer for, at ukrainerne kan få adgang til relevante sundhedsydelser, indtil de har opnået opholdstilladelse (i det omfang at de ikke bor på et asylcenter, hvor de er omfattet af Udlændingestyrelsens underholdspligt). På den baggrund har Sundhedsministeren den 13. april udstedt en ny bekendtgørelse der giver ukrainere, der har søgt om opholdstilladelse i Danmark efter særloven, adgang til nødvendige sundhedsmæssige ydelser, mens deres ansøgning bliver behandlet.$t$,
'afsluttet',
$t$https://www.retsinformation.dk/eli/lta/2022/441
https://www.retsinformation.dk/eli/lta/2022/442$t$),
(2, 1, 2,
$t$Aftale med PLO om behandling af personer, der er fordrevet fra Ukraine$t$,
$t$Med afsæt i den nye bekendtgørelse har Regionernes Lønnings- og Takstnævn indgået en honoreringsaftale med PLO, der betyder, at praktiserende læger kan honoreres med overenskomstens almindelige ydelser, når de yder nødvendige sundhedsydelser til ukrainske flygtninge.

Det forventes, at der vil indgås tilsvarende aftaler på øvrige praksisområder, hvor der er behov for at tilbyde nødvendig behandling.$t$,
'afsluttet',
$t$$t$),
(3, 1, 3,
$t$Dokumentation for ansøgning om opholdstilladelse$t$,
$t$I aftalen med PLO forudsættes det, at flygtningene kan dokumentere over for lægen, at de har søgt opholdstilladelse.

Ansøgning om midlertidig opholdstilladelse efter særloven foregår som udgangspunkt digitalt via hjemmesiden New to Denmark (nyidanmark.dk). Når man ansøger digitalt, får man en kvittering på skærmen og – ved samtykke – også på e-mail. Denne kvittering kan bruges som dokumentation for, at man har søgt om opholdstilladelse efter særloven.

Hvis man vælger at sende ansøgningen i papirformat, vil man først modtage en kvittering, når man møder op i borgerservice (for at få registreret sine biometriske træk).$t$,
'i_gang',
$t$https://www.nyidanmark.dk/en-GB/Words%20and%20Concepts%20Front%20Page/Shared/Information%20Ukraine$t$),
(4, 1, 4,
$t$Tildeling af praktiserende læge efter opnået opholdstilladelse$t$,
$t$Det forventes, at der vil være geografiske områder i Danmark, hvor der inden for den eksisterende kapacitet vil være udfordringer med at tildele en praktiserende læge til alle personer, der opnår opholdstilladelse i henhold til særloven.

Danske Regioner og PLO har derfor i fællesskab anmodet Sundhedsministeriet om hjemmel til, at personer, der opnår opholdstilladelse, også kan tildeles en praktiserende læge, der har lukket for tilgang. I første omgang forventes det, at hver praktiserende læge med lukket for tilgang, mindst skal tage 20 personer pr. kapacitet, hvilket kan gentages med tre måneders mellemrum. De praktiserende læger forpligtes dermed til at tage imod 20 i indeværende kvartal og yderligere 20 i hvert af de to følgende kvartaler – dvs. samlet 60 ukrainere. Hensigten vil være, at regionerne bedre kan anvende den eksisterende kapacitet i almen praksis, samt at ukrainerne bliver fordelt jævnt mellem praktiserende læger, i stedet for at nogle klinikker med åben for tilgang oplever at få tilmeldt mange ukrainere på én gang.

Sundhedsministeriet har været positiv over for forslaget, men der er endnu ikke udstedt den nødvendige lovhjemmel. Danske Regioner efterspørger løbende nyt.$t$,
'afventer',
$t$$t$),
(5, 1, 5,
$t$Modtagelse af udenlandske patienter$t$,
$t$Regionerne koordinerer modtagelsen og fordelingen på danske hospitaler i dialog med Sundhedsstyrelsen. Indtil videre har Danmark kun modtaget et fåtal af patienter. Sundhedsministeriet har den 13. april 2022 udstedt en ny bekendtgørelse for at sikre lovhjemmel til arbejdet.$t$,
'i_gang',
$t$https://www.retsinformation.dk/eli/lta/2022/441$t$)
ON CONFLICT (id) DO NOTHING;

-- Version 2 (21 June 2022): INVENTED, a plausible later state that shows the changes.
--   11 Lovgrundlag, 12 Aftale med PLO: identical to sections 1 and 2 (unchanged);
--   13 Dokumentation: new text, i_gang -> afsluttet;
--   14 Tildeling af praktiserende læge: hjemmel issued (invented bekendtgørelse, no link),
--      afventer -> i_gang;
--   15 Modtagelse af udenlandske patienter: new numbers, still i_gang;
--   16 Tolkebistand: a new section.
INSERT INTO status_note_sections (id, version_id, position, heading, body, state, legal_refs) VALUES
(11, 2, 1,
$t$Lovgrundlag$t$,
$t$Folketinget vedtog den 16. marts 2022 en særlov, som giver fordrevne fra Ukraine mulighed for at søge om midlertidig opholdstilladelse i Danmark. Når man opnår opholdstilladelse i kraft af særloven, vil man få udstedt et gult sygesikringsbevis og få ret til sundhedsydelser på lige fod med andre med bopæl i Danmark.

Danske Regioner har efterfølgende været i dialog med relevante parter om at sikre de nødvendige lovgivningsmæssige og praktiske rammer for, at ukrainerne kan få adgang til relevante sundhedsydelser, indtil de har opnået opholdstilladelse (i det omfang at de ikke bor på et asylcenter, hvor de er omfattet af Udlændingestyrelsens underholdspligt). På den baggrund har Sundhedsministeren den 13. april udstedt en ny bekendtgørelse der giver ukrainere, der har søgt om opholdstilladelse i Danmark efter særloven, adgang til nødvendige sundhedsmæssige ydelser, mens deres ansøgning bliver behandlet.$t$,
'afsluttet',
$t$https://www.retsinformation.dk/eli/lta/2022/441
https://www.retsinformation.dk/eli/lta/2022/442$t$),
(12, 2, 2,
$t$Aftale med PLO om behandling af personer, der er fordrevet fra Ukraine$t$,
$t$Med afsæt i den nye bekendtgørelse har Regionernes Lønnings- og Takstnævn indgået en honoreringsaftale med PLO, der betyder, at praktiserende læger kan honoreres med overenskomstens almindelige ydelser, når de yder nødvendige sundhedsydelser til ukrainske flygtninge.

Det forventes, at der vil indgås tilsvarende aftaler på øvrige praksisområder, hvor der er behov for at tilbyde nødvendig behandling.$t$,
'afsluttet',
$t$$t$),
(13, 2, 3,
$t$Dokumentation for ansøgning om opholdstilladelse$t$,
$t$I aftalen med PLO forudsættes det, at flygtningene kan dokumentere over for lægen, at de har søgt opholdstilladelse.

Ansøgning om midlertidig opholdstilladelse efter særloven foregår som udgangspunkt digitalt via hjemmesiden New to Denmark (nyidanmark.dk). Når man ansøger digitalt, får man en kvittering på skærmen og – ved samtykke – også på e-mail. Denne kvittering kan bruges som dokumentation for, at man har søgt om opholdstilladelse efter særloven.

I dette opdigtede eksempel er spørgsmålet om kvittering for ansøgninger i papirformat afklaret, og afsnittet er derfor afsluttet.$t$,
'afsluttet',
$t$https://www.nyidanmark.dk/en-GB/Words%20and%20Concepts%20Front%20Page/Shared/Information%20Ukraine$t$),
(14, 2, 4,
$t$Tildeling af praktiserende læge efter opnået opholdstilladelse$t$,
$t$Det forventes, at der vil være geografiske områder i Danmark, hvor der inden for den eksisterende kapacitet vil være udfordringer med at tildele en praktiserende læge til alle personer, der opnår opholdstilladelse i henhold til særloven.

Danske Regioner og PLO anmodede derfor i fællesskab Sundhedsministeriet om hjemmel til, at personer, der opnår opholdstilladelse, også kan tildeles en praktiserende læge, der har lukket for tilgang. I dette opdigtede eksempel på en senere status er hjemlen kommet på plads.

Hver praktiserende læge med lukket for tilgang skal mindst tage 20 personer pr. kapacitet, hvilket kan gentages med tre måneders mellemrum. De praktiserende læger forpligtes dermed til at tage imod 20 i indeværende kvartal og yderligere 20 i hvert af de to følgende kvartaler – dvs. samlet 60 ukrainere.

Eksemplet viser, hvordan afsnittet skifter fra »afventer« til »i gang«, når regionerne kan tildele læger efter reglerne og følge, om ukrainerne bliver fordelt jævnt mellem klinikkerne.$t$,
'i_gang',
$t$$t$),
(15, 2, 5,
$t$Modtagelse af udenlandske patienter$t$,
$t$Regionerne koordinerer modtagelsen og fordelingen på danske hospitaler i dialog med Sundhedsstyrelsen. I dette opdigtede eksempel er der siden forrige møde modtaget flere patienter; antallet og fordelingen på regionerne står i den rigtige status, ikke her.

Modtagelsen sker fortsat efter Sundhedsministeriets bekendtgørelse af 13. april 2022 (kildematerialets egen oplysning).$t$,
'i_gang',
$t$https://www.retsinformation.dk/eli/lta/2022/441$t$),
(16, 2, 6,
$t$Tolkebistand$t$,
$t$Et opdigtet eksempel på et nyt afsnit: det viser, hvordan et afsnit, der ikke var med i forrige version, markeres som nyt.$t$,
'i_gang',
$t$$t$)
ON CONFLICT (id) DO NOTHING;

-- Item 2 of meeting 1 carries version 1 of the status note.
UPDATE agenda_items SET status_note_version_id = 1 WHERE id = 2 AND status_note_version_id IS NULL;

-- Item kinds of meeting 1: item 9 is the general orientations, item 10 the next meeting.
UPDATE agenda_items SET kind = 'orienteringer' WHERE id = 9 AND kind = 'sag';
UPDATE agenda_items SET kind = 'naeste_moede' WHERE id = 10 AND kind = 'sag';

-- ---------------------------------------------------------------------------------------
-- Agenda items of meeting 2 (21 June 2022). INVENTED: the seed ends before that meeting.
-- Item 11 follows up on item 2 of meeting 1 and carries version 2 of the status note;
-- item 12 is the standard "Næste møde" (the date 22 September 2022 is invented).
-- ---------------------------------------------------------------------------------------
INSERT INTO agenda_items (id, meeting_id, number, confidential, kind, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note,
                          status_note_version_id)
VALUES (11, 2, 1, false, 'sag',
$t$Status på sundhedsydelser til ukrainske flygtninge$t$,
'Jakob Schelde Holde', 'EMN-2022-00443',
$t$Punktet er et opdigtet eksempel på den næste status i sagen: kildematerialet slutter før mødet den 21. juni 2022. Det viser, hvordan et bestyrelsesmedlem ser, hvad der er ændret i statusnotatet siden forrige møde, fx tildeling af praktiserende læge efter modellen med 20 + 20 + 20 = 60 personer pr. kapacitet.$t$,
$t$Det indstilles,
at bestyrelsen drøfter status på regionernes arbejde med at tilbyde sundhedsydelser til personer, der er flygtet fra Ukraine.$t$,
$t$Bestyrelsen drøftede status på sundhedsydelser til ukrainske flygtninge på forrige møde. Statusnotatet nedenfor viser, hvad der er ændret siden da: hvert afsnit er markeret med sin status (i gang, afventer, afsluttet), og nye eller ændrede afsnit fremgår af sammenligningen med den forrige version.$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$,
2)
ON CONFLICT (id) DO NOTHING;

INSERT INTO agenda_items (id, meeting_id, number, confidential, kind, title, case_officer, case_number,
                          resume, indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation, bilag_note)
VALUES (12, 2, 2, false, 'naeste_moede',
$t$Næste møde$t$,
'Maren Munk-Madsen', 'EMN-2022-00069',
$t$Tidspunktet for næste møde meddeles senere.$t$,
$t$Det indstilles,
at bestyrelsen tager til efterretning, at tidspunktet for næste møde meddeles senere.$t$,
$t$$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$Ingen bemærkninger$t$,
$t$$t$)
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------------------
-- The council's cases. Cases 1-6: the six risk assessments of Tabel 1, each with its letter
-- (profile as in the report), recommendations, responsum and evaluation. The 59 recommendations
-- follow the report's Figur 2 and 3: per project the shares of Figur 3 (LUNA 17, KIIT 16, LABREK 7,
-- patologi 7, SMR2 7, FUT 5), in all 19/18/14/8 over the four focus areas = 32/30/24/14 %.
-- Texts paraphrase the report's case stories where it gives them; the rest is invented.
-- The intakes' dates are invented too, each about three and a half months before the month of
-- Tabel 1, so that they keep the 3 months' rule (the secretariat's planning needs the time).
-- ---------------------------------------------------------------------------------------
INSERT INTO assessment_cases (id, project_id, kind, state, requirement, desired_month, contact, submitted_at,
                              material_deadline, dialogue_date, letter_date, material_received_at, partner_council,
                              dialogue_held_on, dialogue_participants, dialogue_notes, decided_at) VALUES
    (1, 1, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2020-04-01', 'Rådssekretariatet', TIMESTAMPTZ '2019-12-12 10:00+01',
     DATE '2020-04-14', DATE '2020-04-21', DATE '2020-04-27', TIMESTAMPTZ '2020-04-14 09:00+01', '',
     DATE '2020-04-21', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL),
    (2, 2, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2020-06-01', 'Rådssekretariatet', TIMESTAMPTZ '2020-02-14 10:00+01',
     DATE '2020-06-10', DATE '2020-06-17', DATE '2020-06-23', TIMESTAMPTZ '2020-06-10 09:00+01', '',
     DATE '2020-06-17', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL),
    (3, 3, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2020-08-01', 'Rådssekretariatet', TIMESTAMPTZ '2020-04-17 10:00+01',
     DATE '2020-08-13', DATE '2020-08-20', DATE '2020-08-26', TIMESTAMPTZ '2020-08-13 09:00+01', '',
     DATE '2020-08-20', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL),
    (4, 4, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2021-01-01', 'Rådssekretariatet', TIMESTAMPTZ '2020-09-18 10:00+01',
     DATE '2021-01-14', DATE '2021-01-21', DATE '2021-01-27', TIMESTAMPTZ '2021-01-14 09:00+01', '',
     DATE '2021-01-21', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL),
    (5, 5, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2021-03-01', 'Rådssekretariatet', TIMESTAMPTZ '2020-11-13 10:00+01',
     DATE '2021-03-11', DATE '2021-03-18', DATE '2021-03-24', TIMESTAMPTZ '2021-03-11 09:00+01', '',
     DATE '2021-03-18', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL),
    (6, 6, 'risikovurdering', 'afsluttet', 'mandatory', DATE '2021-09-01', 'Rådssekretariatet', TIMESTAMPTZ '2021-05-14 10:00+01',
     DATE '2021-09-09', DATE '2021-09-16', DATE '2021-09-22', TIMESTAMPTZ '2021-09-09 09:00+01', $t$Københavns Kommunes It-projektråd$t$,
     DATE '2021-09-16', 'Projektleder, styregruppeformand, de to rådsmedlemmer og vurderingsteamet', $t$Dialogmødet gennemgik vurderingsteamets observationer; projektet uddybede tidsplan og organisering.$t$, NULL)
ON CONFLICT (id) DO NOTHING;

INSERT INTO case_appointments (case_id, user_id, role, appointed_at, declared_at)
SELECT c.id, u.id, CASE WHEN u.username LIKE 'raadsmedlem%' THEN 'council_member' ELSE 'assessor' END, c.submitted_at + interval '14 days', c.submitted_at + interval '16 days'
FROM assessment_cases c CROSS JOIN users u
WHERE c.id BETWEEN 1 AND 6 AND u.username IN ('raadsmedlem1', 'raadsmedlem2', 'vurderer1', 'vurderer2', 'vurderer3', 'vurderer4')
ON CONFLICT (case_id, user_id) DO NOTHING;

INSERT INTO case_letters (case_id, general_statement, final_profile, profile_reason, version, updated_at, sent_at, responsum_due, responsum_submitted_at) VALUES
    (1, $t$LUNA er et stort og komplekst projekt, der skal erstatte Notus og understøtte alle fem regioners administration af praksisområdet. Projektet er godt forankret i regionerne, men afhængigheden af eksterne parter, business casen og projektets kompetencer kræver særlig opmærksomhed.$t$,
     'A', '', 3, TIMESTAMPTZ '2020-04-28 09:00+01', TIMESTAMPTZ '2020-04-28 14:00+01', DATE '2020-06-02', TIMESTAMPTZ '2020-05-28 12:00+01'),
    (2, $t$Klinisk Immunologi IT samler alle fem regioners blodbanker og immunologiske afdelinger om ét system. Projektet har en god faglig forankring, men udbudsstrategien, driftsmodellen og den kliniske involvering i implementeringen er endnu ikke på plads.$t$,
     'A', '', 3, TIMESTAMPTZ '2020-06-24 09:00+01', TIMESTAMPTZ '2020-06-24 14:00+01', DATE '2020-07-29', TIMESTAMPTZ '2020-07-24 12:00+01'),
    (3, $t$LABREK skal anskaffe et nyt laboratorierekvisitionssystem med tidssvarende datasikkerhed og arkitektur. Projektet er velbeskrevet, og risikoen vurderes som høj frem for meget høj, fordi løsningen kan købes som standard, og projektet ikke afhænger af eksterne parter.$t$,
     'B', '', 3, TIMESTAMPTZ '2020-08-27 09:00+01', TIMESTAMPTZ '2020-08-27 14:00+01', DATE '2020-10-01', TIMESTAMPTZ '2020-09-26 12:00+01'),
    (4, $t$Det fællesregionale patologisystem er et af flere projekter i den samlede plan for fornyelse af patologiområdet. Afhængighederne til de relaterede projekter, målene og beslutningsstrukturen skal være tydeligere, før projektet går i anskaffelsesfasen.$t$,
     'A', '', 3, TIMESTAMPTZ '2021-01-28 09:00+01', TIMESTAMPTZ '2021-01-28 14:00+01', DATE '2021-03-04', TIMESTAMPTZ '2021-02-27 12:00+01'),
    (5, $t$SMR2 videreudvikler Sygehusmedicinregisteret i et fællesoffentligt samarbejde. Den foreliggende PID er tidlig og primært regionalt rettet; projektets mål, leverancer og gevinster bør gøres tydeligere, og leverancer uden for projektets kontrol bør blive forudsætninger.$t$,
     'A', '', 3, TIMESTAMPTZ '2021-03-25 09:00+01', TIMESTAMPTZ '2021-03-25 14:00+01', DATE '2021-04-29', TIMESTAMPTZ '2021-04-24 12:00+01'),
    (6, $t$FUT er et fællesoffentligt projekt med projektledelse i Københavns Kommune, vurderet sammen med Københavns Kommunes It-projektråd. Projektet er risikofyldt på grund af sin sammensætning, de politiske rammer og det omfattende interessentlandskab.$t$,
     'A', '', 3, TIMESTAMPTZ '2021-09-23 09:00+01', TIMESTAMPTZ '2021-09-23 14:00+01', DATE '2021-10-28', TIMESTAMPTZ '2021-10-23 12:00+01')
ON CONFLICT (case_id) DO NOTHING;

INSERT INTO letter_criteria (case_id, code, ticked, comment) VALUES
    (1, 'k:teknologi', true, $t$Ny løsning med mange integrationer$t$),
    (1, 'k:interessenter', true, $t$Fem regioner og flere nationale parter$t$),
    (1, 'k:organisation', true, $t$Stor projektorganisation på tværs af regioner$t$),
    (1, 'r:forretning', true, $t$Kritisk for driften$t$),
    (1, 'r:eksterne', true, $t$Afhænger af leverancer fra eksterne parter$t$),
    (2, 'k:teknologi', true, $t$Ny løsning med mange integrationer$t$),
    (2, 'k:interessenter', true, $t$Fem regioner og flere nationale parter$t$),
    (2, 'r:forretning', true, $t$Kritisk for driften$t$),
    (2, 'r:sikkerhed', true, $t$Behandler følsomme helbredsoplysninger$t$),
    (3, 'k:teknologi', true, $t$Ny løsning med mange integrationer$t$),
    (3, 'k:organisation', true, $t$Stor projektorganisation på tværs af regioner$t$),
    (3, 'r:sikkerhed', true, $t$Behandler følsomme helbredsoplysninger$t$),
    (4, 'k:teknologi', true, $t$Ny løsning med mange integrationer$t$),
    (4, 'k:interessenter', true, $t$Fem regioner og flere nationale parter$t$),
    (4, 'k:organisation', true, $t$Stor projektorganisation på tværs af regioner$t$),
    (4, 'r:forretning', true, $t$Kritisk for driften$t$),
    (4, 'r:eksterne', true, $t$Afhænger af leverancer fra eksterne parter$t$),
    (5, 'k:interessenter', true, $t$Fem regioner og flere nationale parter$t$),
    (5, 'k:organisation', true, $t$Stor projektorganisation på tværs af regioner$t$),
    (5, 'r:forretning', true, $t$Kritisk for driften$t$),
    (5, 'r:eksterne', true, $t$Afhænger af leverancer fra eksterne parter$t$),
    (6, 'k:teknologi', true, $t$Ny løsning med mange integrationer$t$),
    (6, 'k:interessenter', true, $t$Fem regioner og flere nationale parter$t$),
    (6, 'k:organisation', true, $t$Stor projektorganisation på tværs af regioner$t$),
    (6, 'r:forretning', true, $t$Kritisk for driften$t$),
    (6, 'r:eksterne', true, $t$Afhænger af leverancer fra eksterne parter$t$)
ON CONFLICT (case_id, code) DO NOTHING;

INSERT INTO letter_signoffs (case_id, user_id, signed_at)
SELECT l.case_id, u.id, l.sent_at - interval '1 day' FROM case_letters l CROSS JOIN users u
WHERE l.case_id BETWEEN 1 AND 6 AND u.username IN ('raadsmedlem1', 'raadsmedlem2')
ON CONFLICT (case_id, user_id) DO NOTHING;

INSERT INTO recommendations (id, case_id, position, focus_area, sub_theme, body, answer, action, action_date, follow_up) VALUES
    (1, 1, 1, 'projekttilrettelaeggelse', $t$Tidsplan$t$, $t$Udarbejd en samlet tidsplan, der viser afhængighederne til udfasningen af Notus, og indbyg buffer før overgangen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-07-12', 'gennemfoert'),
    (2, 1, 2, 'projekttilrettelaeggelse', $t$Ressourcer og kompetencer$t$, $t$Sikr, at projektet har de nødvendige kompetencer inden for kontraktstyring og test, og afklar, hvordan de fastholdes gennem hele projektet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-07-27', 'gennemfoert'),
    (3, 1, 3, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Opdatér PID'en, så projektets leverancer, forudsætninger og afgrænsning er entydigt beskrevet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-08-11', 'gennemfoert'),
    (4, 1, 4, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Etablér en løbende risikostyring med navngivne risikoejere, og rapportér de væsentligste risici til styregruppen på hvert møde.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-08-26', 'gennemfoert'),
    (5, 1, 5, 'projekttilrettelaeggelse', $t$Implementeringsstrategi og forandringsledelse$t$, $t$Beskriv en implementeringsstrategi for de fem regioners praksisafdelinger, herunder uddannelse og en periode med parallel drift.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2020-09-10', 'i_gang'),
    (6, 1, 6, 'governance', $t$Projektorganisering og -styring$t$, $t$Tydeliggør roller, ansvar og mandater mellem projektleder, programledelse og de regionale repræsentanter.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2020-09-25', 'i_gang'),
    (7, 1, 7, 'governance', $t$Koordinering og afhængigheder$t$, $t$Kortlæg afhængighederne til Sundhed.dk og KOMBIT, og aftal faste koordinationsfora med begge parter.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2020-10-10', 'ikke_fulgt'),
    (8, 1, 8, 'governance', $t$Koordinering og afhængigheder$t$, $t$Indgå skriftlige aftaler om leverancer fra eksterne parter med tidsfrister og eskalationsveje.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-10-25', 'gennemfoert'),
    (9, 1, 9, 'governance', $t$Styregruppe$t$, $t$Sammensæt styregruppen, så alle fem regioner er repræsenteret med beslutningskompetence.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-11-09', 'gennemfoert'),
    (10, 1, 10, 'governance', $t$Styregruppe$t$, $t$Fastlæg, hvilke beslutninger styregruppen træffer, og hvilke der skal løftes til RSI-kredsen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-11-24', 'i_gang'),
    (11, 1, 11, 'governance', $t$Leverandørstyring$t$, $t$Styrk leverandørstyringen med klare acceptkriterier og en fast proces for ændringsanmodninger.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-12-09', 'gennemfoert'),
    (12, 1, 12, 'governance', $t$Interessenthåndtering og kommunikation$t$, $t$Udarbejd en interessentanalyse og en kommunikationsplan, der også omfatter de praktiserende læger og PLO.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-12-24', 'gennemfoert'),
    (13, 1, 13, 'governance', $t$Projektorganisering og -styring$t$, $t$Indfør en fast rapportering om fremdrift, økonomi og risici til styregruppen.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-01-08', 'i_gang'),
    (14, 1, 14, 'forretning', $t$Business case$t$, $t$Udarbejd en business case, der opgør de samlede omkostninger ved den nye løsning og ved fortsat drift af Notus.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-01-23', 'i_gang'),
    (15, 1, 15, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Konkretisér gevinsterne, og udpeg gevinstejere i regionerne.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2021-02-07', 'ikke_fulgt'),
    (16, 1, 16, 'teknik', $t$Tekniske behov og krav$t$, $t$Afklar kravene til integrationer med de nationale løsninger, før kravspecifikationen låses.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-02-22', 'gennemfoert'),
    (17, 1, 17, 'teknik', $t$Tekniske behov og krav$t$, $t$Gennemfør en markedsdialog, der afklarer, om standardløsninger kan dække praksisområdets behov.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-03-09', 'gennemfoert'),
    (18, 2, 1, 'projekttilrettelaeggelse', $t$Tidsplan$t$, $t$Udarbejd en realistisk tidsplan for udbud og implementering, der tager højde for regionernes travle perioder.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-09-07', 'gennemfoert'),
    (19, 2, 2, 'projekttilrettelaeggelse', $t$Implementeringsstrategi og forandringsledelse$t$, $t$Planlæg implementeringen i bølger, og lad den første region fungere som pilot.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-09-22', 'gennemfoert'),
    (20, 2, 3, 'projekttilrettelaeggelse', $t$Implementeringsstrategi og forandringsledelse$t$, $t$Involvér de klinisk immunologiske afdelinger tidligt i arbejdsgangsanalyser og test.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-10-07', 'i_gang'),
    (21, 2, 4, 'projekttilrettelaeggelse', $t$Ressourcer og kompetencer$t$, $t$Afsæt tilstrækkelige kliniske ressourcer fra alle regioner til kravspecifikation og test.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2020-10-22', 'i_gang'),
    (22, 2, 5, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Beskriv projektets forudsætninger og afgrænsning i PID'en, og hold dokumentet opdateret.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2020-11-06', 'i_gang'),
    (23, 2, 6, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Etablér en risikolog med tiltag og ejere, og gennemgå den på hvert styregruppemøde.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2020-11-21', 'ikke_fulgt'),
    (24, 2, 7, 'governance', $t$Styregruppe$t$, $t$Sikr, at styregruppen har et klart mandat og træffer beslutninger på et dokumenteret grundlag.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-12-06', 'gennemfoert'),
    (25, 2, 8, 'governance', $t$Leverandørstyring$t$, $t$Forbered en model for leverandørstyring, inden kontrakten indgås.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-12-21', 'i_gang'),
    (26, 2, 9, 'forretning', $t$Business case$t$, $t$Kvalificér business casen med data fra alle fem regioner.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-01-05', 'gennemfoert'),
    (27, 2, 10, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Formulér målbare succeskriterier for patientsikkerhed og effektivitet i blodbankerne.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-01-20', 'gennemfoert'),
    (28, 2, 11, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Udarbejd en plan for gevinstrealisering med baseline og tidspunkter for opfølgning.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-02-04', 'gennemfoert'),
    (29, 2, 12, 'forretning', $t$Formål og scope$t$, $t$Afgræns projektets scope tydeligt i forhold til tilstødende laboratoriesystemer.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-02-19', 'i_gang'),
    (30, 2, 13, 'teknik', $t$Tekniske behov og krav$t$, $t$Afdæk markedet for standardsystemer til klinisk immunologi, før udbudsstrategien fastlægges.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-03-06', 'i_gang'),
    (31, 2, 14, 'teknik', $t$Tekniske behov og krav$t$, $t$Beskriv kravene til integration med EPJ-systemerne og de nationale registre.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2021-03-21', 'ikke_fulgt'),
    (32, 2, 15, 'teknik', $t$Tekniske behov og krav$t$, $t$Stil krav til informationssikkerhed og logning i overensstemmelse med regionernes fælles sikkerhedspolitik.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-04-05', 'gennemfoert'),
    (33, 2, 16, 'teknik', $t$Tekniske behov og krav$t$, $t$Afklar driftsmodellen, herunder hvor løsningen skal driftes, og hvem der har ansvaret.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-04-20', 'gennemfoert'),
    (34, 3, 1, 'projekttilrettelaeggelse', $t$Tidsplan$t$, $t$Indarbejd udbudsprocessens faser og klagefrister i tidsplanen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-11-10', 'gennemfoert'),
    (35, 3, 2, 'projekttilrettelaeggelse', $t$Ressourcer og kompetencer$t$, $t$Sikr udbudsjuridiske og tekniske kompetencer i projektgruppen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-11-25', 'i_gang'),
    (36, 3, 3, 'projekttilrettelaeggelse', $t$Implementeringsstrategi og forandringsledelse$t$, $t$Planlæg overgangen fra de nuværende rekvisitionssystemer, så driften ikke forstyrres.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2020-12-10', 'gennemfoert'),
    (37, 3, 4, 'governance', $t$Koordinering og afhængigheder$t$, $t$Koordinér med de øvrige laboratorieprojekter, så afhængighederne håndteres samlet.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2020-12-25', 'i_gang'),
    (38, 3, 5, 'governance', $t$Interessenthåndtering og kommunikation$t$, $t$Inddrag de rekvirerende afdelinger og almen praksis i kravarbejdet.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-01-09', 'i_gang'),
    (39, 3, 6, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Konkretisér de forventede gevinster ved en fælles løsning.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2021-01-24', 'ikke_fulgt'),
    (40, 3, 7, 'teknik', $t$Tekniske behov og krav$t$, $t$Beskriv kravene til datasikkerhed og it-arkitektur, så de kan indgå som mindstekrav i udbuddet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-02-08', 'i_gang'),
    (41, 4, 1, 'projekttilrettelaeggelse', $t$Tidsplan$t$, $t$Udarbejd en leveranceplan, der tager højde for forudsætningsskabende aktiviteter i relaterede projekter.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-04-13', 'gennemfoert'),
    (42, 4, 2, 'governance', $t$Projektorganisering og -styring$t$, $t$Sikr en klar governance med en entydig beslutningsstruktur.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-04-28', 'gennemfoert'),
    (43, 4, 3, 'governance', $t$Projektorganisering og -styring$t$, $t$Beskriv rollefordelingen mellem projektet, regionerne og den samlede plan for patologiområdet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-05-13', 'gennemfoert'),
    (44, 4, 4, 'governance', $t$Koordinering og afhængigheder$t$, $t$Etablér en fast koordinering med de øvrige projekter i planen for fornyelse af patologiområdet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-05-28', 'ikke_fulgt'),
    (45, 4, 5, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Konkretisér og nedbryd projektets mål og succeskriterier.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-06-12', 'ikke_fulgt'),
    (46, 4, 6, 'forretning', $t$Formål og scope$t$, $t$Afgræns projektets scope i forhold til molekylærpatologi og digital patologi.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-06-27', 'ikke_fulgt'),
    (47, 4, 7, 'teknik', $t$Tekniske behov og krav$t$, $t$Gennemfør en markedsdialog med potentielle leverandører med henblik på valg af udbudsstrategi.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2021-07-12', 'ikke_fulgt'),
    (48, 5, 1, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Opdel projektet i en afgrænset analyse- og designfase efterfulgt af et veldefineret beslutningspunkt om gennemførelsen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-06-08', 'gennemfoert'),
    (49, 5, 2, 'governance', $t$Projektorganisering og -styring$t$, $t$Sikr en klar beslutningsstruktur og rollefordeling mellem de fællesoffentlige parter.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-06-23', 'gennemfoert'),
    (50, 5, 3, 'forretning', $t$Formål og scope$t$, $t$Bliv tydeligere på projektets mål og leverancer.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-07-08', 'i_gang'),
    (51, 5, 4, 'forretning', $t$Formål og scope$t$, $t$Gør leverancer, som projektet ikke selv kan påvirke eller kontrollere, til forudsætninger for projektet.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-07-23', 'gennemfoert'),
    (52, 5, 5, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Beskriv projektets gevinster, og hvem der skal realisere dem.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-08-07', 'gennemfoert'),
    (53, 5, 6, 'forretning', $t$Business case$t$, $t$Udarbejd en business case, der viser omkostninger og gevinster for hver af de deltagende parter.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-08-22', 'i_gang'),
    (54, 5, 7, 'forretning', $t$Gevinster og succeskriterier$t$, $t$Fastlæg succeskriterier for datakvalitet og adgang til data fra registeret.$t$,
     'foelges_delvist', $t$Indarbejdes delvist; resten afventer beslutning i styregruppen.$t$, DATE '2021-09-06', 'i_gang'),
    (55, 6, 1, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Beskriv sammenhængen mellem den agile udviklingsmetode og den traditionelle projektmodel, herunder beslutningspunkterne.$t$,
     'foelges_ikke', $t$Følges ikke: projektet vurderer, at forholdet er dækket af den eksisterende organisering.$t$, DATE '2021-12-07', 'ikke_fulgt'),
    (56, 6, 2, 'projekttilrettelaeggelse', $t$Projektdokumentation og risikostyring$t$, $t$Saml projektdokumentationen, så styregruppen har ét overblik over leverancer, økonomi og risici.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2021-12-22', 'gennemfoert'),
    (57, 6, 3, 'projekttilrettelaeggelse', $t$Implementeringsstrategi og forandringsledelse$t$, $t$Planlæg implementeringen i kommuner og regioner i fællesskab, med plads til lokale forskelle.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2022-01-06', 'gennemfoert'),
    (58, 6, 4, 'governance', $t$Projektorganisering og -styring$t$, $t$Sikr klare roller og mandater i den fællesoffentlige organisering, herunder hvordan styregruppe og programledelse arbejder sammen.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2022-01-21', 'gennemfoert'),
    (59, 6, 5, 'governance', $t$Interessenthåndtering og kommunikation$t$, $t$Udarbejd en interessentanalyse, der dækker det omfattende interessentlandskab på tværs af sektorer.$t$,
     'foelges', $t$Indarbejdes i projektets plan og følges op i styregruppen.$t$, DATE '2022-02-05', 'gennemfoert')
ON CONFLICT (id) DO NOTHING;

-- Questionnaire version 1 (sql/024): process, content (risks and recommendations), value.
INSERT INTO case_evaluations (case_id, questionnaire_id, scores, comment, submitted_at) VALUES
    (1, 1, ARRAY[5, 4, 5], $t$En meget udbytterig proces. Vi vil gerne bruge it-rådet til sparring senere i projektet.$t$, TIMESTAMPTZ '2020-06-12 12:00+01'),
    (2, 1, ARRAY[4, 4, 4], $t$Konstruktiv dialog og konkrete anbefalinger, som vi har arbejdet videre med.$t$, TIMESTAMPTZ '2020-08-08 12:00+01'),
    (3, 1, ARRAY[4, 4, 5], '', TIMESTAMPTZ '2020-10-11 12:00+01'),
    (4, 1, ARRAY[4, 3, 4], $t$Anbefalingerne hjalp os med at kvalificere PID'en.$t$, TIMESTAMPTZ '2021-03-14 12:00+01'),
    (5, 1, ARRAY[3, 4, 4], $t$Gode input, men processen burde i højere grad bygge på en tidlig dialog med projektet frem for på PID'ens udformning.$t$, TIMESTAMPTZ '2021-05-09 12:00+01'),
    (6, 1, ARRAY[5, 5, 5], $t$Samarbejdet mellem de to råd fungerede godt, og anbefalingerne var konkrete.$t$, TIMESTAMPTZ '2021-11-07 12:00+01')
ON CONFLICT (case_id) DO NOTHING;

-- Each assessment is the activity of Tabel 1 it produced.
UPDATE council_activities a SET case_id = v.case_id FROM (VALUES (1, 1), (2, 2), (3, 3), (4, 4), (6, 5), (7, 6)) AS v(activity_id, case_id)
WHERE a.id = v.activity_id AND a.case_id IS NULL;

-- The cases' timelines, as the audit log would have recorded them.
INSERT INTO audit_log (at, user_id, username, action, object_type, object_id, detail)
SELECT e.at, u.id, u.username, e.action, 'case', e.case_id::text, '' FROM (
  VALUES
    (1, TIMESTAMPTZ '2019-12-12 12:00+01', 'sekretariat', 'intake.submitted'),
    (1, TIMESTAMPTZ '2019-12-27 12:00+01', 'sekretariat', 'case.planned'),
    (1, TIMESTAMPTZ '2020-04-14 12:00+01', 'sekretariat', 'material.sent'),
    (1, TIMESTAMPTZ '2020-04-21 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (1, TIMESTAMPTZ '2020-04-26 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (1, TIMESTAMPTZ '2020-04-27 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (1, TIMESTAMPTZ '2020-04-28 12:00+01', 'sekretariat', 'letter.sent'),
    (1, TIMESTAMPTZ '2020-05-28 12:00+01', 'sekretariat', 'responsum.submitted'),
    (1, TIMESTAMPTZ '2020-06-12 12:00+01', 'sekretariat', 'evaluation.submitted'),
    (2, TIMESTAMPTZ '2020-02-14 12:00+01', 'sekretariat', 'intake.submitted'),
    (2, TIMESTAMPTZ '2020-02-28 12:00+01', 'sekretariat', 'case.planned'),
    (2, TIMESTAMPTZ '2020-06-10 12:00+01', 'sekretariat', 'material.sent'),
    (2, TIMESTAMPTZ '2020-06-17 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (2, TIMESTAMPTZ '2020-06-22 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (2, TIMESTAMPTZ '2020-06-23 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (2, TIMESTAMPTZ '2020-06-24 12:00+01', 'sekretariat', 'letter.sent'),
    (2, TIMESTAMPTZ '2020-07-24 12:00+01', 'sekretariat', 'responsum.submitted'),
    (2, TIMESTAMPTZ '2020-08-08 12:00+01', 'sekretariat', 'evaluation.submitted'),
    (3, TIMESTAMPTZ '2020-04-17 12:00+01', 'sekretariat', 'intake.submitted'),
    (3, TIMESTAMPTZ '2020-05-01 12:00+01', 'sekretariat', 'case.planned'),
    (3, TIMESTAMPTZ '2020-08-13 12:00+01', 'sekretariat', 'material.sent'),
    (3, TIMESTAMPTZ '2020-08-20 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (3, TIMESTAMPTZ '2020-08-25 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (3, TIMESTAMPTZ '2020-08-26 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (3, TIMESTAMPTZ '2020-08-27 12:00+01', 'sekretariat', 'letter.sent'),
    (3, TIMESTAMPTZ '2020-09-26 12:00+01', 'sekretariat', 'responsum.submitted'),
    (3, TIMESTAMPTZ '2020-10-11 12:00+01', 'sekretariat', 'evaluation.submitted'),
    (4, TIMESTAMPTZ '2020-09-18 12:00+01', 'sekretariat', 'intake.submitted'),
    (4, TIMESTAMPTZ '2020-10-02 12:00+01', 'sekretariat', 'case.planned'),
    (4, TIMESTAMPTZ '2021-01-14 12:00+01', 'sekretariat', 'material.sent'),
    (4, TIMESTAMPTZ '2021-01-21 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (4, TIMESTAMPTZ '2021-01-26 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (4, TIMESTAMPTZ '2021-01-27 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (4, TIMESTAMPTZ '2021-01-28 12:00+01', 'sekretariat', 'letter.sent'),
    (4, TIMESTAMPTZ '2021-02-27 12:00+01', 'sekretariat', 'responsum.submitted'),
    (4, TIMESTAMPTZ '2021-03-14 12:00+01', 'sekretariat', 'evaluation.submitted'),
    (5, TIMESTAMPTZ '2020-11-13 12:00+01', 'sekretariat', 'intake.submitted'),
    (5, TIMESTAMPTZ '2020-11-27 12:00+01', 'sekretariat', 'case.planned'),
    (5, TIMESTAMPTZ '2021-03-11 12:00+01', 'sekretariat', 'material.sent'),
    (5, TIMESTAMPTZ '2021-03-18 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (5, TIMESTAMPTZ '2021-03-23 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (5, TIMESTAMPTZ '2021-03-24 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (5, TIMESTAMPTZ '2021-03-25 12:00+01', 'sekretariat', 'letter.sent'),
    (5, TIMESTAMPTZ '2021-04-24 12:00+01', 'sekretariat', 'responsum.submitted'),
    (5, TIMESTAMPTZ '2021-05-09 12:00+01', 'sekretariat', 'evaluation.submitted'),
    (6, TIMESTAMPTZ '2021-05-14 12:00+01', 'sekretariat', 'intake.submitted'),
    (6, TIMESTAMPTZ '2021-05-28 12:00+01', 'sekretariat', 'case.planned'),
    (6, TIMESTAMPTZ '2021-09-09 12:00+01', 'sekretariat', 'material.sent'),
    (6, TIMESTAMPTZ '2021-09-16 12:00+01', 'sekretariat', 'dialogue.recorded'),
    (6, TIMESTAMPTZ '2021-09-21 12:00+01', 'raadsmedlem1', 'letter.signed'),
    (6, TIMESTAMPTZ '2021-09-22 12:00+01', 'raadsmedlem2', 'letter.signed'),
    (6, TIMESTAMPTZ '2021-09-23 12:00+01', 'sekretariat', 'letter.sent'),
    (6, TIMESTAMPTZ '2021-10-23 12:00+01', 'sekretariat', 'responsum.submitted'),
    (6, TIMESTAMPTZ '2021-11-07 12:00+01', 'sekretariat', 'evaluation.submitted')
) AS e(case_id, at, username, action) JOIN users u ON u.username = e.username
WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = 'case' AND a.object_id = e.case_id::text AND a.action = e.action);


-- ---------------------------------------------------------------------------------------
-- Cases in progress, dated from the day the demo data is first loaded, so that every demo account
-- finds something waiting on its front page:
--   * 7  PPJ (led by projektleder): planned, awaiting the project's material and vurderer4's declaration;
--   * 8  RIS/PACS: under assessment; observations recorded; the letter is drafted and waits for both
--        council members' sign-off; one assessor (vurderer5) has not yet declared impartiality;
--   * 9  MinSundhed v2: registered at short notice, awaiting the secretariat's planning;
--   * 10 Digital tolkebooking (led by projektleder): below the threshold, awaiting the directors.
-- ---------------------------------------------------------------------------------------
INSERT INTO projects (id, name, short_name, purpose, kind, leading_bodies, budget_mio, regional_share_mio,
                      rsi_phase, risk_profile, project_leader_id) VALUES
    (10, 'Digital tolkebooking', '',
        $t$At give hospitalerne i alle fem regioner én fælles digital booking af tolke, så patienter med behov for tolkning får en tolk til tiden, og så bookinger og regninger kan følges.$t$,
        'faellesregional', ARRAY['Region Sjælland'], 8.50, NULL, 'Analyse', NULL, (SELECT id FROM users WHERE username = 'projektleder'))
ON CONFLICT (id) DO NOTHING;

INSERT INTO steering_group_members (project_id, position, name, is_chair)
SELECT v.project_id, v.position, v.name, v.is_chair
FROM (VALUES (7, 1, 'Mette Kragh', true), (7, 2, 'Lars Holm Poulsen', false), (7, 3, 'Sofie Bach Andersen', false),
             (8, 1, 'Henrik Storm', true), (8, 2, 'Anja Vestergaard', false),
             (9, 1, 'Karen Lykke Friis', true),
             (10, 1, 'Ole Brandt', true), (10, 2, 'Nadia Rasmussen', false)) AS v(project_id, position, name, is_chair)
WHERE NOT EXISTS (SELECT 1 FROM steering_group_members s WHERE s.project_id = v.project_id);

INSERT INTO assessment_cases (id, project_id, kind, state, requirement, request_reasons, request_text, desired_month, contact,
                              short_notice, submitted_at, material_deadline, dialogue_date, letter_date, material_received_at, created_by) VALUES
    (7, 7, 'risikovurdering', 'afventer_materiale', 'mandatory', '{}', '', date_trunc('month', pg_temp.demo_today() + interval '4 months')::date,
        'Peter Projektleder Møller, projektleder@raadsportal.example.dk', false, pg_temp.demo_now() - interval '30 days',
        pg_temp.demo_today() + 10, pg_temp.demo_today() + 30, pg_temp.demo_today() + 42, NULL, (SELECT id FROM users WHERE username = 'projektleder')),
    (8, 8, 'risikovurdering', 'vurdering', 'mandatory', '{}', '', date_trunc('month', pg_temp.demo_today())::date,
        'Region Hovedstaden, Center for It, Medico og Telefoni', false, pg_temp.demo_now() - interval '120 days',
        pg_temp.demo_today() - 6, pg_temp.demo_today() + 4, pg_temp.demo_today() + 11, pg_temp.demo_now() - interval '6 days', NULL),
    (9, 9, 'risikovurdering', 'planlaegning', 'mandatory', '{}', '', date_trunc('month', pg_temp.demo_today() + interval '2 months')::date,
        'Region Syddanmark, MinSundhed-programmet', true, pg_temp.demo_now() - interval '2 days', NULL, NULL, NULL, NULL, NULL),
    (10, 10, 'risikovurdering', 'afventer_beslutning', 'voluntary', '{kompleksitet,interessenter}',
        $t$Løsningen skal bruges af alle hospitaler og af private tolkeleverandører, og bookingen skal integreres med patientadministrationen i to forskellige EPJ-systemer.$t$,
        date_trunc('month', pg_temp.demo_today() + interval '5 months')::date, 'Peter Projektleder Møller, projektleder@raadsportal.example.dk',
        false, pg_temp.demo_now() - interval '3 days', NULL, NULL, NULL, NULL, (SELECT id FROM users WHERE username = 'projektleder'))
ON CONFLICT (id) DO NOTHING;

INSERT INTO case_appointments (case_id, user_id, role, appointed_at, declared_at)
SELECT v.case_id, u.id, CASE WHEN u.username LIKE 'raadsmedlem%' THEN 'council_member' ELSE 'assessor' END,
       c.submitted_at + interval '1 day', CASE WHEN v.declared THEN c.submitted_at + interval '2 days' END
FROM (VALUES (7, 'raadsmedlem1', true), (7, 'raadsmedlem2', true), (7, 'vurderer1', true), (7, 'vurderer2', true),
             (7, 'vurderer3', true), (7, 'vurderer4', false),
             (8, 'raadsmedlem1', true), (8, 'raadsmedlem2', true), (8, 'vurderer1', true), (8, 'vurderer2', true),
             (8, 'vurderer3', true), (8, 'vurderer5', false)) AS v(case_id, username, declared)
JOIN users u ON u.username = v.username JOIN assessment_cases c ON c.id = v.case_id
ON CONFLICT (case_id, user_id) DO NOTHING;

-- The planned assessments are expected in the quarter of their desired month (the overview's pipeline).
INSERT INTO council_activities (id, project_id, kind, expected_year, expected_quarters, case_id)
SELECT 12 + c.id - 6, c.project_id, 'risikovurdering', extract(year FROM c.desired_month)::integer,
       ARRAY[extract(quarter FROM c.desired_month)::integer], c.id
FROM assessment_cases c WHERE c.id IN (7, 8)
ON CONFLICT DO NOTHING;

-- RIS/PACS: its PID (a small real PDF), the team's observations and the drafted letter.
-- Files get their ids from the sequence (a fixed id could meet a file uploaded before); seeded once per owner.
WITH file AS (
    INSERT INTO attachments (case_id, filename, content_type, size_bytes, complete, created_at)
    SELECT 8, 'PID RIS-PACS.pdf', 'application/pdf', 767, true, pg_temp.demo_now() - interval '6 days'
    WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE case_id = 8)
    RETURNING id)
INSERT INTO attachment_chunks (attachment_id, seq, data) SELECT id, 0, decode('255044462d312e340a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d202f5265736f7572636573203c3c202f466f6e74203c3c202f4631203420302052203e3e203e3e202f436f6e74656e7473203520302052203e3e0a656e646f626a0a342030206f626a0a3c3c202f54797065202f466f6e74202f53756274797065202f5479706531202f42617365466f6e74202f48656c766574696361203e3e0a656e646f626a0a352030206f626a0a3c3c202f4c656e67746820323232203e3e0a73747265616d0a4254202f463120313620546620373220373630205464202850726f6a656b74696e6974696572696e6773646f6b756d656e742028504944292920546a2030202d3234205464202f46312031322054662028416e736b616666656c7365206f6720657461626c6572696e67206166206e7974205249532f504143532920546a2030202d31382054642028526567696f6e20486f76656473746164656e202d2076657273696f6e20312e302920546a2030202d3138205464202844656d6f646f6b756d656e742074696c205261616473706f7274616c656e2e2920546a2045540a656e6473747265616d0a656e646f626a0a787265660a3020360a303030303030303030302036353533352066200a30303030303030303039203030303030206e200a30303030303030303538203030303030206e200a30303030303030313135203030303030206e200a30303030303030323431203030303030206e200a30303030303030333131203030303030206e200a747261696c65720a3c3c202f53697a652036202f526f6f74203120302052203e3e0a7374617274787265660a3538340a2525454f460a', 'hex') FROM file;

INSERT INTO case_observations (id, case_id, author_id, focus_area, body, created_at) VALUES
    (1, 8, (SELECT id FROM users WHERE username = 'vurderer1'), 'teknik',
        $t$PID'en beskriver ikke, hvordan billeder fra de nuværende arkiver migreres, eller hvor lang en periode med to systemer projektet regner med.$t$, pg_temp.demo_now() - interval '3 days'),
    (2, 8, (SELECT id FROM users WHERE username = 'vurderer2'), 'forretning',
        $t$Business casen bygger på gevinster i radiologien alene; gevinsterne hos de henvisende afdelinger er ikke opgjort.$t$, pg_temp.demo_now() - interval '2 days')
ON CONFLICT (id) DO NOTHING;

INSERT INTO case_letters (case_id, general_statement, final_profile, profile_reason, version, updated_at) VALUES
    (8, $t$RIS/PACS er et af regionernes største fælles anskaffelsesprojekter og berører hele det billeddiagnostiske forløb. Projektet er godt forberedt, men migreringen fra de nuværende arkiver og gevinsterne uden for radiologien kræver særlig opmærksomhed.$t$,
        'A', '', 1, pg_temp.demo_now() - interval '1 day')
ON CONFLICT (case_id) DO NOTHING;
INSERT INTO letter_criteria (case_id, code, ticked, comment) VALUES
    (8, 'k:teknologi', true, 'Migrering af store billedarkiver'), (8, 'k:interessenter', true, 'Alle hospitaler og henvisende afdelinger'),
    (8, 'r:forretning', true, 'Kritisk for diagnostik og behandling'), (8, 'r:sikkerhed', true, 'Følsomme helbredsoplysninger i stor mængde')
ON CONFLICT (case_id, code) DO NOTHING;
INSERT INTO recommendations (id, case_id, position, focus_area, sub_theme, body) VALUES
    (60, 8, 1, 'teknik', 'Tekniske behov og krav', $t$Beskriv strategien for migrering af billeder og svar fra de nuværende arkiver, og stil krav til den i udbuddet.$t$),
    (61, 8, 2, 'projekttilrettelaeggelse', 'Implementeringsstrategi og forandringsledelse', $t$Planlæg overgangen hospital for hospital, med en afgrænset periode med to systemer.$t$),
    (62, 8, 3, 'forretning', 'Gevinster og succeskriterier', $t$Opgør gevinsterne hos de henvisende afdelinger, og udpeg gevinstejere dér.$t$),
    (63, 8, 4, 'governance', 'Leverandørstyring', $t$Opbyg kompetencer til leverandørstyring i projektet, før kontrakten indgås.$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO audit_log (at, user_id, username, action, object_type, object_id, detail)
SELECT c.submitted_at + e.after, u.id, u.username, e.action, 'case', c.id::text, ''
FROM (VALUES (7, interval '0', 'projektleder', 'intake.submitted'), (7, interval '1 day', 'sekretariat', 'case.planned'),
             (8, interval '0', 'sekretariat', 'intake.submitted'), (8, interval '1 day', 'sekretariat', 'case.planned'),
             (8, interval '114 days', 'sekretariat', 'material.sent'), (8, interval '117 days', 'vurderer1', 'observation.added'),
             (8, interval '118 days', 'vurderer2', 'observation.added'), (8, interval '119 days', 'sekretariat', 'letter.saved'),
             (9, interval '0', 'sekretariat', 'intake.submitted'), (10, interval '0', 'projektleder', 'intake.submitted'))
     AS e(case_id, after, username, action)
JOIN assessment_cases c ON c.id = e.case_id JOIN users u ON u.username = e.username
WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = 'case' AND a.object_id = c.id::text AND a.action = e.action);

-- ---------------------------------------------------------------------------------------
-- LUNA's two sparring meetings in 2021 (Tabel 1), with minutes. The report tells that LUNA
-- asked for sparring on its new dependency on Sundhed.dk and KOMBIT, who both took part.
-- ---------------------------------------------------------------------------------------
UPDATE council_activities SET held_on = DATE '2021-01-19', topic = 'Styring og risici efter risikovurderingen',
    remarks = $t$Projektet gennemgik, hvordan it-rådets anbefalinger fra risikovurderingen er indarbejdet, og hvilke risici der står tilbage. Rådsmedlemmerne drøftede især den reviderede tidsplan og projektets kompetencer til test.$t$
WHERE id = 5 AND remarks = '';
UPDATE council_activities SET held_on = DATE '2021-10-12', topic = 'Ny styringsmodel med leverancer fra Sundhed.dk og KOMBIT',
    remarks = $t$LUNA er gået fra en styringsmodel med kontrol over alle leverancer til at afhænge af leverancer fra Sundhed.dk og KOMBIT, som begge deltog. Mødet satte skarpt på styring og risici og trykprøvede den nye styringsmodel.$t$
WHERE id = 8 AND remarks = '';
INSERT INTO activity_participants (activity_id, user_id)
SELECT a.id, u.id FROM council_activities a CROSS JOIN users u
WHERE a.id IN (5, 8) AND u.username IN ('raadsmedlem1', 'raadsmedlem2')
ON CONFLICT DO NOTHING;
INSERT INTO activity_recommendations (id, activity_id, position, focus_area, sub_theme, body) VALUES
    (1, 5, 1, 'projekttilrettelaeggelse', 'Ressourcer og kompetencer', $t$Sikr testkompetencer i projektet frem mod den første idriftsættelse.$t$),
    (2, 8, 1, 'governance', 'Koordinering og afhængigheder', $t$Aftal en fælles plan for leverancer og afhængigheder med Sundhed.dk og KOMBIT, og følg den på hvert styregruppemøde.$t$),
    (3, 8, 2, 'governance', 'Projektorganisering og -styring', $t$Beskriv eskalationsvejene i den nye styringsmodel, så uenigheder mellem parterne kan løses hurtigt.$t$)
ON CONFLICT (id) DO NOTHING;


-- ---------------------------------------------------------------------------------------
-- The annual report 2021 (covering 2020 and 2021), published below: the secretariat's text from the
-- seed's report (foreword, the four general observations, the four case stories of 2021). Its
-- tables and figures are not here: they are computed from the data above.
-- ---------------------------------------------------------------------------------------
INSERT INTO annual_reports (id, from_year, to_year, title, foreword) VALUES
    (1, 2020, 2021, 'Regionernes It-råd – Årsrapport 2021',
$t$I 2019 besluttede Danske Regioner at nedsætte et fællesregionalt it-råd og etablere en model for risikovurderinger. Ambitionen er at understøtte regionernes gennemførelse af store, komplekse it- og digitaliseringsprojekter. It-rådet er således sat i verden for at hjælpe projekterne godt i mål og dele erfaringer på tværs af regioner og projekter.

Årsrapporten er en offentlig beretning til Danske Regioners bestyrelse, til regionerne og til alle, der arbejder med eller interesserer sig for store, komplekse it-projekter i og på tværs af regioner og sektorer.

Regionernes It-råd har nu været i gang i to år og har samlet set gennemført seks risikovurderinger. Dermed er der stadig tale om et begrænset data- og erfaringsgrundlag, og således indgår erfaringer og observationer fra både 2020 og 2021 i denne årsrapport.

I 2022 vil Regionernes It-råd bl.a. arbejde for at:

- fortsat fokusere på at give rådgivning, som skaber værdi for projekterne
- sætte ind med rådgivning tidligt i projektforløbet i form af tilbud om sparringsmøder med projekter forud for en risikovurdering
- udbrede observationer og erfaringer til ledere, som arbejder med it-projekter og digitalisering i regionerne
- afsøge muligheder for tværoffentligt samarbejde og erfaringsudveksling i forhold til risikovurdering

God læselyst!

Marts 2022$t$)
ON CONFLICT (id) DO NOTHING;

INSERT INTO annual_report_sections (id, report_id, kind, position, title, body) VALUES
    (1, 1, 'theme', 1, 'Stor ledelsesbevågenhed',
$t$Ledelsesbevågenhed på alle niveauer, inkl. topledelsen, er essentielt for at sikre, at projekterne har de nødvendige rammevilkår. Der skal være ledelseskraft til, at nødvendige beslutninger for projekternes gennemførelse og idriftsættelse træffes uden forsinkelse, og for at nødvendige aktiviteter uden for projektets organisation finder sted planmæssigt. Ledelsesbevågenhed skal desuden sikre, at uforudsete problemer og ændringer håndteres effektivt.$t$),
    (2, 1, 'theme', 2, 'Klar governance og beslutningskraft',
$t$Det er væsentligt med en dedikeret og erfaren styregruppe, hvor forretningen sidder for bordenden som hovedansvarlig for den færdige løsning samt strategiske beslutninger undervejs i projektet. Beslutningsmandatet i styregruppen og på alle niveauer i projektet bør være klart, effektivt og velbeskrevet.

Organiseringen af projekterne bør endvidere sikre, at forretningen er den drivende kraft, så planerne og løsningerne understøtter regionernes kerneopgave.$t$),
    (3, 1, 'theme', 3, 'Kompetencer samt tydelig rolle- og ansvarsfordeling',
$t$Projekterne kan med fordel være særligt opmærksomme på at få styrket det grundlæggende projekthåndværk og allokere de rette kompetencer til projektet. Det er også vigtigt at få afstemt forventninger til, hvilken rolle og hvilket ansvar de enkelte aktører har i projektet, fx i form af konkrete samarbejdsaftaler – både internt i projektet og i forhold til eksterne parter, herunder leverandører.$t$),
    (4, 1, 'theme', 4, 'Projekttilrettelæggelse og -styring',
$t$Projekterne bør styre efter realistiske og opdaterede tidsplaner samt business cases med tilstrækkelige risikobuffere. Projekternes formål og scope skal være tydeligt beskrevet, og der skal være opstillet konkrete og målbare gevinster, som er mulige at styre efter for regionerne. Tidlig identifikation af interne og eksterne interessenter er desuden vigtigt for at sikre rettidig inddragelse samt systematisk og fokuseret kommunikation om projektet.$t$),
    (5, 1, 'story', 1, 'Det fællesregionale patologisystem: modernisering og udnyttelse af ressourcer på tværs',
$t$Risikoprofil: Kategori A (meget høj).

I forbindelse med risikovurderingen anbefalede it-rådet bl.a. projektet at udarbejde en leveranceplan, der tog højde for forudsætningsskabende aktiviteter i relaterede projekter, og at konkretisere og nedbryde mål og succeskriterier. På bagkant af risikovurderingen kvalificerede projektet sin projektinitieringsdokumentation (PID). Siden har RSI-kredsen besluttet at stoppe projektet før anskaffelsesfasen.$t$),
    (6, 1, 'story', 2, 'Sygehusmedicinregisteret 2 (SMR2): hvilke patienter får hvilken medicin, og hvad koster det?',
$t$Risikoprofil: Kategori A (meget høj).

It-rådets anbefalinger inkluderede bl.a., at projektet skulle blive tydeligere på sine mål, leverancer og gevinster samt sikre en klar beslutningsstruktur og rollefordeling. Efter it-rådets anbefaling blev projektet opdelt i en afgrænset analyse- og designfase efterfulgt af et veldefineret beslutningspunkt.$t$),
    (7, 1, 'story', 3, 'Fælles Udvikling af Telemedicin (FUT)',
$t$Risikoprofil: Kategori A (meget høj).

Risikovurderingen blev gennemført som et samarbejde mellem Regionernes It-råd og Københavns Kommunes It-projektråd. Anbefalingerne omhandlede bl.a. projektets governance, projektdokumentation samt sammenhængen mellem agil og traditionel projektmetode.$t$),
    (8, 1, 'story', 4, 'LUNA: ny it-løsning til administration af praksisområdet',
$t$Risikoprofil: Kategori A (meget høj).

Risikovurderingen af LUNA i 2020 var Regionernes It-råds første. It-rådet har i 2021 afholdt to opfølgende sparringsmøder med projektet, bl.a. om den nye styringsmodel med leverancer fra Sundhed.dk og KOMBIT.$t$)
ON CONFLICT (id) DO NOTHING;

-- The report 2021 was published (March 2022, as the foreword says): DemoSeed publishes report 1
-- after this file has run, the same way the app's publish step does (the document as it reads
-- then, frozen as the snapshot), dated 31 March 2022. The day is invented (the seed says only
-- "Marts 2022") and marked. Report 2 is a draft for the years after, to show the editing: the
-- seeds contain no such report, so all of it is invented and marked, and its text says so.
INSERT INTO annual_reports (id, from_year, to_year, title, foreword) VALUES
    (2, 2022, 2023, 'Regionernes It-råd – Årsrapport 2023',
$t$Kladde til eksempel: rådssekretariatet skriver forordet her. Tallene beregnes af It-rådets data for 2022 og 2023, hver gang kladden vises.$t$)
ON CONFLICT (id) DO NOTHING;
INSERT INTO annual_report_sections (id, report_id, kind, position, title, body) VALUES
    (9, 2, 'theme', 1, 'Eksempel på en observation',
$t$Kladde til eksempel: rådssekretariatet skriver de generelle observationer fra årets risikovurderinger her.$t$),
    (10, 2, 'theme', 2, 'Endnu et eksempel på en observation',
$t$Kladde til eksempel: hver observation har en overskrift og en tekst.$t$),
    (11, 2, 'story', 1, 'Eksempel på en case',
$t$Kladde til eksempel: en case fortæller om et projekt, It-rådet har risikovurderet i årets løb.$t$)
ON CONFLICT (id) DO NOTHING;
UPDATE annual_reports SET invented_note = v.note
FROM (VALUES (1, 'dagen for offentliggørelsen – kildematerialet siger kun »Marts 2022«'),
             (2, 'hele kladden – kildematerialet har kun årsrapporten 2021')) AS v(id, note)
WHERE annual_reports.id = v.id AND annual_reports.invented_note IS NULL AND annual_reports.status = 'draft';

-- ---------------------------------------------------------------------------------------
-- The council's public face: the secretariat's contact details and the material library (two
-- small real PDFs: a public guide and a PID template for logged-in project leaders; the seed's
-- page offers Word templates, which the secretariat uploads in the browser).
-- ---------------------------------------------------------------------------------------
INSERT INTO site_texts (key, body) VALUES
    ('council_contact', $t$Rådssekretariatet, Danske Regioner

Hvis du har spørgsmål til Regionernes It-råd, er du velkommen til at kontakte rådssekretariatet på itraad@regioner.dk.

Se mere om Regionernes It-råd på www.regioner.dk/rsi/regionernes-it-raad.$t$)
ON CONFLICT (key) DO NOTHING;

INSERT INTO library_documents (id, title, description, position, audience) VALUES
    (1, 'Vejledning til risikovurdering', $t$Kort gennemgang af risikovurderingens trin, fra indmelding til evaluering.$t$, 10, 'public'),
    (2, 'Skabelon til projektinitieringsdokument (PID)', $t$Skabelonen, projektet udfylder og sender som en del af materialet til risikovurderingen.$t$, 20, 'project_leaders')
ON CONFLICT (id) DO NOTHING;

WITH file AS (
    INSERT INTO attachments (library_document_id, filename, content_type, size_bytes, complete, created_at)
    SELECT 1, 'Vejledning til risikovurdering.pdf', 'application/pdf', 997, true, pg_temp.demo_now() - interval '30 days'
    WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE library_document_id = 1)
    RETURNING id)
INSERT INTO attachment_chunks (attachment_id, seq, data) SELECT id, 0, decode('255044462d312e340a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d202f5265736f7572636573203c3c202f466f6e74203c3c202f4631203420302052203e3e203e3e202f436f6e74656e7473203520302052203e3e0a656e646f626a0a342030206f626a0a3c3c202f54797065202f466f6e74202f53756274797065202f5479706531202f42617365466f6e74202f48656c766574696361202f456e636f64696e67202f57696e416e7369456e636f64696e67203e3e0a656e646f626a0a352030206f626a0a3c3c202f4c656e67746820343235203e3e0a73747265616d0a4254202f463120313620546620373220373630205464202856656a6c65646e696e672074696c20726973696b6f767572646572696e672920546a202f46312031312054662030202d31382054642028526567696f6e65726e65732049742d72e5642920546a2030202d31382054642028312e20496e646d656c64696e672073656e6573742033206de56e656465722066f8722064657420f86e736b656465207469647370756e6b742e2920546a2030202d31382054642028322e20506c616e6ce6676e696e67206f6720686162696c697465747365726b6ce672696e6765722e2920546a2030202d31382054642028332e20504944206f6720676f7665726e616e6365646f6b756d656e7465722e2920546a2030202d31382054642028342e20567572646572696e67206f67206469616c6f676df864652e2920546a2030202d31382054642028352e20416e626566616c696e6773627265762c20726573706f6e73756d206f67206576616c756572696e672e2920546a2030202d313820546420282844656d6f646f6b756d656e742074696c2052e56473706f7274616c656e2e292920546a2045540a656e6473747265616d0a656e646f626a0a787265660a3020360a303030303030303030302036353533352066200a30303030303030303039203030303030206e200a30303030303030303538203030303030206e200a30303030303030313135203030303030206e200a30303030303030323431203030303030206e200a30303030303030333338203030303030206e200a747261696c65720a3c3c202f53697a652036202f526f6f74203120302052203e3e0a7374617274787265660a3831340a2525454f460a', 'hex') FROM file;
WITH file AS (
    INSERT INTO attachments (library_document_id, filename, content_type, size_bytes, complete, created_at)
    SELECT 2, 'PID-skabelon.pdf', 'application/pdf', 904, true, pg_temp.demo_now() - interval '30 days'
    WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE library_document_id = 2)
    RETURNING id)
INSERT INTO attachment_chunks (attachment_id, seq, data) SELECT id, 0, decode('255044462d312e340a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d202f5265736f7572636573203c3c202f466f6e74203c3c202f4631203420302052203e3e203e3e202f436f6e74656e7473203520302052203e3e0a656e646f626a0a342030206f626a0a3c3c202f54797065202f466f6e74202f53756274797065202f5479706531202f42617365466f6e74202f48656c766574696361202f456e636f64696e67202f57696e416e7369456e636f64696e67203e3e0a656e646f626a0a352030206f626a0a3c3c202f4c656e67746820333332203e3e0a73747265616d0a4254202f4631203136205466203732203736302054642028536b6162656c6f6e3a2070726f6a656b74696e6974696572696e6773646f6b756d656e742028504944292920546a202f46312031312054662030202d31382054642028526567696f6e65726e65732049742d72e5642920546a2030202d31382054642028466f726de56c206f672073636f70652920546a2030202d313820546420284f7267616e69736572696e67206f672073747972656772757070652920546a2030202d3138205464202854696473706c616e206f67206c65766572616e6365722920546a2030202d31382054642028d86b6f6e6f6d69206f6720627573696e65737320636173652920546a2030202d313820546420285269736963692920546a2030202d313820546420282844656d6f646f6b756d656e742074696c2052e56473706f7274616c656e2e292920546a2045540a656e6473747265616d0a656e646f626a0a787265660a3020360a303030303030303030302036353533352066200a30303030303030303039203030303030206e200a30303030303030303538203030303030206e200a30303030303030313135203030303030206e200a30303030303030323431203030303030206e200a30303030303030333338203030303030206e200a747261696c65720a3c3c202f53697a652036202f526f6f74203120302052203e3e0a7374617274787265660a3732310a2525454f460a', 'hex') FROM file;

-- ---------------------------------------------------------------------------------------
-- Sequences: next id after the highest one in each filled table.
-- ---------------------------------------------------------------------------------------
SELECT setval(pg_get_serial_sequence('council_members', 'id'), (SELECT max(id) FROM council_members));
SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects));
-- The steering group chairs of the assessed projects 1-6, to whom their letters are addressed:
-- INVENTED names (the seeds name none).
INSERT INTO steering_group_members (project_id, position, name, is_chair)
SELECT v.project_id, 1, v.name, true
FROM (VALUES (1, 'Jens Aagaard Nielsen'), (2, 'Hanne Mølgaard'), (3, 'Peter Sønderby'), (4, 'Lise Winther Hansen'),
             (5, 'Thomas Krogh'), (6, 'Birgitte Ravn')) AS v(project_id, name)
WHERE NOT EXISTS (SELECT 1 FROM steering_group_members s WHERE s.project_id = v.project_id);

-- The cases' numbers in the records system, printed on the letters: made up for the demo, and
-- marked as made up (the case page and the letter say so).
UPDATE assessment_cases c SET case_number = v.number, case_number_invented = true
FROM (VALUES (1, 'EMN-2020-00112'), (2, 'EMN-2020-00187'), (3, 'EMN-2020-00305'), (4, 'EMN-2020-00541'),
             (5, 'EMN-2020-00688'), (6, 'EMN-2021-00402'), (8, 'EMN-2024-00217')) AS v(id, number)
WHERE c.id = v.id AND c.case_number IS NULL;

SELECT setval(pg_get_serial_sequence('council_activities', 'id'), (SELECT max(id) FROM council_activities));
SELECT setval(pg_get_serial_sequence('meetings', 'id'), (SELECT max(id) FROM meetings));
SELECT setval(pg_get_serial_sequence('agenda_items', 'id'), (SELECT max(id) FROM agenda_items));
SELECT setval(pg_get_serial_sequence('agenda_subtopics', 'id'), (SELECT max(id) FROM agenda_subtopics));
SELECT setval(pg_get_serial_sequence('status_notes', 'id'), (SELECT max(id) FROM status_notes));
SELECT setval(pg_get_serial_sequence('status_note_versions', 'id'), (SELECT max(id) FROM status_note_versions));
SELECT setval(pg_get_serial_sequence('status_note_sections', 'id'), (SELECT max(id) FROM status_note_sections));
SELECT setval(pg_get_serial_sequence('assessment_cases', 'id'), (SELECT max(id) FROM assessment_cases));
SELECT setval(pg_get_serial_sequence('recommendations', 'id'), (SELECT max(id) FROM recommendations));
SELECT setval(pg_get_serial_sequence('case_observations', 'id'), (SELECT max(id) FROM case_observations));
SELECT setval(pg_get_serial_sequence('attachments', 'id'), (SELECT max(id) FROM attachments));
SELECT setval(pg_get_serial_sequence('activity_recommendations', 'id'), (SELECT max(id) FROM activity_recommendations));
SELECT setval(pg_get_serial_sequence('annual_reports', 'id'), (SELECT max(id) FROM annual_reports));
SELECT setval(pg_get_serial_sequence('annual_report_sections', 'id'), (SELECT max(id) FROM annual_report_sections));
SELECT setval(pg_get_serial_sequence('library_documents', 'id'), (SELECT max(id) FROM library_documents));

-- ---------------------------------------------------------------------------------------
-- What the seeds do not contain, marked so that the interface says so wherever it shows it
-- (sql/021; the pages print "Eksempel – opfundet til demonstration" and the note). Set only
-- where no note is yet, so that a database seeded before keeps what it has and gains the marks.
-- ---------------------------------------------------------------------------------------
UPDATE meetings SET invented_note = v.note
FROM (VALUES (1, 'dato, tidspunkt og sted – kildematerialet giver ingen dato for mødet'),
             (3, 'hele mødet')) AS v(id, note)
WHERE meetings.id = v.id AND meetings.invented_note IS NULL;

UPDATE agenda_items SET invented_note = v.note
FROM (VALUES (1, 'hele punktet – kildematerialet viser kun »1 (Fortrolig)«'),
             (3, 'hele punktet – kildematerialet viser kun »3 (Fortrolig)«'),
             (4, 'hele punktet – kildematerialet viser kun »4 (Fortrolig)«'),
             (5, 'hele punktet – kildematerialet viser kun »5 (Fortrolig)«'),
             (6, 'hele punktet – kildematerialet viser kun »6 (Fortrolig)«'),
             (10, 'titel, sagsbehandler og sagsnummer – kildematerialet har kun resumé og indstilling'),
             (11, 'hele punktet – kildematerialet slutter før mødet den 21. juni 2022'),
             (12, 'hele punktet – kildematerialet slutter før mødet den 21. juni 2022')) AS v(id, note)
WHERE agenda_items.id = v.id AND agenda_items.invented_note IS NULL;

UPDATE status_note_versions SET invented_note = v.note
FROM (VALUES (1, 'datoen og afsnittenes status – teksten er kildematerialets'),
             (2, 'hele versionen – kildematerialet slutter før mødet den 21. juni 2022')) AS v(id, note)
WHERE status_note_versions.id = v.id AND status_note_versions.invented_note IS NULL;

UPDATE projects SET invented_note = v.note
FROM (VALUES (1, 'budget og styregruppe'), (2, 'budget og styregruppe'), (3, 'budget og styregruppe'),
             (4, 'budget og styregruppe'), (5, 'budget, regional andel og styregruppe'),
             (6, 'budget, regional andel og styregruppe'),
             (7, 'formål, fase, budget og styregruppe'), (8, 'formål, fase, budget og styregruppe'),
             (9, 'formål, fase, budget og styregruppe'), (10, 'hele projektet')) AS v(id, note)
WHERE projects.id = v.id AND projects.invented_note IS NULL;

UPDATE assessment_cases SET invented_note = v.note
FROM (VALUES (1, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (2, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (3, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (4, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (5, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (6, 'forløbets datoer, brevets tekst, anbefalingerne, responsum og evalueringen – projektet, måneden og risikoprofilen er fra årsrapporten 2021'),
             (7, 'hele sagen'), (8, 'hele sagen'), (9, 'hele sagen'), (10, 'hele sagen')) AS v(id, note)
WHERE assessment_cases.id = v.id AND assessment_cases.invented_note IS NULL;

UPDATE case_evaluations SET invented_note = 'svarene og kommentaren'
WHERE case_id BETWEEN 1 AND 6 AND invented_note IS NULL;

-- LUNA's two sparring meetings: Tabel 1 gives the months and the report tells that Sundhed.dk and
-- KOMBIT took part in the one on the new governance model; the days, topics, minutes, the council
-- members taking part and the recommendations are the demo's (sql/022).
UPDATE council_activities SET invented_note = 'dagen, emnet, deltagerne, referatet og anbefalingerne – kildematerialet giver kun måneden'
WHERE id IN (5, 8) AND invented_note IS NULL;

-- The council's contact details as the annual report 2021 gives them (a database seeded before
-- held an address and a telephone line that the seeds do not give).
UPDATE site_texts SET body = $t$Rådssekretariatet, Danske Regioner

Hvis du har spørgsmål til Regionernes It-råd, er du velkommen til at kontakte rådssekretariatet på itraad@regioner.dk.

Se mere om Regionernes It-råd på www.regioner.dk/rsi/regionernes-it-raad.$t$
WHERE key = 'council_contact' AND body LIKE '%hovednummer%';

-- ---------------------------------------------------------------------------------------
-- The board's meeting cycle (sql/025). The 2022 meetings are held: their dates have passed. The
-- seeds give no attendance, no decisions and no approval of the minutes: the demo's board member
-- attended meeting 1, whose minutes were approved at the next meeting, 21 June 2022 (invented, and
-- marked so on the meeting); meeting 2 has no items and its minutes stay a draft.
-- ---------------------------------------------------------------------------------------
UPDATE meetings SET status = 'held' WHERE id IN (1, 2) AND status = 'published';

INSERT INTO meeting_attendance (meeting_id, user_id, attendance)
SELECT 1, id, 'present' FROM users WHERE username = 'bestyrelse'
  AND NOT EXISTS (SELECT 1 FROM meetings WHERE id = 1 AND minutes_status = 'approved')
ON CONFLICT DO NOTHING;

UPDATE meetings SET minutes_status = 'approved', minutes_sent_at = '2022-05-05 12:00:00+02',
    minutes_approved_on = '2022-06-21', minutes_approved_by = 'Maren Munk-Madsen'
WHERE id = 1 AND minutes_status = 'draft';

UPDATE meetings SET invented_note = invented_note || '; fremmødet og referatets godkendelse den 21. juni 2022'
WHERE id = 1 AND invented_note IS NOT NULL AND invented_note NOT LIKE '%fremmødet%';
