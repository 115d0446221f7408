-- The dossier register (Sổ theo dõi hồ sơ, Mẫu 06): dossiers received from
-- ?1 ('YYYY-MM-DDT00:00:00') to ?2 ('YYYY-MM-DDT23:59:59') inclusive, in the
-- order they were received. Times are stored to the second, so the bounds are
-- exact; the range keeps dossier_by_received usable. A cancelled dossier
-- stays in the register (a register never loses a number), its note saying so.
SELECT code, procedure_name, sets, applicant_name, address, phone,
       received_at, due_at, returned_at, note, register_book, register_no,
       cancelled_at IS NOT NULL AS cancelled, cancel_reason
FROM dossier
WHERE received_at >= ?1 AND received_at <= ?2
ORDER BY received_at, id
