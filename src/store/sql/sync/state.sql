SELECT s.acked_through,
       (SELECT coalesce(max(seq), 0) FROM outbox),
       (SELECT count(*) FROM sync_rejection
        WHERE resent_as IS NULL AND dismissed_at IS NULL),
       s.last_attempt_at, s.last_success_at, s.last_error, s.down_through,
       s.hub_public_key
FROM sync_state AS s WHERE s.id = 1
