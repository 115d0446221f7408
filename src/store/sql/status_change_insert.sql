INSERT INTO dossier_status_change (dossier_id, from_status, to_status, at, actor, note)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
