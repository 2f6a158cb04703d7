-- Foundation: accounts, sessions, throttling, audit log.

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    username      text NOT NULL,
    full_name     text NOT NULL,
    email         text NOT NULL DEFAULT '',
    password_hash text NOT NULL,
    roles         text[] NOT NULL DEFAULT '{}',
    active        boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
    CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['project_leader','secretariat','council_member',
        'assessor','board_secretariat','board_member','director','admin']::text[])
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- The session id in the cookie is 256 random bits; only its SHA-256 is stored,
-- so a copy of this table cannot be replayed as cookies.
CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    client_ip    text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Anonymous visitors get a pre-session that only carries a CSRF token (for the login form).
CREATE TABLE anonymous_sessions (
    id_hash    bytea PRIMARY KEY,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX anonymous_sessions_created_idx ON anonymous_sessions (created_at);

-- Failed logins, counted per account and per client address for throttling.
CREATE TABLE login_failures (
    id        bigserial PRIMARY KEY,
    username  text NOT NULL,
    client_ip text NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_idx ON login_failures (lower(username), at);
CREATE INDEX login_failures_ip_idx ON login_failures (client_ip, at);

-- Append-only audit log: a trigger refuses UPDATE and DELETE whoever connects.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint,
    username    text NOT NULL DEFAULT '',
    action      text NOT NULL,
    object_type text NOT NULL DEFAULT '',
    object_id   text NOT NULL DEFAULT '',
    detail      text NOT NULL DEFAULT '',
    client_ip   text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
