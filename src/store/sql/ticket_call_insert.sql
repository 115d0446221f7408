INSERT INTO ticket_call (ticket_id, day, counter_no, kind, at)
VALUES (?1, ?2, ?3, ?4, ?5)
