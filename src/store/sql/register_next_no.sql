INSERT INTO register_sequence (book, counter_no, last_no) VALUES (?1, ?2, 1)
ON CONFLICT (book, counter_no) DO UPDATE SET last_no = last_no + 1
RETURNING last_no
