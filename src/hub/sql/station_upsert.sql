-- A new station, or a forgotten one (key cleared) enrolling again: the
-- history and acked_through of a known station are kept.
INSERT INTO station (station_id, public_key, name, agency_id, counter_no, enrolled_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (station_id) DO UPDATE SET
    public_key  = excluded.public_key,
    name        = CASE WHEN excluded.name = '' THEN station.name ELSE excluded.name END,
    agency_id   = CASE WHEN excluded.agency_id = '' THEN station.agency_id ELSE excluded.agency_id END,
    counter_no  = CASE WHEN excluded.counter_no = 0 THEN station.counter_no ELSE excluded.counter_no END,
    enrolled_at = CASE WHEN station.public_key IS NULL THEN excluded.enrolled_at ELSE station.enrolled_at END
