-- The project's material (PID, governance documents) for a case: stored like agenda attachments,
-- in chunks, but owned by a case. Receipt of the material starts the 10 working days.
ALTER TABLE attachments ALTER COLUMN item_id DROP NOT NULL;
ALTER TABLE attachments ADD COLUMN case_id bigint REFERENCES assessment_cases(id) ON DELETE CASCADE;
ALTER TABLE attachments ADD CONSTRAINT attachments_one_owner CHECK ((item_id IS NULL) <> (case_id IS NULL));
CREATE INDEX attachments_case_idx ON attachments (case_id);

ALTER TABLE assessment_cases ADD COLUMN material_received_at timestamptz;
