-- The documents the portal writes itself (the recommendation letter, the annual report) as PDFs,
-- and the case number they carry.

-- The case's number in the regions' records system (EMN-ÅÅÅÅ-NNNNN), recorded by the secretariat
-- and printed on the letter. The demo's numbers are made up: number_invented marks them, and the
-- pages say so.
ALTER TABLE assessment_cases
    ADD COLUMN case_number text CHECK (case_number ~ '^EMN-[0-9]{4}-[0-9]{4,5}$'),
    ADD COLUMN case_number_invented boolean NOT NULL DEFAULT false;

-- Each document's rendered PDF, per version. The stamp is a digest of the document's print HTML
-- (built from what this database holds) and of the engine, so every instance computes the same
-- one and a new stamp means a new document; the render job stores it here, any instance serves it.
CREATE TABLE rendered_documents (
    document    text NOT NULL,                  -- 'letter:12', 'report:3'
    stamp       text NOT NULL,
    pdf         bytea NOT NULL,
    render_ms   integer NOT NULL,
    rendered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document, stamp)
);
CREATE INDEX rendered_documents_recent_idx ON rendered_documents (document, rendered_at DESC);
