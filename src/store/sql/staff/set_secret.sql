-- A new secret also lifts a lock: an administrator's reset is how a locked
-- officer gets back in before the lock runs out.
UPDATE staff SET secret_hash = ?2, secret_kind = ?3, failed_logins = 0, locked_until = NULL,
                 updated_at = ?4
WHERE id = ?1
