-- Bench data: the apology letter (Mẫu 04) behind a dossier's apology_due_at.
INSERT INTO dossier_apology (dossier_id, at, reason, old_due_at, new_due_at, actor)
VALUES (?1, ?2, 'Hồ sơ cần xác minh thêm', ?3, ?4, 'bench')
