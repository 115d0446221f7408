INSERT INTO ticket_sequence (day, area, last_seq) VALUES (?1, ?2, 1)
ON CONFLICT (day, area) DO UPDATE SET last_seq = last_seq + 1
RETURNING last_seq
