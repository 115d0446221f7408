-- A correction's new values. applicant_fold follows the name (as at intake),
-- and the name-word index follows applicant_fold by its update trigger
-- (migration 6), so the list finds the new name and no longer the old one.
UPDATE dossier
SET applicant_name = ?2, applicant_fold = ?3, id_number = ?4, phone = ?5,
    address = ?6, email = ?7, note = ?8, result_delivery = ?9
WHERE id = ?1 AND cancelled_at IS NULL
