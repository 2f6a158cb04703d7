-- The Danske Regioner board: meetings and agenda items.

CREATE TABLE meetings (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL DEFAULT 'Bestyrelsesmøde',
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz,
    place      text NOT NULL DEFAULT '',   -- a place, or "virtuelt"
    status     text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'held')),
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_starts_idx ON meetings (starts_at);

CREATE TABLE agenda_items (
    id               bigserial PRIMARY KEY,
    meeting_id       bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    number           integer NOT NULL CHECK (number > 0),
    confidential     boolean NOT NULL DEFAULT false,
    title            text NOT NULL,
    case_officer     text NOT NULL DEFAULT '',
    case_number      text NOT NULL CHECK (case_number ~ '^EMN-[0-9]{4}-[0-9]{4,5}$'),
    resume           text NOT NULL DEFAULT '',
    indstilling      text NOT NULL DEFAULT '',
    sagsfremstilling text NOT NULL DEFAULT '',
    oekonomi         text NOT NULL DEFAULT 'Ingen bemærkninger',
    bemaerkninger    text NOT NULL DEFAULT 'Ingen bemærkninger',
    kommunikation    text NOT NULL DEFAULT 'Ingen bemærkninger',
    bilag_note       text NOT NULL DEFAULT '',   -- the agenda's list of attachments, as text until files arrive
    decision         text NOT NULL DEFAULT '',
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agenda_items_number_key UNIQUE (meeting_id, number) DEFERRABLE INITIALLY IMMEDIATE
);
