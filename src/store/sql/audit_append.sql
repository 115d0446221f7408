INSERT INTO audit_log (at, actor, action, entity_key, before, after)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
