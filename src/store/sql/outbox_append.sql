INSERT INTO outbox (event_id, kind, entity_key, payload, payload_version, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
