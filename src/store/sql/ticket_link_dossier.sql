INSERT OR IGNORE INTO ticket_dossier (ticket_id, dossier_code) VALUES (?1, ?2)
