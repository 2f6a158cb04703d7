-- Sub-topics of "Generelle orienteringer" are searched like the items they belong to.
ALTER TABLE agenda_subtopics ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('danish', coalesce(title, '') || ' ' || coalesce(case_number, '')), 'A') ||
    setweight(to_tsvector('danish', coalesce(body, '')), 'C')
) STORED;
CREATE INDEX agenda_subtopics_search_idx ON agenda_subtopics USING gin (search);
