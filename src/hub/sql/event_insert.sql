INSERT INTO event (station_id, seq, event_id, kind, entity_key, payload_version,
                   created_at, payload, received_at, via)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
