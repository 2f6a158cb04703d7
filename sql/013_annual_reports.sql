-- The council's annual reports: editorial text written by the secretariat, figures computed from the
-- data. Publishing freezes the whole document (text and figures) as a snapshot.
CREATE TABLE annual_reports (
    id           bigserial PRIMARY KEY,
    from_year    integer NOT NULL,
    to_year      integer NOT NULL,
    title        text NOT NULL,
    foreword     text NOT NULL DEFAULT '',
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at timestamptz,
    snapshot     jsonb,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (to_year >= from_year AND to_year - from_year < 10),
    CHECK ((status = 'published') = (snapshot IS NOT NULL AND published_at IS NOT NULL))
);

-- The general observations (themes) and the case stories, in order.
CREATE TABLE annual_report_sections (
    id        bigserial PRIMARY KEY,
    report_id bigint NOT NULL REFERENCES annual_reports(id) ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('theme', 'story')),
    position  integer NOT NULL,
    title     text NOT NULL,
    body      text NOT NULL DEFAULT ''
);
CREATE INDEX annual_report_sections_report_idx ON annual_report_sections (report_id, kind, position);

-- The council secretariat proposes a published report for a board meeting; the board secretariat
-- accepts (which creates the agenda item) or declines.
CREATE TABLE report_proposals (
    id          bigserial PRIMARY KEY,
    report_id   bigint NOT NULL REFERENCES annual_reports(id) ON DELETE CASCADE,
    meeting_id  bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    case_number text NOT NULL CHECK (case_number ~ '^EMN-[0-9]{4}-[0-9]{4,5}$'),
    proposed_by bigint REFERENCES users(id) ON DELETE SET NULL,
    proposed_at timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
    item_id     bigint REFERENCES agenda_items(id) ON DELETE SET NULL,
    decided_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_at  timestamptz,
    UNIQUE (report_id, meeting_id)
);
CREATE INDEX report_proposals_meeting_idx ON report_proposals (meeting_id, status);
