-- The project's responsum: per recommendation a position, an action and a date; then a follow-up
-- status over time.
ALTER TABLE recommendations
    ADD COLUMN answer text CHECK (answer IN ('foelges', 'foelges_delvist', 'foelges_ikke')),
    ADD COLUMN action text NOT NULL DEFAULT '',
    ADD COLUMN action_date date;
ALTER TABLE case_letters ADD COLUMN responsum_submitted_at timestamptz;
