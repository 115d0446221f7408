-- Version 9: staff accounts (tài khoản cán bộ) and who received each dossier.
-- The secret is an argon2 PHC string (algorithm, parameters, salt and hash in
-- one text), never the password or PIN itself. Failed logins and the lock are
-- kept here so that closing the program does not reset a lockout.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'lead', 'admin')),
    secret_hash TEXT NOT NULL,
    secret_kind TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- The username of the officer who received the dossier; an officer may move
-- on only their own. NULL for dossiers received before accounts existed.
ALTER TABLE dossier ADD COLUMN received_by TEXT;
