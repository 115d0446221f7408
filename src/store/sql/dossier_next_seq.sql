INSERT INTO dossier_sequence (day, counter_no, last_seq) VALUES (?1, ?2, 1)
ON CONFLICT (day, counter_no) DO UPDATE SET last_seq = last_seq + 1
RETURNING last_seq
