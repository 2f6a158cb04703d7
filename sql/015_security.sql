-- Two-factor sign-in (TOTP, RFC 6238), per-role requirement, and one-time form submission ids.

-- A user's authenticator secret (base32). Pending until the first code is confirmed
-- (totp_enabled_at set); totp_last_step refuses a code's replay.
ALTER TABLE users
    ADD COLUMN totp_secret text,
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;

-- Which roles must sign in with a second factor (set by an administrator).
CREATE TABLE role_policies (
    role         text PRIMARY KEY CHECK (role IN ('project_leader','secretariat','council_member',
                     'assessor','board_secretariat','board_member','director','admin')),
    require_totp boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Between the password and the code: a short-lived challenge (own cookie, only its hash stored).
CREATE TABLE login_challenges (
    id_hash    bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    next_path  text NOT NULL DEFAULT '/',
    attempts   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A session whose user's role requires two-factor sign-in but who has not set it up yet may only
-- set it up (and log out).
ALTER TABLE sessions ADD COLUMN must_enrol_totp boolean NOT NULL DEFAULT false;

-- Forms that create something carry a one-time id: the first submission claims it, a repeated one
-- (double click, back button, a retry after a lost answer) is answered with the first one's result
-- and writes nothing.
-- The id is the rendered page's; with the form's address it names one form.
CREATE TABLE form_submissions (
    id         text NOT NULL CHECK (id ~ '^[0-9a-f]{32}$'),
    path       text NOT NULL,
    user_id    bigint REFERENCES users(id) ON DELETE CASCADE,
    location   text,            -- where the first answer sent the user; NULL while it is being handled
    written    boolean NOT NULL DEFAULT false,   -- set in the same commit as the form's write
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, path)
);
CREATE INDEX form_submissions_created_idx ON form_submissions (created_at);

-- An annual report reads only its own years' letters and activities.
CREATE INDEX case_letters_sent_idx ON case_letters (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX council_activities_done_idx ON council_activities (month_done);
