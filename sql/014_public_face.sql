-- The council's public face: editable texts (the secretariat's contact details), the material
-- library with versioned files, and requests from projects (sparringsmøde, single-region assessment).

CREATE TABLE site_texts (
    key        text PRIMARY KEY,
    body       text NOT NULL DEFAULT '',
    version    integer NOT NULL DEFAULT 1,
    updated_by bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE library_documents (
    id          bigserial PRIMARY KEY,
    title       text NOT NULL,
    description text NOT NULL DEFAULT '',
    position    integer NOT NULL DEFAULT 0,
    audience    text NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'project_leaders')),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_requests (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('sparring', 'regional_assessment')),
    project_id     bigint REFERENCES projects(id) ON DELETE SET NULL,
    project_name   text NOT NULL,
    requested_by   bigint REFERENCES users(id) ON DELETE SET NULL,
    timing         text NOT NULL DEFAULT '' CHECK (timing IN ('', 'foer', 'efter')),  -- a sparringsmøde before or after an assessment
    challenge      text NOT NULL DEFAULT '',
    wished_dates   text NOT NULL DEFAULT '',
    asked_by       text NOT NULL DEFAULT '' CHECK (asked_by IN ('', 'regionerne', 'regionsdirektoererne')),
    reason         text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'declined')),
    answer         text NOT NULL DEFAULT '',
    decided_by     bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_at     timestamptz,
    activity_id    bigint REFERENCES council_activities(id) ON DELETE SET NULL,
    case_id        bigint REFERENCES assessment_cases(id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_requests_status_idx ON project_requests (status, created_at);
CREATE INDEX project_requests_requested_by_idx ON project_requests (requested_by);

-- Files now have four kinds of owner: an agenda item, a case, a library document (each upload a
-- new version), a project's request (background material).
ALTER TABLE attachments ADD COLUMN library_document_id bigint REFERENCES library_documents(id) ON DELETE CASCADE;
ALTER TABLE attachments ADD COLUMN request_id bigint REFERENCES project_requests(id) ON DELETE CASCADE;
ALTER TABLE attachments DROP CONSTRAINT attachments_one_owner;
ALTER TABLE attachments ADD CONSTRAINT attachments_one_owner CHECK (num_nonnulls(item_id, case_id, library_document_id, request_id) = 1);
CREATE INDEX attachments_library_idx ON attachments (library_document_id, created_at);
CREATE INDEX attachments_request_idx ON attachments (request_id);
