SELECT id, username, display_name, role, secret_kind, active, failed_logins,
       locked_until, last_login_at, created_at, updated_at, secret_hash
FROM staff
