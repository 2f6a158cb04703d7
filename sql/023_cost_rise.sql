-- A project's expected costs rising after its intake (issue 18, point 1): the project leader or
-- the secretariat records the new figure on the case (for a cross-public project the regions'
-- share); above 10 mio. kr. the case becomes one that must be assessed. Each figure is kept with
-- its date and who recorded it, and whether it changed the case's kind.
CREATE TABLE case_cost_changes (
    id              bigserial PRIMARY KEY,
    case_id         bigint NOT NULL REFERENCES assessment_cases (id) ON DELETE CASCADE,
    millions        numeric(12, 2) NOT NULL CHECK (millions > 0),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     bigint REFERENCES users (id),
    recorded_by_name text NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 300),
    made_mandatory  boolean NOT NULL
);
CREATE INDEX case_cost_changes_case ON case_cost_changes (case_id, recorded_at);
