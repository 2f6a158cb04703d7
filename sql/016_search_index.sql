-- The search finds status-note sections and then the items that carry them: without an index
-- that join read every agenda item on every search (and ON DELETE SET NULL of a version did too).
CREATE INDEX agenda_items_status_note_idx ON agenda_items (status_note_version_id) WHERE status_note_version_id IS NOT NULL;
