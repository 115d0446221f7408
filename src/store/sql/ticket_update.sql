UPDATE ticket SET
    area = ?2, status = ?3, first_called_at = ?4, last_called_at = ?5,
    completed_at = ?6, counter_no = ?7, recalls = ?8, skips = ?9, transfers = ?10
WHERE id = ?1
