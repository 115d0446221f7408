INSERT INTO dossier (
    code, procedure_code, procedure_name, field,
    applicant_name, applicant_fold, id_number, phone, address, email,
    channel, received_at, deadline_kind, deadline_days, due_at,
    sets, fee_vnd, result_delivery, note, status,
    counter_no, register_book, register_no, officer_name, created_at,
    received_by
) VALUES (
    ?1, ?2, ?3, ?4,
    ?5, ?6, ?7, ?8, ?9, ?10,
    ?11, ?12, ?13, ?14, ?15,
    ?16, ?17, ?18, ?19, ?20,
    ?21, ?22, ?23, ?24, ?25,
    ?26
)
