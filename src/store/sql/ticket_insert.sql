INSERT INTO ticket (
    number, day, issued_area, seq, area, priority, status, issued_at
) VALUES (?1, ?2, ?3, ?4, ?3, ?5, 'waiting', ?6)
