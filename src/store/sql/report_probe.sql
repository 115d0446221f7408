-- How many index entries each way of reading the dossiers pending at T1 (?1)
-- would walk, each counted only up to ?2 so the probe itself stays cheap:
-- received before T1, and finished from T1 on.
SELECT (SELECT count(*) FROM (SELECT 1 FROM dossier WHERE received_at < ?1 LIMIT ?2)),
       (SELECT count(*) FROM (SELECT 1 FROM dossier WHERE finished_at >= ?1 LIMIT ?2))
