-- Everything a station delivered, stored or rejected, in seq order.
SELECT seq, event_id, kind, entity_key, created_at, received_at, via,
       payload, NULL AS code, NULL AS reason
  FROM event WHERE station_id = ?1
UNION ALL
SELECT seq, event_id, kind, entity_key, created_at, rejected_at, via,
       NULL, code, reason
  FROM rejection WHERE station_id = ?1
 ORDER BY seq
