-- Revisions per scope of data ('documents', 'evidence', 'reviews', 'workflow',
-- 'force:<slug>', 'finding:<id>'), bumped in the transaction of every change, so a response
-- cache can keep a page while nothing it shows has changed, across any number of servers.
CREATE TABLE revisions (
    scope TEXT PRIMARY KEY,
    n     BIGINT NOT NULL
);

-- Failed logins are counted per client as well as per user name, so that one client cannot
-- lock a known user out, nor try many names unchecked.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_by_client ON login_failures (client, failed_at);

-- A record's history is read by its subject ('action:<id>').
CREATE INDEX audit_log_by_record ON audit_log (record);
