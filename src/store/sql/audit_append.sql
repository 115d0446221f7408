-- One audit entry with its place in the hash chain (see audit_chain.rs).
INSERT INTO audit_log (id, at, actor, action, entity_key, before, after, prev_hash, hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
