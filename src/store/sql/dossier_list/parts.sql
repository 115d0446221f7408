-- Pieces of the dossier list's queries. dossier_list.rs puts together the ones a
-- request needs, so SQLite evaluates only the conditions that request has (on a
-- walk over a million rows every condition costs). A piece runs from its
-- "-- @name" line to the next one; its other comment lines are left out.

-- The filter, one piece per condition: the text pieces joined with OR, the
-- others with AND. The search text is folded (no diacritics, lower case) and
-- LIKE's own wildcards in it are escaped.

-- @name: a word of the folded name starts with the text (:name the first word,
-- :name_word a later one); for a text that is not a number.
d.applicant_fold LIKE :name ESCAPE '\' OR d.applicant_fold LIKE :name_word ESCAPE '\'
-- @number: the CCCD or the phone starts with the number; for a text of digits.
d.id_number LIKE :number ESCAPE '\' OR d.phone LIKE :number ESCAPE '\'
-- @code: the code contains the text; from three characters.
d.code LIKE :code ESCAPE '\'
-- @status
d.status = :status
-- @field
d.field = :field
-- @channel
d.channel = :channel
-- @running: for the due filters, a dossier that still owes a result and whose
-- clock runs (not waiting for the citizen's papers), due in [:due_from, :due_to),
-- and not cancelled (a cancelled dossier is never due nor overdue).
-- Also the range of the partial index dossier_running_by_due, whose condition it
-- repeats word for word, as SQLite requires to use it; the cancellation is an
-- extra term after the index's own (tests/correction_store.rs checks the plan).
d.status IN (1, 2, 4, 5, 6) AND d.paused_at IS NULL
AND d.due_at >= :due_from AND d.due_at < :due_to
AND d.cancelled_at IS NULL

-- Candidate ids for the search text, through indexes; the pieces that apply are
-- joined with UNION ALL. Each finds a superset of its filter piece's matches.

-- @ids_name: the folded name, or one of its later words, starts with the text.
SELECT id FROM dossier WHERE applicant_fold >= :lo AND applicant_fold < :hi
UNION ALL
SELECT dossier_id AS id FROM dossier_name_word WHERE suffix >= :lo AND suffix < :hi
-- @ids_number: the CCCD or the phone starts with the number.
SELECT id FROM dossier WHERE id_number >= :number_lo AND id_number < :number_hi
UNION ALL
SELECT id FROM dossier WHERE phone >= :number_lo AND phone < :number_hi
-- @ids_code: the code holds every trigram of the text's tail.
SELECT rowid AS id FROM dossier_code_trigram WHERE dossier_code_trigram MATCH :trigrams
-- @ids_chosen: the ids a walk chose, bound as a JSON array.
SELECT value AS id FROM json_each(:chosen)
-- @ids_index: the dossiers in a range of an index (filled in: index name, range).
SELECT d.id FROM dossier AS d INDEXED BY {index} WHERE {range}

-- @total: how many dossiers are stored (rows are never deleted).
SELECT coalesce(max(id), 0) FROM dossier
