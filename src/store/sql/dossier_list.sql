-- The dossier list (danh sách hồ sơ). Every filter is optional: a NULL parameter
-- lets every row through. ?1 is the search text as a LIKE pattern, ?2 the same
-- folded (no diacritics, lower case) for the applicant's name. ?10, when set, is
-- the same text as an FTS5 phrase: the rows it finds in the trigram index are the
-- only candidates. It is set only when they are few, and then they are sorted
-- (`ORDER BY +due_at` keeps SQLite from walking the due-date index instead);
-- without it, walking that index (`ORDER BY due_at`) finds the first rows of a
-- common text soonest. That condition, the ORDER BY and LIMIT ?9 are added in
-- dossier_list.rs (a condition behind an OR could not drive the query).
SELECT code, applicant_name, procedure_name, field, status, received_at, due_at
FROM dossier
WHERE (?1 IS NULL
       OR code LIKE ?1 ESCAPE '\'
       OR applicant_fold LIKE ?2 ESCAPE '\'
       OR id_number LIKE ?1 ESCAPE '\'
       OR phone LIKE ?1 ESCAPE '\')
  AND (?3 IS NULL OR status = ?3)
  AND (?4 IS NULL OR field = ?4)
  AND (?5 IS NULL OR channel = ?5)
  AND (?6 IS NULL OR due_at >= ?6)
  AND (?7 IS NULL OR due_at < ?7)
  -- Only dossiers that still owe a result can be due or overdue: not 3, 7, 8, 9, 10;
  -- nor one waiting for the citizen's papers, whose clock is stopped.
  AND (?8 = 0 OR (status NOT IN (3, 7, 8, 9, 10) AND paused_at IS NULL))
