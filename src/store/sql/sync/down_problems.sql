-- Items from the hub that could not be applied, newest first.
SELECT down_seq, kind, payload, problem, at
FROM sync_down_problem
ORDER BY down_seq DESC
LIMIT ?1
