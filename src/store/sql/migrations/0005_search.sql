-- Version 5: a trigram index for the dossier list's search, so a text that few
-- dossiers contain is found without reading every row (1,000,000 dossiers: a
-- full scan takes ≈ 0.5 s, the index a few milliseconds). It indexes the same
-- columns the list searches: code, folded name, CCCD, phone. Dossier rows are
-- never deleted and these columns never change, so an insert trigger keeps it whole.
CREATE VIRTUAL TABLE dossier_search USING fts5(
    code, applicant_fold, id_number, phone,
    content = 'dossier', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO dossier_search (dossier_search) VALUES ('rebuild');
CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossier
BEGIN
    INSERT INTO dossier_search (rowid, code, applicant_fold, id_number, phone)
    VALUES (new.id, new.code, new.applicant_fold, new.id_number, new.phone);
END;
