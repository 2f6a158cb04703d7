-- Planning an assessment: appointed council members and assessors, their impartiality
-- declarations, declared interests, and the case's dates.

CREATE TABLE case_appointments (
    id          bigserial PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('council_member', 'assessor')),
    appointed_at timestamptz NOT NULL DEFAULT now(),
    declared_at timestamptz,            -- the impartiality declaration, before the material is shown
    UNIQUE (case_id, user_id)
);
CREATE INDEX case_appointments_user_idx ON case_appointments (user_id);

-- A person's declared interest in a project (habilitet): they cannot be appointed to it.
CREATE TABLE declared_interests (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    description text NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, project_id)
);

ALTER TABLE assessment_cases
    ADD COLUMN material_deadline date,
    ADD COLUMN dialogue_date date,
    ADD COLUMN letter_date date,
    ADD COLUMN council_count_reason text NOT NULL DEFAULT '';
