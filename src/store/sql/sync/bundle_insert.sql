-- One end-of-day bundle written (docs/bundle-format.md).
INSERT INTO sync_bundle (file_name, first_seq, last_seq, events, attachments, sha256, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
