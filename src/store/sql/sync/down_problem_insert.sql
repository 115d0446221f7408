-- An item from the hub that cannot be applied here, kept for staff; never retried.
INSERT OR IGNORE INTO sync_down_problem (down_seq, kind, payload, problem, at)
VALUES (?1, ?2, ?3, ?4, ?5)
