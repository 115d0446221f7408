SELECT 1 FROM dossier WHERE code = ?1
