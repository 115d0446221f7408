-- How many rows the trigram index holds for a phrase, counting no further than ?2.
SELECT count(*) FROM (
    SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?1 LIMIT ?2
)
