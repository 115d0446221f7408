UPDATE staff SET display_name = ?2, role = ?3, active = ?4, updated_at = ?5
WHERE id = ?1
