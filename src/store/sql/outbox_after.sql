SELECT seq, event_id, kind, entity_key, payload, payload_version, created_at
FROM outbox
WHERE seq > ?1
ORDER BY seq
LIMIT ?2
