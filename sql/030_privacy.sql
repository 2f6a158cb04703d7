-- Personal data over its whole life (issue 23): pseudonymising the audit log (after the retention
-- period, or when a person's data is erased) and accounts erased on request.

-- The audit log stays append-only for what happened; only WHO may be replaced, and only by the
-- portal's own pseudonymisation, which says so for its transaction (SET LOCAL
-- raadsportal.pseudonymise = 'on'). The time, the action, the object and the user id (a number, the
-- pseudonym's key) never change, and no row is ever deleted.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS pseudonymised_at timestamptz;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND coalesce(current_setting('raadsportal.pseudonymise', true), '') = 'on'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id
       AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE INDEX IF NOT EXISTS audit_log_unpseudonymised_idx ON audit_log (at) WHERE pseudonymised_at IS NULL;
CREATE INDEX IF NOT EXISTS audit_log_user_idx ON audit_log (user_id);

-- An account erased on request (GDPR art. 17): the row stays, pseudonymised ("Tidligere bruger 17"),
-- so that the facts that point at it (a signature, an appointment, a decision) stay facts.
ALTER TABLE users ADD COLUMN IF NOT EXISTS erased_at timestamptz;
