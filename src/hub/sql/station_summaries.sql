SELECT s.station_id, s.name, s.agency_id, s.counter_no, s.public_key IS NOT NULL,
       s.enrolled_at, s.acked_through,
       (SELECT count(*) FROM event e WHERE e.station_id = s.station_id),
       (SELECT count(*) FROM rejection r WHERE r.station_id = s.station_id),
       (SELECT count(*) FROM wanted_blob w
          LEFT JOIN blob b ON b.sha256 = w.sha256
         WHERE w.station_id = s.station_id AND coalesce(b.complete, 0) = 0)
  FROM station s
 ORDER BY s.enrolled_at, s.station_id
