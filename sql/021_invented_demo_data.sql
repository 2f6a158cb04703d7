-- Demo data the seeds do not contain, marked as invented wherever the interface shows it (issue 18,
-- point 6): not only a comment in seed/demo.sql. invented_note is NULL for what is real (everything a
-- user enters, and what the demo takes from the seeds); on an invented demo row it says in Danish what
-- is invented ("dato, tidspunkt og sted", "hele punktet"), and the pages print it after the marker
-- "Eksempel – opfundet til demonstration" (Views/partials/invented.mustache). Only seed/demo.sql
-- sets it.
ALTER TABLE meetings ADD COLUMN invented_note text;
ALTER TABLE agenda_items ADD COLUMN invented_note text;
ALTER TABLE status_note_versions ADD COLUMN invented_note text;
ALTER TABLE projects ADD COLUMN invented_note text;
ALTER TABLE assessment_cases ADD COLUMN invented_note text;
ALTER TABLE case_evaluations ADD COLUMN invented_note text;
