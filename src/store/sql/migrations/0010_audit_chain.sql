-- Version 10: the audit trail becomes a hash chain, so that a row edited,
-- deleted or inserted behind the app's back shows (`quay audit verify`). The
-- encoding is documented in src/store/audit_chain.rs. SQLite has no SHA-256:
-- just before this runs, in the same transaction, audit_chain::prepare_backfill
-- has written the hashes of the existing rows, oldest first, into
-- temp.audit_backfill.

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT
    CHECK (prev_hash IS NULL OR (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE audit_log ADD COLUMN hash TEXT
    CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'));

-- The append-only trigger steps aside for the one update that fills them in.
DROP TRIGGER audit_no_update;
UPDATE audit_log SET
    prev_hash = (SELECT b.prev_hash FROM temp.audit_backfill AS b WHERE b.id = audit_log.id),
    hash = (SELECT b.hash FROM temp.audit_backfill AS b WHERE b.id = audit_log.id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- From now on every entry is chained (audit::append fills both columns).
CREATE TRIGGER audit_chained BEFORE INSERT ON audit_log
WHEN NEW.prev_hash IS NULL OR NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit_log entries must be chained (prev_hash, hash)'); END;

-- The chain's end, moved on in the same transaction as each entry: it shows
-- entries deleted from the end, which leave no gap in the ids.
CREATE TABLE audit_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    entries  INTEGER NOT NULL CHECK (entries >= 0),
    last_id  INTEGER NOT NULL,
    hash     TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO audit_head (id, entries, last_id, hash)
SELECT 1, count(*), coalesce(max(id), 0),
       coalesce((SELECT hash FROM temp.audit_backfill ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
FROM temp.audit_backfill;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head is kept with the audit trail'); END;

-- Filters of the Nhật ký screen and `quay audit list`; the entity index also
-- serves count_actions (how often a ticket was printed), run on every print.
CREATE INDEX audit_log_by_entity ON audit_log (entity_key);
CREATE INDEX audit_log_by_at ON audit_log (at);

DROP TABLE temp.audit_backfill;
