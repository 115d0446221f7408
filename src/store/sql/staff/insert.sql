INSERT INTO staff (username, display_name, role, secret_hash, secret_kind, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
