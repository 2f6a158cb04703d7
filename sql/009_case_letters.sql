-- The recommendation letter (anbefalingsbrev): general statement, ticked criteria with comments,
-- the profile proposed and set, recommendations in focus areas, sign-offs, sending.

CREATE TABLE case_letters (
    case_id           bigint PRIMARY KEY REFERENCES assessment_cases(id) ON DELETE CASCADE,
    general_statement text NOT NULL DEFAULT '',
    final_profile     char(1) CHECK (final_profile IN ('A', 'B', 'C')),
    profile_reason    text NOT NULL DEFAULT '',
    version           integer NOT NULL DEFAULT 1,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    sent_at           timestamptz,
    responsum_due     date
);

CREATE TABLE letter_criteria (
    case_id bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    code    text NOT NULL,   -- ComplexityCriterion or RiskCriterion raw value, prefixed "k:" or "r:"
    ticked  boolean NOT NULL DEFAULT false,
    comment text NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, code)
);

CREATE TABLE recommendations (
    id         bigserial PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    focus_area text NOT NULL CHECK (focus_area IN ('projekttilrettelaeggelse', 'governance', 'forretning', 'teknik')),
    sub_theme  text NOT NULL,
    body       text NOT NULL,
    follow_up  text NOT NULL DEFAULT 'aaben' CHECK (follow_up IN ('aaben', 'i_gang', 'gennemfoert', 'ikke_fulgt'))
);
CREATE INDEX recommendations_case_idx ON recommendations (case_id, position);

CREATE TABLE letter_signoffs (
    case_id   bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    signed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, user_id)
);
