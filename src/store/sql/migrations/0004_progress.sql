-- Version 4: what happens to a dossier between receipt and return — supplement
-- requests with the paused clock (Mẫu 02), refusal (Mẫu 03), apology and new date
-- (Mẫu 04), transfers to other agencies (liên thông), payment requests, result
-- return — and the columns the reports read.

-- due_at stays the statutory due time, moved later by each supplement request by
-- exactly the working time the dossier waited for the citizen.
-- paused_at: set while a supplement request is open (status 5), the clock stopped.
-- finished_at: when processing ended (status 9, 7 or 8 reached); NULL while open.
-- returned_at: when the result was handed over (status 10).
-- apology_due_at: the new date promised in the apology letter (Mẫu 04); the
--   dossier still counts as late.
ALTER TABLE dossier ADD COLUMN paused_at TEXT;
ALTER TABLE dossier ADD COLUMN finished_at TEXT;
ALTER TABLE dossier ADD COLUMN returned_at TEXT;
ALTER TABLE dossier ADD COLUMN supplement_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier ADD COLUMN apology_due_at TEXT;

-- Dossiers already closed before this version: their end is their last change.
UPDATE dossier SET finished_at = (
    SELECT max(c.at) FROM dossier_status_change c
    WHERE c.dossier_id = dossier.id AND c.to_status IN (7, 8, 9))
WHERE status IN (7, 8, 9, 10);
UPDATE dossier SET returned_at = (
    SELECT max(c.at) FROM dossier_status_change c
    WHERE c.dossier_id = dossier.id AND c.to_status = 10)
WHERE status = 10;

-- Reports: dossiers ended or returned in a period, and those still open.
CREATE INDEX dossier_by_finished ON dossier (finished_at);
CREATE INDEX dossier_by_returned ON dossier (returned_at);

-- Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). remaining_minutes is the
-- working time (office minutes) left before the due time when the clock stopped;
-- negative when the dossier was already overdue.
CREATE TABLE dossier_supplement (
    id                INTEGER PRIMARY KEY,
    dossier_id        INTEGER NOT NULL REFERENCES dossier (id),
    requested_at      TEXT NOT NULL,
    items             TEXT NOT NULL,          -- JSON array of strings
    reason            TEXT NOT NULL,
    contact           TEXT NOT NULL,
    due_before        TEXT NOT NULL,
    remaining_minutes INTEGER NOT NULL,
    resumed_at        TEXT,
    due_after         TEXT,
    actor             TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_supplement_by_dossier ON dossier_supplement (dossier_id, id);

-- Phiếu từ chối tiếp nhận (Mẫu 03).
CREATE TABLE dossier_refusal (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossier (id),
    at         TEXT NOT NULL,
    reasons    TEXT NOT NULL,                 -- JSON array of strings
    actor      TEXT NOT NULL
) STRICT;

-- Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): once per dossier.
CREATE TABLE dossier_apology (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossier (id),
    at         TEXT NOT NULL,
    reason     TEXT NOT NULL,
    old_due_at TEXT NOT NULL,
    new_due_at TEXT NOT NULL,
    actor      TEXT NOT NULL
) STRICT;

-- Liên thông: the dossier sent to another agency (land registration office,
-- tax office…) and back. At most one transfer is open at a time.
CREATE TABLE dossier_transfer (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier (id),
    agency      TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    note        TEXT NOT NULL,
    back_at     TEXT,
    back_note   TEXT,
    actor       TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_transfer_by_dossier ON dossier_transfer (dossier_id, id);
CREATE UNIQUE INDEX dossier_transfer_one_open ON dossier_transfer (dossier_id) WHERE back_at IS NULL;

-- Yêu cầu thực hiện nghĩa vụ tài chính (status 6) and its payment.
CREATE TABLE dossier_payment (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossier (id),
    requested_at TEXT NOT NULL,
    description  TEXT NOT NULL,
    amount_vnd   INTEGER NOT NULL CHECK (amount_vnd >= 0),
    paid_at      TEXT,
    receipt_no   TEXT,
    actor        TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_payment_by_dossier ON dossier_payment (dossier_id, id);

-- How the result was handed over (status 10).
CREATE TABLE dossier_return (
    dossier_id    INTEGER PRIMARY KEY REFERENCES dossier (id),
    at            TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('counter', 'post', 'online')),
    tracking_no   TEXT NOT NULL,              -- post only, else ''
    receiver_name TEXT NOT NULL,
    actor         TEXT NOT NULL
) STRICT;
