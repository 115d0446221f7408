SELECT id, number, day, issued_area, seq, area, priority, status, issued_at,
       first_called_at, last_called_at, completed_at, counter_no,
       recalls, skips, transfers,
       (SELECT group_concat(dossier_code, char(10)) FROM ticket_dossier d
         WHERE d.ticket_id = ticket.id) AS dossiers
FROM ticket
