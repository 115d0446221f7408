-- The dossiers the report of a period may count (rules: src/domain/report.rs).
-- ?1 = T0 (first day 00:00), ?2 = T1 (the day after the last, 00:00), ?3 = the
-- field, or NULL for all. Disjoint parts, each a range on one index, so a
-- quarter reads its own ~30,000 rows and not the whole history:
--   1. finished in the period (dossier_by_finished_received);
--   2. still open (finished_at IS NULL: the index's NULL range) and received
--      before T1;
--   3. finished before the period, result returned in it (dossier_by_returned);
--   and, appended from report_later_*.sql, the dossiers finished after the
--   period but received before its end (pending at T1).
-- Status 1 (not yet received) and 3 (refused) never count, nor does a
-- cancelled dossier (migration 11).
SELECT field, channel, received_at, due_at, finished_at, returned_at, paused_at,
       supplement_count, apology_due_at IS NOT NULL, status
FROM dossier
WHERE finished_at >= ?1 AND finished_at < ?2 AND received_at < ?2
  AND status NOT IN (1, 3) AND (?3 IS NULL OR field = ?3)
  AND cancelled_at IS NULL
UNION ALL
SELECT field, channel, received_at, due_at, finished_at, returned_at, paused_at,
       supplement_count, apology_due_at IS NOT NULL, status
FROM dossier
WHERE finished_at IS NULL AND received_at < ?2
  AND status NOT IN (1, 3) AND (?3 IS NULL OR field = ?3)
  AND cancelled_at IS NULL
UNION ALL
SELECT field, channel, received_at, due_at, finished_at, returned_at, paused_at,
       supplement_count, apology_due_at IS NOT NULL, status
FROM dossier
WHERE returned_at >= ?1 AND returned_at < ?2 AND finished_at < ?1
  AND status NOT IN (1, 3) AND (?3 IS NULL OR field = ?3)
  AND cancelled_at IS NULL
UNION ALL
