-- Single sign-on by OpenID Connect (issue 22): the provider's subject on the user, the roles the
-- provider's groups gave at the latest sign-in, the administrator's group → role mapping, the
-- sign-ins under way (state, nonce, PKCE verifier) and the ID token a session began with (for the
-- provider's logout).

-- iss + sub name a person at a provider for good (OpenID Connect Core 1.0, 5.7); the e-mail does not.
ALTER TABLE users
    ADD COLUMN oidc_issuer    text,
    ADD COLUMN oidc_subject   text,
    ADD COLUMN provider_roles text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT users_oidc_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL)),
    ADD CONSTRAINT users_provider_roles_known CHECK (provider_roles <@ ARRAY['project_leader','secretariat',
        'council_member','assessor','board_secretariat','board_member','director','admin']::text[]);
CREATE UNIQUE INDEX users_oidc_subject_key ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- Which group gives which role; edited by an administrator.
CREATE TABLE oidc_role_mappings (
    id         bigserial PRIMARY KEY,
    group_name text NOT NULL CHECK (length(group_name) BETWEEN 1 AND 256),
    role       text NOT NULL CHECK (role IN ('project_leader','secretariat','council_member',
                   'assessor','board_secretariat','board_member','director','admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_name, role)
);

-- A sign-in sent to the provider and not yet back: only the state's hash is stored (the browser
-- holds the state in a cookie too); a state is used once (the callback deletes its row).
CREATE TABLE oidc_logins (
    state_hash    bytea PRIMARY KEY,
    nonce         text NOT NULL,
    code_verifier text NOT NULL,
    next_path     text NOT NULL DEFAULT '/',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_logins_created_idx ON oidc_logins (created_at);

-- The ID token the session's sign-in received: the provider's logout takes it as id_token_hint.
ALTER TABLE sessions ADD COLUMN oidc_id_token text;
