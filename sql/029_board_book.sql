-- The board book and search inside the attachments (issue 21).
--
-- What the job runner read out of an agenda item's attachment (`attachment.extract`): one row per
-- page of a PDF (or of the PDF LibreOffice made of a DOCX/ODT), one per sheet of a spreadsheet,
-- searched with the same Danish configuration as the items. An attachment is only as visible as
-- its item: every query joins the item and applies the item's visibility.
CREATE TABLE attachment_texts (
    attachment_id bigint NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    part          integer NOT NULL CHECK (part > 0),   -- the page number, or the sheet's position
    label         text NOT NULL DEFAULT '',            -- the sheet's name (spreadsheets); '' for a page
    body          text NOT NULL,
    search        tsvector GENERATED ALWAYS AS (to_tsvector('danish', coalesce(label, '') || ' ' || body)) STORED,
    PRIMARY KEY (attachment_id, part)
);
CREATE INDEX attachment_texts_search_idx ON attachment_texts USING gin (search);

-- How the extraction of each attachment ended: 'ok', or 'unreadable' (a broken or encrypted file,
-- one that outlived its time or memory limit). An unreadable file is marked and left: it blocks
-- neither the upload, nor the search, nor the book (which says the file could not be shown).
-- `pdf` holds the PDF that LibreOffice made of a DOCX, XLSX or ODT file, for the board book.
CREATE TABLE attachment_extractions (
    attachment_id bigint PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
    state         text NOT NULL CHECK (state IN ('ok', 'unreadable')),
    message       text NOT NULL DEFAULT '',
    parts         integer NOT NULL DEFAULT 0,
    pdf           bytea,
    extract_ms    integer NOT NULL DEFAULT 0,
    extracted_at  timestamptz NOT NULL DEFAULT now()
);

-- The board book of a meeting as one set of readers sees it, built by the job runner
-- (`board.book`): keyed by the meeting and a digest of what the book holds (the engine, the
-- meeting's and its visible items' versions, the visible items' ids and attachments), so a
-- correction or another set of visible items is another book. Stored without the reader's name:
-- the watermark is stamped per request. `confidential_pages` lists the 1-based pages that carry
-- "Fortroligt" (and get the watermark).
CREATE TABLE board_books (
    meeting_id         bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    book_key           text NOT NULL,
    pdf                bytea NOT NULL,
    pages              integer NOT NULL,
    confidential_pages text NOT NULL DEFAULT '',       -- e.g. "3,4,5"
    build_ms           integer NOT NULL,
    built_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, book_key)
);
