INSERT INTO down_item (station_id, seq, kind, created_at, payload)
VALUES (?1,
        (SELECT coalesce(max(seq), 0) + 1 FROM down_item WHERE station_id = ?1),
        ?2, ?3, ?4)
RETURNING seq
