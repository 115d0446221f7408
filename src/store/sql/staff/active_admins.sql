SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1
