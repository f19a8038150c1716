-- Police and Crime Panel scrutiny reviews: imported from a Panel paper, then kept up to date
-- (status, evidence, recommendations and the PCC's responses). Figures are facts with the
-- sentence they are cited in.

CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,
    document_id    TEXT REFERENCES documents (id),
    force_slug     TEXT,
    title          TEXT NOT NULL,
    plan_priority  TEXT,
    plan_starts    TEXT,
    plan_ends      TEXT,
    scope          TEXT NOT NULL,
    methodology    TEXT NOT NULL,
    commissioned_at TEXT,
    status         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE review_findings (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    position  BIGINT NOT NULL,
    heading   TEXT NOT NULL,
    points    TEXT NOT NULL, -- JSON array of strings
    PRIMARY KEY (review_id, position)
);

CREATE TABLE review_milestones (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    position  BIGINT NOT NULL,
    label     TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on   TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);

CREATE TABLE review_figures (
    review_id   TEXT NOT NULL REFERENCES reviews (id),
    position    BIGINT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    unit        TEXT NOT NULL,
    base        BIGINT,
    description TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);

CREATE TABLE review_recommendations (
    review_id       TEXT NOT NULL REFERENCES reviews (id),
    position        BIGINT NOT NULL,
    text            TEXT NOT NULL,
    response_due_on TEXT,
    response        TEXT,
    responded_on    TEXT,
    PRIMARY KEY (review_id, position)
);

CREATE TABLE review_evidence (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    position  BIGINT NOT NULL,
    witness   TEXT NOT NULL,
    given_on  TEXT NOT NULL,
    summary   TEXT NOT NULL,
    papers    TEXT NOT NULL, -- JSON array of document ids or file names
    PRIMARY KEY (review_id, position)
);

CREATE TABLE review_status_history (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    position  BIGINT NOT NULL,
    status    TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);
