-- What the hub holds at (station, seq): the event id, and the rejection if
-- it refused the event.
SELECT event_id, NULL, NULL FROM event WHERE station_id = ?1 AND seq = ?2
UNION ALL
SELECT event_id, code, reason FROM rejection WHERE station_id = ?1 AND seq = ?2
