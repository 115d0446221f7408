INSERT INTO blob (sha256, size, complete, received_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (sha256) DO UPDATE SET
    size = excluded.size, complete = excluded.complete, received_at = excluded.received_at
