-- The chain's end read from the rows themselves, for when audit_head is gone:
-- entries, last id, last hash (NULL when there are no rows).
SELECT count(*),
       coalesce(max(id), 0),
       (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)
FROM audit_log
