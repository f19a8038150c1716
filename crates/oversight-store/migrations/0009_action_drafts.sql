-- Actions start as drafts, seen only by the force's own editors, its OPCC editors and
-- admins, until one of them publishes it.
ALTER TABLE actions ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
