-- Cancels dossier ?1 once: a second cancellation changes no row.
UPDATE dossier SET cancelled_at = ?2, cancel_reason = ?3
WHERE id = ?1 AND cancelled_at IS NULL
