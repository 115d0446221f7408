-- The dossier list (danh sách hồ sơ): the rows among the candidate ids (a query
-- put in place of the ids marker) that pass the filter, in the list's order, at
-- most :limit. The candidates are found through an index, or are the ids a walk
-- of the list's order chose (see dossier_list.rs); the filter applies either way.
-- Markers in braces are filled in by dossier_list.rs.
SELECT d.code, d.applicant_name, d.procedure_name, d.field, d.status,
       d.received_at, d.due_at, d.channel, d.apology_due_at,
       d.paused_at IS NOT NULL, d.supplement_count, d.cancelled_at IS NOT NULL
FROM (SELECT DISTINCT id FROM ({ids})) AS s
CROSS JOIN dossier AS d ON d.id = s.id
WHERE {filter}
ORDER BY {order}
LIMIT :limit
