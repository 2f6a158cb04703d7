-- More demo data the seeds do not contain, marked as invented wherever the interface shows it (issue
-- 18, point 6; as sql/021): the day the demo's annual report 2021 was published (the seed says only
-- "Marts 2022") and a draft report the seeds do not have, and the exact days, remarks and
-- recommendations of LUNA's sparring meetings (the seed's Tabel 1 gives only the months). NULL for
-- what is real; only seed/demo.sql sets it.
ALTER TABLE annual_reports ADD COLUMN invented_note text;
ALTER TABLE council_activities ADD COLUMN invented_note text;
