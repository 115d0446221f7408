UPDATE staff SET failed_logins = ?2, locked_until = coalesce(?3, locked_until)
WHERE id = ?1
