-- The next audit entry's id: past the stored head's last id (?1), past every
-- row, and past every id AUTOINCREMENT ever handed out, so that an id is never
-- used twice and a row deleted from the end stays a gap.
SELECT max(
    ?1,
    coalesce((SELECT max(id) FROM audit_log), 0),
    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0)
) + 1
