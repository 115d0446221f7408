-- The dossier ?1 as a correction finds it, read inside the write transaction:
-- the values a correction may change, and whether it is cancelled.
SELECT id, status, applicant_name, id_number, phone, address, email, note,
       result_delivery, cancelled_at, cancel_reason
FROM dossier
WHERE code = ?1
