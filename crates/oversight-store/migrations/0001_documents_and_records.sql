-- Documents and the records extracted from them.
--
-- Portable SQL: the same file migrates SQLite and PostgreSQL. Identifiers are TEXT
-- (derived from content hashes, so they are stable across databases and re-imports),
-- integers are BIGINT, booleans are BIGINT 0/1, dates are ISO 8601 TEXT, and lists of
-- strings that are only ever read whole are JSON TEXT.

-- The source files, with the text every span indexes into.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,          -- first 16 hex digits of sha256
    sha256       TEXT NOT NULL UNIQUE,      -- of the original bytes: re-imports are no-ops
    kind         TEXT NOT NULL,
    recogniser   TEXT NOT NULL,
    format       TEXT NOT NULL,             -- text, html or pdf
    source       TEXT NOT NULL,             -- the file name it was imported from
    title        TEXT,
    force_slug   TEXT,
    cycle        TEXT,
    published_on TEXT,
    text         TEXT NOT NULL,
    char_count   BIGINT NOT NULL,
    warnings     TEXT NOT NULL,             -- JSON array of strings
    imported_at  TEXT NOT NULL,
    sequence     BIGINT NOT NULL            -- import order
);
CREATE UNIQUE INDEX documents_by_sequence ON documents (sequence);

-- Grades given to a force for a pillar, question or area in a cycle. The same grade may be
-- stated by several documents; readers choose one by document kind (see the store crate).
CREATE TABLE judgments (
    id              TEXT PRIMARY KEY,
    document_id     TEXT NOT NULL REFERENCES documents (id),
    force_slug      TEXT NOT NULL,
    cycle           TEXT NOT NULL,
    pillar          TEXT,
    question        BIGINT,
    area            TEXT,
    grade           TEXT NOT NULL,
    stated_previous TEXT,                   -- last year's grade as the document states it
    summary         TEXT NOT NULL,
    span_start      BIGINT NOT NULL,
    span_end        BIGINT NOT NULL
);
CREATE INDEX judgments_by_force_cycle ON judgments (force_slug, cycle);

-- Areas for improvement, causes of concern and recommendations.
CREATE TABLE findings (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id),
    force_slug  TEXT NOT NULL,
    cycle       TEXT NOT NULL,
    pillar      TEXT,
    question    BIGINT,
    area        TEXT,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    text_key    TEXT NOT NULL,              -- folded text: the same finding quoted by another document
    parent_id   TEXT REFERENCES findings (id),
    immediate   BIGINT NOT NULL,            -- asked for "immediately"
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    sequence    BIGINT NOT NULL,            -- order within the document
    position    BIGINT NOT NULL             -- order among all findings: document sequence, then sequence
);
CREATE INDEX findings_by_key ON findings (text_key);
CREATE INDEX findings_by_position ON findings (position);
CREATE INDEX findings_by_force ON findings (force_slug, position);
CREATE INDEX findings_by_force_cycle ON findings (force_slug, cycle, position);
CREATE INDEX findings_by_document ON findings (document_id, position);

CREATE TABLE finding_sub_actions (
    finding_id  TEXT NOT NULL REFERENCES findings (id),
    position    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    PRIMARY KEY (finding_id, position)
);

CREATE TABLE finding_deadlines (
    finding_id  TEXT NOT NULL REFERENCES findings (id),
    position    BIGINT NOT NULL,
    phrase      TEXT NOT NULL,
    due_kind    TEXT NOT NULL,              -- on, within or immediately
    due_on      TEXT,                       -- the date, where the document gives or implies one
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    PRIMARY KEY (finding_id, position)
);

-- Progress a later report states on an earlier finding.
CREATE TABLE finding_progress (
    finding_id  TEXT NOT NULL REFERENCES findings (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    text        TEXT NOT NULL,
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    PRIMARY KEY (finding_id, document_id)
);

CREATE TABLE responses (
    id          TEXT PRIMARY KEY,
    finding_id  TEXT NOT NULL REFERENCES findings (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    responder   TEXT NOT NULL,              -- opcc or force
    text        TEXT NOT NULL,
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL
);
CREATE INDEX responses_by_finding ON responses (finding_id);

-- A document's list of findings of one kind for a pillar, kept even when it says "None".
CREATE TABLE finding_lists (
    document_id TEXT NOT NULL REFERENCES documents (id),
    position    BIGINT NOT NULL,
    force_slug  TEXT NOT NULL,
    cycle       TEXT NOT NULL,
    pillar      TEXT,
    kind        TEXT NOT NULL,
    stated_none BIGINT NOT NULL,
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    PRIMARY KEY (document_id, position)
);

-- Headings and the list items under them (Panel papers).
CREATE TABLE document_sections (
    document_id TEXT NOT NULL REFERENCES documents (id),
    position    BIGINT NOT NULL,
    heading     TEXT NOT NULL,
    items       TEXT NOT NULL,              -- JSON array of {text, start, end}
    span_start  BIGINT NOT NULL,
    span_end    BIGINT NOT NULL,
    PRIMARY KEY (document_id, position)
);
