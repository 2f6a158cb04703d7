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

-- What the item said when the member marked it read (its version, its text fields and its status
-- note's sections as JSON), so that a later correction can be shown word by word.
ALTER TABLE item_reads ADD COLUMN read_version integer;
ALTER TABLE item_reads ADD COLUMN read_snapshot jsonb;

-- A board member's personal calendar feed: a secret URL whose token is stored only as a SHA-256
-- hash; renewing replaces it (the old URL stops working).
CREATE TABLE calendar_feeds (
    user_id    bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
