INSERT INTO dossier_return (dossier_id, at, method, tracking_no, receiver_name, actor)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
