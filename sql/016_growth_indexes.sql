-- Indexes that keep pages flat as the archive grows (make bench at 1x and 10x volume).

-- The search finds status-note sections and then the items that carry them: without an index
-- that join read every agenda item on every search (and ON DELETE SET NULL of a version did too).
CREATE INDEX agenda_items_status_note_idx ON agenda_items (status_note_version_id) WHERE status_note_version_id IS NOT NULL;

-- An annual report's activities expected the year after its years (those done in its years use
-- council_activities_done_idx).
CREATE INDEX council_activities_expected_idx ON council_activities (expected_year) WHERE expected_year IS NOT NULL;
