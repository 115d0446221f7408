-- Every correction of the dossier with code ?1, oldest first: what a resent
-- dossier.received event must carry (src/store/sync.rs, resend).
SELECT c.before, c.after
FROM dossier_correction AS c
JOIN dossier AS d ON d.id = c.dossier_id
WHERE d.code = ?1 AND c.kind = 'correct'
ORDER BY c.id
