SELECT requested_at, items, reason, contact, due_before, remaining_minutes,
       resumed_at, due_after, actor
FROM dossier_supplement
WHERE dossier_id = ?1
ORDER BY id
