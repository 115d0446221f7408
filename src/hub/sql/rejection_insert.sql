INSERT INTO rejection (station_id, seq, event_id, kind, entity_key, created_at,
                       code, reason, rejected_at, via)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
