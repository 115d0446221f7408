-- Version 3: dossier status changes (chuyển trạng thái hồ sơ) and the dossier list.

-- One row per status change, in the order they happened; never updated. The
-- dossier's own `status` column is the latest `to_status` here (or 2 when none).
CREATE TABLE dossier_status_change (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier (id),
    from_status INTEGER NOT NULL CHECK (from_status BETWEEN 1 AND 10),
    to_status   INTEGER NOT NULL CHECK (to_status BETWEEN 1 AND 10),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_status_change_by_dossier ON dossier_status_change (dossier_id, id);

-- The dossier list filters by status and sorts by due date ("what is overdue").
CREATE INDEX dossier_by_status_due ON dossier (status, due_at);
CREATE INDEX dossier_by_field ON dossier (field, due_at);
-- Prefix searches on the folded name, and exact look-ups by phone.
CREATE INDEX dossier_by_applicant_fold ON dossier (applicant_fold);
CREATE INDEX dossier_by_phone ON dossier (phone);
