-- Version 11: corrections, not deletions. A saved dossier is never deleted: a
-- lead corrects its details or cancels it, with a reason, and each correction
-- keeps the values it replaced (src/store/correction.rs).

-- A cancelled dossier (đã huỷ) keeps its code and register number but never
-- counts: not in the report, not due, not overdue, no more steps.
ALTER TABLE dossier ADD COLUMN cancelled_at TEXT;
ALTER TABLE dossier ADD COLUMN cancel_reason TEXT;

-- One row per correction or cancellation, never changed. `before` and `after`
-- hold only the fields changed, shaped like the dossier's JSON
-- ({"applicant": {"name": …}, "note": …}); a cancellation records the status
-- it found and when it was cancelled.
CREATE TABLE dossier_correction (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('correct', 'cancel')),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    before      TEXT NOT NULL,            -- JSON object
    after       TEXT NOT NULL             -- JSON object
) STRICT;
CREATE INDEX dossier_correction_by_dossier ON dossier_correction (dossier_id, id);
-- A dossier is cancelled once.
CREATE UNIQUE INDEX dossier_correction_one_cancel ON dossier_correction (dossier_id)
    WHERE kind = 'cancel';
CREATE TRIGGER dossier_correction_no_update BEFORE UPDATE ON dossier_correction
BEGIN SELECT RAISE(ABORT, 'dossier_correction is append-only'); END;
CREATE TRIGGER dossier_correction_no_delete BEFORE DELETE ON dossier_correction
BEGIN SELECT RAISE(ABORT, 'dossier_correction is append-only'); END;
