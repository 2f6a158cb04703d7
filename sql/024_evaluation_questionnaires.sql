-- The evaluation questionnaire is the secretariat's to edit (issue 18): each save is a new
-- version, never a change to an old one, and an evaluation keeps the version it answered.
-- A version is its ordered questions and its scale: 1 to scale_max, with the words for the ends.
CREATE TABLE evaluation_questionnaires (
    id          bigserial PRIMARY KEY,
    questions   text[] NOT NULL CHECK (cardinality(questions) BETWEEN 1 AND 20),
    scale_max   integer NOT NULL CHECK (scale_max BETWEEN 2 AND 10),
    low_label   text NOT NULL,
    high_label  text NOT NULL,
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Version 1: what the seed says is evaluated – the process, the content (risks and
-- recommendations) and the value created – in the meaning of the three questions answered so far
-- (process, usefulness of the recommendations, value), so those answers are answers to version 1.
INSERT INTO evaluation_questionnaires (id, questions, scale_max, low_label, high_label) VALUES
    (1, ARRAY[
        'Hvordan oplevede I processen omkring risikovurderingen?',
        'Hvor brugbart var indholdet – de risici og anbefalinger, it-rådet pegede på – i det videre projektarbejde?',
        'Hvor stor værdi har risikovurderingen skabt for projektet?'],
     5, 'i meget lav grad', 'i meget høj grad');
SELECT setval(pg_get_serial_sequence('evaluation_questionnaires', 'id'), 1);

ALTER TABLE case_evaluations
    ADD COLUMN questionnaire_id bigint REFERENCES evaluation_questionnaires(id),
    ADD COLUMN scores integer[];
UPDATE case_evaluations SET questionnaire_id = 1, scores = ARRAY[process, usefulness, value];
ALTER TABLE case_evaluations
    ALTER COLUMN questionnaire_id SET NOT NULL,
    ALTER COLUMN scores SET NOT NULL,
    ADD CHECK (cardinality(scores) >= 1),
    DROP COLUMN process, DROP COLUMN value, DROP COLUMN usefulness;
CREATE INDEX case_evaluations_questionnaire ON case_evaluations (questionnaire_id);
