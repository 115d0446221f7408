-- Rejected events still waiting for staff: not resent, not set aside.
SELECT r.seq, o.event_id, o.kind, o.entity_key, r.code, r.reason, r.rejected_at
FROM sync_rejection AS r JOIN outbox AS o ON o.seq = r.seq
WHERE r.resent_as IS NULL AND r.dismissed_at IS NULL
ORDER BY r.seq
