-- Issue 20, points 2, 4 and 5: exclusion from a confidential item (inhabilitet), reading aids and
-- personal calendar feeds.

-- A board member whom the board secretariat has excluded from a confidential item reads it as the
-- public does ("N (Fortrolig)") everywhere: every query over items applies
-- BoardRepository.visibleItemCondition, which reads this table.
CREATE TABLE item_exclusions (
    item_id    bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
    created_by bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX item_exclusions_user_idx ON item_exclusions (user_id);

-- What an item said when a member marked it read, so that a later correction can be shown word by
-- word: the item's texts and its status note's sections as one JSON value (agenda_item_snapshot),
-- stored once per distinct content of an item (not per reader: the snapshots are the item's, and a
-- reader's read mark only points at one).
CREATE FUNCTION agenda_item_snapshot(i agenda_items) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'title', i.title, 'resume', i.resume, 'indstilling', i.indstilling, 'sagsfremstilling', i.sagsfremstilling,
        'oekonomi', i.oekonomi, 'bemaerkninger', i.bemaerkninger, 'kommunikation', i.kommunikation, 'decision', i.decision,
        'sections', coalesce((SELECT jsonb_agg(jsonb_build_object('heading', s.heading, 'body', s.body) ORDER BY s.position, s.id)
                              FROM status_note_sections s WHERE s.version_id = i.status_note_version_id), '[]'::jsonb))
$$;
CREATE TABLE item_snapshots (
    id       bigserial PRIMARY KEY,
    item_id  bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    snapshot jsonb NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX item_snapshots_content_key ON item_snapshots (item_id, md5(snapshot::text));
ALTER TABLE item_reads ADD COLUMN read_snapshot_id bigint REFERENCES item_snapshots(id) ON DELETE SET NULL;

-- A board member's personal calendar feed: a secret URL whose token is stored only as a SHA-256
-- hash; renewing replaces it (the old URL stops working).
CREATE TABLE calendar_feeds (
    user_id    bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
