-- The assessment itself (observations, dialogue meeting), genbesøg and joint assessments, and the
-- council's sparring meetings with their minutes.

-- Observations by the assessment team; seen by the appointed council members and the secretariat only.
CREATE TABLE case_observations (
    id         bigserial PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    author_id  bigint REFERENCES users(id) ON DELETE SET NULL,
    focus_area text CHECK (focus_area IN ('projekttilrettelaeggelse', 'governance', 'forretning', 'teknik')),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_observations_case_idx ON case_observations (case_id, created_at);

ALTER TABLE assessment_cases
    ADD COLUMN dialogue_held_on      date,
    ADD COLUMN dialogue_participants text NOT NULL DEFAULT '',
    ADD COLUMN dialogue_notes        text NOT NULL DEFAULT '',
    -- A genbesøg is a new assessment building on an earlier one.
    ADD COLUMN previous_case_id      bigint REFERENCES assessment_cases(id) ON DELETE SET NULL,
    -- A joint assessment names the partner council, e.g. Københavns Kommunes It-projektråd.
    ADD COLUMN partner_council       text NOT NULL DEFAULT '';
CREATE INDEX assessment_cases_previous_idx ON assessment_cases (previous_case_id);

-- A sparring meeting is a council activity with a date, its council members and minutes.
-- A planned one is also "expected" in its quarter; when the minutes are recorded it is done.
ALTER TABLE council_activities
    ADD COLUMN case_id    bigint UNIQUE REFERENCES assessment_cases(id) ON DELETE SET NULL,
    ADD COLUMN planned_on date,
    ADD COLUMN topic      text NOT NULL DEFAULT '',
    ADD COLUMN remarks    text NOT NULL DEFAULT '',   -- the minutes (referat)
    ADD COLUMN held_on    date,
    ADD COLUMN version    integer NOT NULL DEFAULT 1;

CREATE TABLE activity_participants (
    activity_id bigint NOT NULL REFERENCES council_activities(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_participants_user_idx ON activity_participants (user_id);

-- The immediate recommendations of a sparring meeting, in the same focus areas as a letter's.
CREATE TABLE activity_recommendations (
    id          bigserial PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES council_activities(id) ON DELETE CASCADE,
    position    integer NOT NULL,
    focus_area  text NOT NULL CHECK (focus_area IN ('projekttilrettelaeggelse', 'governance', 'forretning', 'teknik')),
    sub_theme   text NOT NULL,
    body        text NOT NULL
);
CREATE INDEX activity_recommendations_activity_idx ON activity_recommendations (activity_id, position);

-- The case page's timeline reads the audit log by object.
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, at);
