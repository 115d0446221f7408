-- Every audit entry in chain order, for the check (audit_chain::verify).
SELECT id, at, actor, action, entity_key, before, after, prev_hash, hash
FROM audit_log
ORDER BY id
