SELECT seq, kind, created_at, payload
  FROM down_item
 WHERE station_id = ?1 AND seq > ?2
 ORDER BY seq
 LIMIT ?3
