-- The council's rules as the seeds word them (issue 18, point 1).

-- The assessment team is 4–5 "som hovedregel": another size is recorded with its written reason,
-- as the number of council members already is (council_count_reason).
ALTER TABLE assessment_cases ADD COLUMN assessor_count_reason text NOT NULL DEFAULT '';
