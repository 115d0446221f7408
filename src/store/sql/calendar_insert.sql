INSERT INTO calendar_day (date, name, kind, day_off, status, note)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
