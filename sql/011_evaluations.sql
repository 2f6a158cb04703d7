-- After the responsum the project evaluates the assessment: 1–5 scales and free text.
CREATE TABLE case_evaluations (
    case_id      bigint PRIMARY KEY REFERENCES assessment_cases(id) ON DELETE CASCADE,
    process      integer NOT NULL CHECK (process BETWEEN 1 AND 5),
    value        integer NOT NULL CHECK (value BETWEEN 1 AND 5),
    usefulness   integer NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment      text NOT NULL DEFAULT '',
    submitted_at timestamptz NOT NULL DEFAULT now()
);
