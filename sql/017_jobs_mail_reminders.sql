-- Background work in PostgreSQL: one queue of jobs that whichever instance is up claims (FOR UPDATE
-- SKIP LOCKED), every run recorded; the mail outbox, written in the transaction of the change that
-- causes a message; reminders, once per occasion and recipient; each user's choice per reminder.

CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,                 -- the handler that runs it, e.g. 'mail', 'reminders.scan'
    payload      text NOT NULL DEFAULT '',      -- the handler's argument, e.g. a document and its version
    dedupe_key   text UNIQUE,                   -- at most one job per key: a schedule's occurrence, one render
    state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    run_at       timestamptz NOT NULL DEFAULT now(),
    attempts     integer NOT NULL DEFAULT 0,
    locked_by    text,                          -- the instance running it, until locked_until
    locked_until timestamptz,
    last_result  text NOT NULL DEFAULT '',      -- the last run's outcome in words (a relay's answer)
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_kind_idx ON jobs (kind, id);

-- One row per try: who ran it, when, and how it ended ('lost' when its instance died mid-run).
CREATE TABLE job_runs (
    id          bigserial PRIMARY KEY,
    job_id      bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    attempt     integer NOT NULL,
    instance    text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    outcome     text CHECK (outcome IN ('done', 'retry', 'failed', 'lost')),
    message     text NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job_idx ON job_runs (job_id, id);

-- One message to one recipient; its delivery is the job it points at. The Message-ID's left part
-- is fixed when the message is written (the right part is MAIL_FROM's domain), so a message sent
-- again after a crash keeps it.
CREATE TABLE mail_outbox (
    id         bigserial PRIMARY KEY,
    job_id     bigint NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
    message_id text NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
    recipient  text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    reason     text NOT NULL DEFAULT '',        -- what caused it, e.g. 'case.planned', 'reminder.material'
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id DESC);

CREATE TABLE reminder_preferences (
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    text NOT NULL CHECK (kind IN ('material', 'signoff', 'responsum', 'impartiality', 'agenda')),
    choice  text NOT NULL CHECK (choice IN ('immediately', 'digest', 'off')),
    PRIMARY KEY (user_id, kind),
    -- A step that is the user's own to take can go to the digest, never off.
    CHECK (NOT (choice = 'off' AND kind IN ('material', 'signoff', 'responsum')))
);

-- Each reminder given, once per occasion (kind, case or meeting, date) and recipient. Those for the
-- digest wait here until the 8 o'clock run mails them together.
CREATE TABLE reminders (
    id          bigserial PRIMARY KEY,
    occasion    text NOT NULL,                  -- e.g. 'material:case-12:2027-03-04'
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        text NOT NULL,
    choice      text NOT NULL CHECK (choice IN ('immediately', 'digest', 'off')),
    line        text NOT NULL,                  -- one line for the digest
    link        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    digested_at timestamptz,
    UNIQUE (occasion, user_id)
);
CREATE INDEX reminders_digest_idx ON reminders (user_id) WHERE choice = 'digest' AND digested_at IS NULL;
