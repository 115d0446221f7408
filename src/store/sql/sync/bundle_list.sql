-- Bundles written, newest first.
SELECT file_name, first_seq, last_seq, events, attachments, sha256, created_at
FROM sync_bundle
ORDER BY id DESC
LIMIT ?1
