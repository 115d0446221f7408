-- The chain's end moves on with each entry, in the same transaction.
INSERT INTO audit_head (id, entries, last_id, hash) VALUES (1, ?1, ?2, ?3)
ON CONFLICT (id) DO UPDATE SET
    entries = excluded.entries,
    last_id = excluded.last_id,
    hash = excluded.hash
