-- The corrections and the cancellation of dossier ?1 (its code), oldest first.
SELECT c.kind, c.at, c.actor, c.reason, c.before, c.after
FROM dossier_correction AS c
JOIN dossier AS d ON d.id = c.dossier_id
WHERE d.code = ?1
ORDER BY c.id
