SELECT c.from_status, c.to_status, c.at, c.actor, c.note
FROM dossier_status_change AS c
JOIN dossier AS d ON d.id = c.dossier_id
WHERE d.code = ?1
ORDER BY c.id
