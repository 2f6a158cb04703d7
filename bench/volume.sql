-- The benchmark's generated volume, on top of the demo data: per unit of :scale, 50 published
-- board meetings of 12 items (every fourth confidential), 500 projects with an assessed case, a
-- sent letter and 10 recommendations each (5,000), their Tabel 1 activities, and 200 users.
-- Repeatable: the text comes from setseed(:seed) and random(), the ids from fixed offsets.
-- Each unit is one more year of history (meetings weekly, assessments daily from 2021), so ten
-- times the volume is ten years: a page about one meeting or one year reads as much as before.
-- Also one meeting of 40 items with 60 attachments with text, for the board book (issue 21).
-- Usage: psql -v scale=1 -v seed=0.42 -f bench/volume.sql
\set ON_ERROR_STOP on
BEGIN;
SELECT setseed(:seed);

INSERT INTO meetings (id, title, starts_at, place, status)
SELECT 100000 + g, 'Bestyrelsesmøde', timestamptz '2023-01-10 09:00+01' + g * interval '7 days',
       (ARRAY['Danske Regioner, Dampfærgevej 22', 'virtuelt'])[1 + g % 2], 'published'
FROM generate_series(1, 50 * :scale) g;

INSERT INTO agenda_items (meeting_id, number, confidential, title, case_officer, case_number, resume, indstilling, sagsfremstilling)
SELECT 100000 + m, n, n % 4 = 0,
       (ARRAY['Status på', 'Orientering om', 'Beslutning om', 'Drøftelse af'])[1 + floor(random() * 4)::int] || ' '
         || (ARRAY['sundhedsplatformen', 'fælles it-drift', 'regionernes økonomi', 'tolkebooking', 'cybersikkerhed',
                   'sundhedsjournalen', 'medicinkortet', 'praksisplanen'])[1 + floor(random() * 8)::int],
       'Sagsbehandler ' || (1 + floor(random() * 40)::int),
       'EMN-' || (2023 + m / 50) || '-' || lpad((m % 1000 * 100 + n)::text, 5, '0'),
       'Regionerne drøfter sagen. ' || repeat('Resuméet beskriver baggrunden for punktet og de regionale konsekvenser. ', 3),
       'Det indstilles, at bestyrelsen tager orienteringen til efterretning.',
       repeat('Sagsfremstillingen gennemgår forløbet, økonomien og de næste skridt for regionerne. ', 12)
FROM generate_series(1, 50 * :scale) m, generate_series(1, 12) n;

INSERT INTO projects (id, name, short_name, kind, leading_bodies, budget_mio, rsi_phase, risk_profile)
SELECT 100000 + g, 'Fællesregionalt projekt nr. ' || g, 'FP' || g, 'faellesregional',
       ARRAY[(ARRAY['Region Hovedstaden', 'Region Sjælland', 'Region Syddanmark', 'Region Midtjylland', 'Region Nordjylland'])[1 + g % 5]],
       round((11 + random() * 300)::numeric, 2), 'Analyse', (ARRAY['A', 'B', 'C'])[1 + g % 3]
FROM generate_series(1, 500 * :scale) g;

INSERT INTO assessment_cases (id, project_id, state, requirement, submitted_at)
SELECT 100000 + g, 100000 + g, 'afsluttet', 'mandatory', timestamptz '2021-02-01 10:00+01' + (g * 73 / 100) * interval '1 day'
FROM generate_series(1, 500 * :scale) g;

INSERT INTO case_letters (case_id, general_statement, final_profile, sent_at, responsum_due)
SELECT 100000 + g, 'Rådet vurderer, at projektet er godt forberedt, men har væsentlige risici i tidsplanen.',
       (ARRAY['A', 'B', 'C'])[1 + g % 3], timestamptz '2021-03-01 10:00+01' + (g * 73 / 100) * interval '1 day', date '2021-06-01' + (g * 73 / 100)
FROM generate_series(1, 500 * :scale) g;

INSERT INTO recommendations (case_id, position, focus_area, sub_theme, body, follow_up)
SELECT 100000 + g, p, (ARRAY['projekttilrettelaeggelse', 'governance', 'forretning', 'teknik'])[1 + floor(random() * 4)::int],
       (ARRAY['Tidsplan', 'Styregruppe', 'Gevinster', 'Arkitektur', 'Leverandør'])[1 + floor(random() * 5)::int],
       'Rådet anbefaler, at projektet ' || (ARRAY['styrker sin governance', 'afklarer gevinsterne', 'reviderer tidsplanen', 'afprøver løsningen'])[1 + floor(random() * 4)::int] || '.',
       (ARRAY['aaben', 'i_gang', 'gennemfoert', 'ikke_fulgt'])[1 + floor(random() * 4)::int]
FROM generate_series(1, 500 * :scale) g, generate_series(1, 10) p;

INSERT INTO council_activities (project_id, kind, month_done, case_id)
SELECT 100000 + g, 'risikovurdering', date_trunc('month', timestamptz '2021-03-01 10:00+01' + (g * 73 / 100) * interval '1 day')::date, 100000 + g
FROM generate_series(1, 500 * :scale) g;

-- 200 users, one shared password hash (the demo accounts'), so that setting them up is quick.
INSERT INTO users (username, full_name, email, password_hash, roles)
SELECT 'bench-' || g, 'Bruger ' || g, 'bench-' || g || '@example.invalid',
       (SELECT password_hash FROM users WHERE username = 'bestyrelse'),
       ARRAY[(ARRAY['board_member', 'council_member', 'project_leader', 'secretariat', 'director'])[1 + g % 5]]
FROM generate_series(1, 200 * :scale) g;

-- An annual report draft for 2020-2021, the years the demo's report covered while it was a draft:
-- the annual-report scenarios read it (its figures computed from the data at every request, as
-- before). The demo's own report 2020-2021 is published, a frozen snapshot, since issue 18.
INSERT INTO annual_reports (id, from_year, to_year, title, foreword)
VALUES (100000, 2020, 2021, 'Benchmark: kladde 2020–2021', 'Kladde til benchmark.');

-- The board book's meeting (issue 21): 40 items (every fourth confidential) and 60 attachments with
-- text, copies of the demo meeting's four (seed/demo_attachments.sql: two PDFs, a DOCX and an XLSX,
-- in turn), so the book merges 60 files and LibreOffice converts 30. Their text is extracted when
-- the benchmark asks (bench/run.py, board_book), not while the page scenarios run.
INSERT INTO meetings (id, title, starts_at, ends_at, place, status)
VALUES (200000, 'Bestyrelsesmøde (bog)', timestamptz '2024-03-14 09:00+01', timestamptz '2024-03-14 12:00+01', 'Danske Regioner, Dampfærgevej 22', 'published');
INSERT INTO agenda_items (id, meeting_id, number, confidential, title, case_officer, case_number, resume, indstilling, sagsfremstilling)
SELECT 200000 + n, 200000, n, n % 4 = 0, 'Punkt ' || n || ' om ' || (ARRAY['sundhedsplatformen', 'fælles it-drift', 'tolkebooking', 'cybersikkerhed'])[1 + n % 4],
       'Sagsbehandler ' || n, 'EMN-2024-' || lpad((90000 + n)::text, 5, '0'),
       repeat('Resuméet beskriver baggrunden for punktet og de regionale konsekvenser. ', 3),
       'Det indstilles, at bestyrelsen tager orienteringen til efterretning.',
       repeat('Sagsfremstillingen gennemgår forløbet, økonomien og de næste skridt for regionerne. ', 30)
FROM generate_series(1, 40) n;
WITH source AS (
    SELECT row_number() OVER (ORDER BY a.id) - 1 AS k, a.id, a.filename, a.content_type, a.size_bytes
    FROM attachments a WHERE a.item_id IN (1, 7, 8) AND a.filename LIKE '%opdigtet demo-bilag%'
), copies AS (
    INSERT INTO attachments (item_id, filename, content_type, size_bytes, complete)
    SELECT 200000 + 1 + (g - 1) % 40, 'Bilag ' || g || ' – ' || s.filename, s.content_type, s.size_bytes, true
    FROM generate_series(1, 60) g JOIN source s ON s.k = (g - 1) % (SELECT count(*) FROM source)
    RETURNING id, filename
)
INSERT INTO attachment_chunks (attachment_id, seq, data)
SELECT c.id, ch.seq, ch.data FROM copies c
JOIN attachments s ON s.item_id IN (1, 7, 8) AND c.filename LIKE '%– ' || s.filename
JOIN attachment_chunks ch ON ch.attachment_id = s.id;

SELECT setval(pg_get_serial_sequence('meetings', 'id'), (SELECT max(id) FROM meetings));
SELECT setval(pg_get_serial_sequence('agenda_items', 'id'), (SELECT max(id) FROM agenda_items));
SELECT setval(pg_get_serial_sequence('annual_reports', 'id'), (SELECT max(id) FROM annual_reports));
SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects));
SELECT setval(pg_get_serial_sequence('assessment_cases', 'id'), (SELECT max(id) FROM assessment_cases));
COMMIT;
ANALYZE;
