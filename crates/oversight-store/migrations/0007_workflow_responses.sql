-- Responses written in Oversight by the OPCC and the force (drafts until published), and
-- withdrawal instead of deletion for actions.

CREATE TABLE workflow_responses (
    id               TEXT PRIMARY KEY,
    finding_id       TEXT NOT NULL REFERENCES findings (id),
    by_body          TEXT NOT NULL, -- opcc or force
    text             TEXT NOT NULL,
    action_taken     TEXT,
    no_action_reason TEXT,
    status           TEXT NOT NULL, -- draft, published, withdrawn
    version          BIGINT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    published_at     TEXT
);
CREATE INDEX workflow_responses_by_finding ON workflow_responses (finding_id);

ALTER TABLE actions ADD COLUMN withdrawn BIGINT NOT NULL DEFAULT 0;
