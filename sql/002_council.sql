-- Regionernes It-råd: members, projects and the council's activities.

CREATE TABLE council_members (
    id           bigserial PRIMARY KEY,
    full_name    text NOT NULL,
    title        text NOT NULL,           -- e.g. "Koncerndirektør, Region Hovedstaden"
    membership   text NOT NULL CHECK (membership IN ('regional', 'external')),
    is_chair     boolean NOT NULL DEFAULT false,
    user_id      bigint UNIQUE REFERENCES users(id) ON DELETE SET NULL,
    sort_order   integer NOT NULL DEFAULT 0
);

CREATE TABLE projects (
    id                 bigserial PRIMARY KEY,
    name               text NOT NULL,
    short_name         text NOT NULL DEFAULT '',   -- e.g. "LABREK"
    purpose            text NOT NULL DEFAULT '',
    kind               text NOT NULL CHECK (kind IN ('faellesregional', 'faellesoffentlig', 'regional')),
    leading_bodies     text[] NOT NULL DEFAULT '{}', -- "Region Midtjylland", "Københavns Kommune", …
    budget_mio         numeric(12,2),
    regional_share_mio numeric(12,2),
    rsi_phase          text NOT NULL DEFAULT '',
    risk_profile       char(1) CHECK (risk_profile IN ('A', 'B', 'C')),
    project_leader_id  bigint REFERENCES users(id) ON DELETE SET NULL,
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX projects_name_key ON projects (lower(name));

-- An activity of the council with a project: done (month_done) or expected (expected_year + quarters).
CREATE TABLE council_activities (
    id                bigserial PRIMARY KEY,
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('risikovurdering', 'sparringsmoede', 'genbesoeg')),
    partner_council   text NOT NULL DEFAULT '',   -- a joint assessment names the partner council
    month_done        date,                        -- first day of the month it was done
    expected_year     integer,
    expected_quarters integer[] NOT NULL DEFAULT '{}', -- e.g. {3,4} for "Q3/Q4 2022"
    CONSTRAINT council_activities_done_or_expected CHECK (
        (month_done IS NOT NULL AND expected_year IS NULL)
        OR (month_done IS NULL AND expected_year IS NOT NULL AND cardinality(expected_quarters) > 0))
);
CREATE INDEX council_activities_project_idx ON council_activities (project_id);
