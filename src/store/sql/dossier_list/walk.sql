-- Walks an index in the list's order over the part of it the filter can use,
-- one row per dossier with whether it passes the whole filter; the caller stops
-- after enough matches. Braces mark what dossier_list.rs fills in.
SELECT d.id, ({filter})
FROM dossier AS d INDEXED BY {index}
WHERE {range}
ORDER BY {order}
