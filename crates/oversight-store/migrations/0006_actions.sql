-- Actions against findings, and their progress updates (kept as a history, never
-- overwritten; an update can wait for a named approver's sign-off before it counts).

CREATE TABLE actions (
    id         TEXT PRIMARY KEY,
    finding_id TEXT NOT NULL REFERENCES findings (id),
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL REFERENCES users (username),
    due_on     TEXT,
    status     TEXT NOT NULL,
    version    BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX actions_by_finding ON actions (finding_id);

CREATE TABLE action_updates (
    action_id     TEXT NOT NULL REFERENCES actions (id),
    position      BIGINT NOT NULL,
    text          TEXT NOT NULL,
    by_user       TEXT NOT NULL,
    at            TEXT NOT NULL,
    approver      TEXT,
    signed_off_by TEXT,
    signed_off_at TEXT,
    PRIMARY KEY (action_id, position)
);
