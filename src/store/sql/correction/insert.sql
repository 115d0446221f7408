INSERT INTO dossier_correction (dossier_id, at, actor, kind, reason, before, after)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
