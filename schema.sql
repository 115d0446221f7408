-- Quầy database schema, version 1 (PRAGMA user_version = 1).
-- Later changes are appended as migrations in src/store/sql/migrations/, never edited here.
-- Times are local (Vietnam, UTC+7) ISO-8601 text without zone: 'YYYY-MM-DDTHH:MM:SS'.

-- Center settings and other small key/value state, values as JSON.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- This database's identity as a sync station: created once, never changed.
CREATE TABLE station (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    station_id  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Procedure catalog (danh mục TTHC). Rows are never deleted: a procedure left out of a
-- later import is deactivated, because stored dossiers keep referring to it.
CREATE TABLE procedure (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    field     TEXT NOT NULL,
    position  INTEGER NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    data      TEXT NOT NULL            -- the whole domain::catalog::Procedure as JSON
) STRICT;

-- Holiday calendar: only the days that differ from, or comment on, the weekday rule.
CREATE TABLE calendar_day (
    date     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    day_off  INTEGER CHECK (day_off IN (0, 1)),   -- NULL = UNKNOWN
    status   TEXT NOT NULL,
    note     TEXT NOT NULL
) STRICT;

-- Per-counter, per-day dossier sequence: only ever goes up, so a code never repeats.
CREATE TABLE dossier_sequence (
    day        TEXT NOT NULL,
    counter_no INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (day, counter_no)
) STRICT;

-- Sổ theo dõi hồ sơ: one book a year per counter, entries numbered from 1.
CREATE TABLE register_sequence (
    book       INTEGER NOT NULL,
    counter_no INTEGER NOT NULL,
    last_no    INTEGER NOT NULL,
    PRIMARY KEY (book, counter_no)
) STRICT;

CREATE TABLE dossier (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    procedure_code  TEXT NOT NULL,
    procedure_name  TEXT NOT NULL,
    field           TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    applicant_fold  TEXT NOT NULL,     -- name without diacritics, lower case, for search
    id_number       TEXT NOT NULL,
    phone           TEXT NOT NULL,
    address         TEXT NOT NULL,
    email           TEXT,
    channel         INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    received_at     TEXT NOT NULL,
    deadline_kind   TEXT NOT NULL CHECK (deadline_kind IN ('same_day', 'working_days')),
    deadline_days   INTEGER NOT NULL CHECK (deadline_days >= 0),
    due_at          TEXT NOT NULL,
    sets            INTEGER NOT NULL CHECK (sets BETWEEN 1 AND 99),
    fee_vnd         INTEGER NOT NULL CHECK (fee_vnd >= 0),
    result_delivery TEXT NOT NULL CHECK (result_delivery IN ('counter', 'post', 'online')),
    note            TEXT NOT NULL,
    status          INTEGER NOT NULL DEFAULT 2 CHECK (status BETWEEN 1 AND 10),
    counter_no      INTEGER NOT NULL,
    register_book   INTEGER NOT NULL,
    register_no     INTEGER NOT NULL,
    officer_name    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (counter_no, register_book, register_no)
) STRICT;
CREATE INDEX dossier_by_received ON dossier (received_at);
CREATE INDEX dossier_by_due ON dossier (due_at);
CREATE INDEX dossier_by_id_number ON dossier (id_number);

CREATE TABLE dossier_document (
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('original', 'copy', 'certified_copy', 'shown')),
    count      INTEGER NOT NULL CHECK (count BETWEEN 1 AND 99),
    PRIMARY KEY (dossier_id, position)
) STRICT;

-- Scanned files: the bytes live in the data directory under attachments/<sha256>.
CREATE TABLE attachment (
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    position   INTEGER NOT NULL,
    file_name  TEXT NOT NULL,
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    PRIMARY KEY (dossier_id, position)
) STRICT;

-- Every print or PDF save of a form; the first one of a form is the original,
-- every later one is marked "BẢN IN LẠI".
CREATE TABLE print_log (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    form       TEXT NOT NULL,           -- 'slip' (Mẫu 01)
    target     TEXT NOT NULL CHECK (target IN ('printer', 'pdf')),
    reprint    INTEGER NOT NULL CHECK (reprint IN (0, 1)),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
) STRICT;
CREATE INDEX print_log_by_dossier ON print_log (dossier_id, form);

-- Outbox: this station's append-only event sequence, read by sync. `seq` is the
-- per-station sequence number (AUTOINCREMENT: never reused, gap-free because rows
-- are never deleted); delivery state lives elsewhere so these rows never change.
CREATE TABLE outbox (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT NOT NULL UNIQUE,      -- UUIDv7
    kind           TEXT NOT NULL,             -- e.g. 'dossier.received'
    entity_key     TEXT NOT NULL,             -- e.g. the dossier code
    payload        TEXT NOT NULL,             -- JSON
    payload_version INTEGER NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;

-- Audit trail: who changed what, before and after. Append-only.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    before      TEXT,                      -- JSON or NULL
    after       TEXT                       -- JSON or NULL
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
