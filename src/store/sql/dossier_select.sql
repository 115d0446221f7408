SELECT id, code, procedure_code, procedure_name, field,
       applicant_name, id_number, phone, address, email,
       channel, received_at, deadline_kind, deadline_days, due_at,
       sets, fee_vnd, result_delivery, note, status,
       counter_no, register_book, register_no, officer_name, created_at,
       received_by
FROM dossier
