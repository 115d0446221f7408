INSERT INTO dossier_payment (dossier_id, requested_at, description, amount_vnd, actor)
VALUES (?1, ?2, ?3, ?4, ?5)
