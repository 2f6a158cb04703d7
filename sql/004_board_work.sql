-- The board's working tools: corrections of published meetings, standard items, sub-topics,
-- attachments streamed in chunks, read marks, private notes, status notes and full-text search.

-- What changed when a published meeting was corrected.
CREATE TABLE meeting_changes (
    id         bigserial PRIMARY KEY,
    meeting_id bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    bigint REFERENCES users(id) ON DELETE SET NULL,
    summary    text NOT NULL
);
CREATE INDEX meeting_changes_meeting_idx ON meeting_changes (meeting_id, at);

ALTER TABLE agenda_items
    ADD COLUMN kind text NOT NULL DEFAULT 'sag' CHECK (kind IN ('sag', 'orienteringer', 'naeste_moede'));

-- "Generelle orienteringer": sub-topics, each with its own case number.
CREATE TABLE agenda_subtopics (
    id          bigserial PRIMARY KEY,
    item_id     bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position    integer NOT NULL,
    title       text NOT NULL,
    case_number text NOT NULL CHECK (case_number ~ '^EMN-[0-9]{4}-[0-9]{4,5}$'),
    body        text NOT NULL DEFAULT ''
);
CREATE INDEX agenda_subtopics_item_idx ON agenda_subtopics (item_id, position);

-- Attachments (bilag). The content lives in 256 KiB chunks so that neither upload nor download
-- ever holds a whole file in memory. An attachment inherits its item's confidentiality.
CREATE TABLE attachments (
    id           bigserial PRIMARY KEY,
    item_id      bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    filename     text NOT NULL,
    content_type text NOT NULL,
    size_bytes   bigint NOT NULL DEFAULT 0,
    complete     boolean NOT NULL DEFAULT false,
    uploaded_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_item_idx ON attachments (item_id);

CREATE TABLE attachment_chunks (
    attachment_id bigint NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    seq           integer NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);

-- A board member's read marks and private notes (only the author ever sees a note).
CREATE TABLE item_reads (
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, item_id)
);

CREATE TABLE item_notes (
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id    bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    body       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, item_id)
);

-- Status notes: a running matter with dated versions of sections.
CREATE TABLE status_notes (
    id    bigserial PRIMARY KEY,
    title text NOT NULL
);

CREATE TABLE status_note_versions (
    id         bigserial PRIMARY KEY,
    note_id    bigint NOT NULL REFERENCES status_notes(id) ON DELETE CASCADE,
    dated      date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (note_id, dated)
);

CREATE TABLE status_note_sections (
    id         bigserial PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES status_note_versions(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    heading    text NOT NULL,
    body       text NOT NULL DEFAULT '',
    state      text NOT NULL DEFAULT 'i_gang' CHECK (state IN ('i_gang', 'afventer', 'afsluttet')),
    legal_refs text NOT NULL DEFAULT ''     -- links, one per line
);
CREATE INDEX status_note_sections_version_idx ON status_note_sections (version_id, position);

-- An agenda item may carry one version of a status note.
ALTER TABLE agenda_items ADD COLUMN status_note_version_id bigint REFERENCES status_note_versions(id) ON DELETE SET NULL;

-- Full-text search with the Danish configuration (stemming: "flygtninge" finds "flygtning").
ALTER TABLE agenda_items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('danish', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('danish', coalesce(resume, '') || ' ' || coalesce(indstilling, '')), 'B') ||
    setweight(to_tsvector('danish', coalesce(sagsfremstilling, '') || ' ' || coalesce(oekonomi, '') || ' ' ||
                                     coalesce(bemaerkninger, '') || ' ' || coalesce(decision, '')), 'C')
) STORED;
CREATE INDEX agenda_items_search_idx ON agenda_items USING gin (search);

ALTER TABLE status_note_sections ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('danish', coalesce(heading, '')), 'A') || setweight(to_tsvector('danish', coalesce(body, '')), 'C')
) STORED;
CREATE INDEX status_note_sections_search_idx ON status_note_sections USING gin (search);
