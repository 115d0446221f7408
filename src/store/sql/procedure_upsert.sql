INSERT INTO procedure (code, name, field, position, active, data)
VALUES (?1, ?2, ?3, ?4, 1, ?5)
ON CONFLICT (code) DO UPDATE SET
    name = excluded.name,
    field = excluded.field,
    position = excluded.position,
    active = 1,
    data = excluded.data
