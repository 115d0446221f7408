-- Version 6: the dossier list stays fast on big databases (a million dossiers).
-- Version 5's trigram index over code, name, CCCD and phone (detail=full, ≈ 230 MB
-- at 1,000,000 dossiers) is replaced by one index per kind of search, each of
-- which also counts its matches cheaply, so the list can choose between walking
-- its sort order and sorting the matches (src/store/dossier_list.rs). The list
-- re-checks every candidate against the real columns, so these indexes only need
-- to find a superset. Dossier rows are never deleted and their code and applicant
-- never change; the update and delete triggers keep the indexes right if they do.
DROP TRIGGER dossier_search_insert;
DROP TABLE dossier_search;

-- Part of the code ("2001", "261124-2001", the whole code): which codes hold each
-- three-character piece (trigram). External content: the codes stay in `dossier`.
-- detail=none and columnsize=0 keep nothing else (≈ 22 MB at 1,000,000 dossiers).
CREATE VIRTUAL TABLE dossier_code_trigram USING fts5(
    code,
    content = 'dossier', content_rowid = 'id',
    tokenize = 'trigram', detail = 'none', columnsize = 0
);
CREATE TRIGGER dossier_code_trigram_insert AFTER INSERT ON dossier BEGIN
    INSERT INTO dossier_code_trigram (rowid, code) VALUES (new.id, new.code);
END;
CREATE TRIGGER dossier_code_trigram_update AFTER UPDATE OF code ON dossier BEGIN
    INSERT INTO dossier_code_trigram (dossier_code_trigram, rowid, code)
        VALUES ('delete', old.id, old.code);
    INSERT INTO dossier_code_trigram (rowid, code) VALUES (new.id, new.code);
END;
CREATE TRIGGER dossier_code_trigram_delete AFTER DELETE ON dossier BEGIN
    INSERT INTO dossier_code_trigram (dossier_code_trigram, rowid, code)
        VALUES ('delete', old.id, old.code);
END;
INSERT INTO dossier_code_trigram (dossier_code_trigram) VALUES ('rebuild');

-- The applicant's name is found from the start of any of its words ("hung",
-- "van hung", "nguyen van hung"), folded. The start of the whole name is
-- `dossier_by_applicant_fold`; this table holds the rest: the folded name from
-- its second word on, from its third word on, and so on ('nguyen van hung' →
-- 'van hung', 'hung'). A range of it finds and counts the matches.
CREATE TABLE dossier_name_word (
    suffix     TEXT NOT NULL,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    PRIMARY KEY (suffix, dossier_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER dossier_name_word_insert AFTER INSERT ON dossier BEGIN
    INSERT OR IGNORE INTO dossier_name_word (suffix, dossier_id)
    WITH RECURSIVE rest (words) AS (
        SELECT ltrim(substr(new.applicant_fold, instr(new.applicant_fold, ' ') + 1))
        WHERE instr(new.applicant_fold, ' ') > 0
        UNION ALL
        SELECT ltrim(substr(words, instr(words, ' ') + 1)) FROM rest
        WHERE instr(words, ' ') > 0
    )
    SELECT words, new.id FROM rest WHERE words <> '';
END;
CREATE TRIGGER dossier_name_word_update AFTER UPDATE OF applicant_fold ON dossier BEGIN
    -- The old name's suffixes, found through the key rather than a full scan.
    DELETE FROM dossier_name_word WHERE dossier_id = old.id AND suffix IN (
        WITH RECURSIVE rest (words) AS (
            SELECT ltrim(substr(old.applicant_fold, instr(old.applicant_fold, ' ') + 1))
            WHERE instr(old.applicant_fold, ' ') > 0
            UNION ALL
            SELECT ltrim(substr(words, instr(words, ' ') + 1)) FROM rest
            WHERE instr(words, ' ') > 0
        )
        SELECT words FROM rest
    );
    INSERT OR IGNORE INTO dossier_name_word (suffix, dossier_id)
    WITH RECURSIVE rest (words) AS (
        SELECT ltrim(substr(new.applicant_fold, instr(new.applicant_fold, ' ') + 1))
        WHERE instr(new.applicant_fold, ' ') > 0
        UNION ALL
        SELECT ltrim(substr(words, instr(words, ' ') + 1)) FROM rest
        WHERE instr(words, ' ') > 0
    )
    SELECT words, new.id FROM rest WHERE words <> '';
END;
CREATE TRIGGER dossier_name_word_delete AFTER DELETE ON dossier BEGIN
    -- The old name's suffixes, found through the key rather than a full scan.
    DELETE FROM dossier_name_word WHERE dossier_id = old.id AND suffix IN (
        WITH RECURSIVE rest (words) AS (
            SELECT ltrim(substr(old.applicant_fold, instr(old.applicant_fold, ' ') + 1))
            WHERE instr(old.applicant_fold, ' ') > 0
            UNION ALL
            SELECT ltrim(substr(words, instr(words, ' ') + 1)) FROM rest
            WHERE instr(words, ' ') > 0
        )
        SELECT words FROM rest
    );
END;
INSERT OR IGNORE INTO dossier_name_word (suffix, dossier_id)
WITH RECURSIVE rest (id, words) AS (
    SELECT id, ltrim(substr(applicant_fold, instr(applicant_fold, ' ') + 1))
    FROM dossier WHERE instr(applicant_fold, ' ') > 0
    UNION ALL
    SELECT id, ltrim(substr(words, instr(words, ' ') + 1)) FROM rest
    WHERE instr(words, ' ') > 0
)
SELECT words, id FROM rest WHERE words <> '';

-- Dossiers whose clock runs: they still owe a result (status 1, 2, 4, 5, 6) and
-- are not waiting for the citizen's papers. "Due today", "due within N days" and
-- "overdue" read only these few thousand rows, in due order.
CREATE INDEX dossier_running_by_due ON dossier (due_at)
    WHERE status IN (1, 2, 4, 5, 6) AND paused_at IS NULL;
