-- Evidence attached to progress updates: the file's bytes (base64, so the same SQL serves
-- SQLite and PostgreSQL), its SHA-256, declared and checked content type, and size.

CREATE TABLE attachments (
    sha256          TEXT NOT NULL,
    action_id       TEXT NOT NULL REFERENCES actions (id),
    update_position BIGINT NOT NULL,
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    data            TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    PRIMARY KEY (action_id, update_position, sha256)
);
CREATE INDEX attachments_by_hash ON attachments (sha256);
