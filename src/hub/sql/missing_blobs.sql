-- Attachments named by this station's stored events whose bytes are not complete.
SELECT w.sha256
  FROM wanted_blob w
  LEFT JOIN blob b ON b.sha256 = w.sha256
 WHERE w.station_id = ?1 AND coalesce(b.complete, 0) = 0
 ORDER BY w.seq, w.sha256
