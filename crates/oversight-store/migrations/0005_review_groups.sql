-- A review's task-and-finish group: its members (Panel members) and its meetings.

CREATE TABLE review_members (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    name      TEXT NOT NULL,
    PRIMARY KEY (review_id, name)
);

CREATE TABLE review_meetings (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    position  BIGINT NOT NULL,
    held_on   TEXT NOT NULL,
    note      TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);
