-- A dossier's events with what the hub made of them.
SELECT o.seq, o.kind, o.created_at,
       o.seq <= (SELECT acked_through FROM sync_state WHERE id = 1),
       r.reason, r.resent_as IS NOT NULL OR r.dismissed_at IS NOT NULL
FROM outbox AS o LEFT JOIN sync_rejection AS r ON r.seq = o.seq
WHERE o.entity_key = ?1
ORDER BY o.seq
