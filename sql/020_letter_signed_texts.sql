-- What each council member signed off, as text, kept when an edit voids the sign-off: a council
-- member asked to sign again sees what changed since they signed (issue 18, point 3).
CREATE TABLE letter_signed_texts (
    case_id   bigint NOT NULL REFERENCES assessment_cases(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body      text NOT NULL,
    signed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, user_id)
);
