-- Whether each of a counter's latest 'next' calls of the day took a priority
-- ticket, newest first.
SELECT t.priority IS NOT NULL
FROM ticket_call c JOIN ticket t ON t.id = c.ticket_id
WHERE c.day = ?1 AND c.counter_no = ?2 AND c.kind = 'next'
ORDER BY c.id DESC
LIMIT ?3
