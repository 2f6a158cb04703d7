-- The council's assessment cases, starting with the intake (indmelding) by a project leader.

ALTER TABLE projects ADD COLUMN leading_other text NOT NULL DEFAULT '';  -- "andre offentlige parter" named in free text

-- The project's steering group: names, and user accounts where they have one (for habilitet).
CREATE TABLE steering_group_members (
    id         bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    name       text NOT NULL,
    user_id    bigint REFERENCES users(id) ON DELETE SET NULL,
    is_chair   boolean NOT NULL DEFAULT false
);
CREATE INDEX steering_group_members_project_idx ON steering_group_members (project_id, position);

CREATE TABLE assessment_cases (
    id               bigserial PRIMARY KEY,
    project_id       bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind             text NOT NULL DEFAULT 'risikovurdering' CHECK (kind IN ('risikovurdering', 'genbesoeg')),
    state            text NOT NULL DEFAULT 'kladde' CHECK (state IN ('kladde', 'afventer_beslutning', 'afvist', 'planlaegning',
                         'afventer_materiale', 'vurdering', 'brev_sendt', 'responsum_modtaget', 'afsluttet')),
    requirement      text CHECK (requirement IN ('mandatory', 'voluntary', 'regionalRequest')),
    request_reasons  text[] NOT NULL DEFAULT '{}',
    request_text     text NOT NULL DEFAULT '',
    desired_month    date,
    contact          text NOT NULL DEFAULT '',
    short_notice     boolean NOT NULL DEFAULT false,
    submitted_at     timestamptz,
    decided_at       timestamptz,
    decided_by_user  bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_by_name  text NOT NULL DEFAULT '',   -- who decided, when recorded by the secretariat
    decision_message text NOT NULL DEFAULT '',
    created_by       bigint REFERENCES users(id) ON DELETE SET NULL,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_cases_project_idx ON assessment_cases (project_id);
CREATE INDEX assessment_cases_state_idx ON assessment_cases (state);

-- An intake saved as a draft may not yet know its kind.
ALTER TABLE projects ALTER COLUMN kind DROP NOT NULL;
