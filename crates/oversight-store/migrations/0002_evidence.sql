-- The evidence engine: police.uk counts per force, month and category (never raw rows),
-- indicator numerators and denominators computed from them, the files already read, and
-- links from findings to the indicators that show whether things got better.

CREATE TABLE evidence_files (
    sha256        TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    bytes         BIGINT NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    ingested_at   TEXT NOT NULL
);

CREATE TABLE evidence_counts (
    kind        TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    force_slug  TEXT,
    month       TEXT NOT NULL,
    key1        TEXT NOT NULL,
    key2        TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (kind, reported_by, month, key1, key2)
);

CREATE TABLE evidence_values (
    indicator   TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    force_slug  TEXT,
    month       TEXT NOT NULL,
    numerator   BIGINT NOT NULL,
    denominator BIGINT NOT NULL,
    PRIMARY KEY (indicator, reported_by, month)
);
CREATE INDEX evidence_values_by_month ON evidence_values (indicator, month);

CREATE TABLE finding_indicators (
    finding_id TEXT NOT NULL REFERENCES findings (id),
    indicator  TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (finding_id, indicator)
);

-- Bumped by every change that is not a document import, so response caches know.
CREATE TABLE revision (
    id BIGINT PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO revision (id, n) VALUES (1, 0);
