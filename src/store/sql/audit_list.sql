-- The audit trail for `quay audit list|export` and the Nhật ký screen. Each
-- condition applies only when its parameter is not NULL; :until is the day
-- after the last one; :limit -1 is no limit. {order} (ASC or DESC) is filled
-- in by audit.rs.
SELECT id, at, actor, action, entity_key, before, after, prev_hash, hash
FROM audit_log
WHERE (:from IS NULL OR at >= :from)
  AND (:until IS NULL OR at < :until)
  AND (:actor_is IS NULL OR actor = :actor_is)
  AND (:actor_like IS NULL OR actor LIKE :actor_like ESCAPE '\')
  AND (:action IS NULL OR substr(action, 1, length(:action)) = :action)
  AND (:entity_like IS NULL OR entity_key LIKE :entity_like ESCAPE '\')
ORDER BY id {order}
LIMIT :limit
