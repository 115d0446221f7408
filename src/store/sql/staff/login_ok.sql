UPDATE staff SET failed_logins = 0, locked_until = NULL, last_login_at = ?2
WHERE id = ?1
