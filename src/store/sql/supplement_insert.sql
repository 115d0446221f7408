INSERT INTO dossier_supplement
    (dossier_id, requested_at, items, reason, contact, due_before, remaining_minutes, actor)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
