-- Accounts people manage themselves, throttling an attacker cannot aim at a user, and nothing typed
-- lost to an expired session (issue 22, points 3–5).

-- A secret made once per database (every instance shares it): it signs device cookies (HMAC).
-- gen_random_uuid() draws from PostgreSQL's strong random source.
CREATE TABLE app_secrets (
    name  text PRIMARY KEY,
    value bytea NOT NULL CHECK (length(value) = 32)
);
INSERT INTO app_secrets (name, value)
VALUES ('device_cookie', sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')))
ON CONFLICT (name) DO NOTHING;

-- A failure from a browser with a valid device cookie for the account counts against that device
-- (its id), never against the account or the address.
ALTER TABLE login_failures ADD COLUMN device text;
CREATE INDEX login_failures_device_idx ON login_failures (device, at) WHERE device IS NOT NULL;

-- What a session list shows.
ALTER TABLE sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';

-- Single-use tokens that set a password: a reset asked for by e-mail, or the welcome of an
-- approved account request. Only the token's SHA-256 is stored; valid one hour (a welcome: 3 days).
CREATE TABLE password_tokens (
    id_hash    bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('reset', 'welcome')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_tokens_user_idx ON password_tokens (user_id);

-- Events counted for throttling anonymous forms (a reset asked for, an account requested).
CREATE TABLE rate_events (
    id   bigserial PRIMARY KEY,
    kind text NOT NULL,
    key  text NOT NULL,
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_events_key_idx ON rate_events (kind, key, at);

-- Ten single-use recovery codes per user with two-factor sign-in; only their SHA-256 is stored
-- (each code has 50 random bits).
CREATE TABLE totp_recovery_codes (
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- A new project leader asks for an account; the council secretariat approves or declines.
CREATE TABLE account_requests (
    id               bigserial PRIMARY KEY,
    full_name        text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    email            text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    organisation     text NOT NULL CHECK (length(organisation) BETWEEN 1 AND 200),
    project          text NOT NULL DEFAULT '' CHECK (length(project) <= 300),
    message          text NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined')),
    decided_by       bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_at       timestamptz,
    decision_message text NOT NULL DEFAULT '' CHECK (length(decision_message) <= 4000),
    user_id          bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_requests_pending_idx ON account_requests (created_at) WHERE state = 'pending';

-- The fields of a form POSTed after its session expired, kept for the pre-session that the
-- login form gives the same browser (only the pre-session token's SHA-256 is stored), until the
-- user signs in again and lands back on the form's page. Bounded (64 KB); kept 12 hours at most.
CREATE TABLE preserved_forms (
    id_hash    bytea PRIMARY KEY,
    action     text NOT NULL,
    page       text NOT NULL,
    fields     jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (octet_length(fields::text) <= 70000)
);
CREATE INDEX preserved_forms_created_idx ON preserved_forms (created_at);

-- The password step's attempt, counted as a failure until the code is right too.
ALTER TABLE login_challenges ADD COLUMN attempt_id bigint;
