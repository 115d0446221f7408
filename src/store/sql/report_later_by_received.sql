-- The same rows as report_later_by_finished.sql, read from dossier_by_received
-- up to T1: few rows when T1 is early in the history. The unary + keeps the
-- planner off dossier_by_finished_received.
SELECT field, channel, received_at, due_at, finished_at, returned_at, paused_at,
       supplement_count, apology_due_at IS NOT NULL, status
FROM dossier
WHERE +finished_at >= ?2 AND received_at < ?2
  AND status NOT IN (1, 3) AND (?3 IS NULL OR field = ?3)
  AND cancelled_at IS NULL
