-- Version 2: queue tickets (số thứ tự). Tickets stay on this PC: nothing about them
-- goes to the outbox, because the province's system has no use for them; the
-- audit log records every step.

-- Per-day, per-area ticket sequence: only ever goes up, and is advanced in the
-- transaction that stores the ticket, so a number never repeats.
CREATE TABLE ticket_sequence (
    day      TEXT NOT NULL,
    area     TEXT NOT NULL CHECK (length(area) = 1),
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (day, area)
) STRICT;

CREATE TABLE ticket (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL,              -- as printed: 'A-015', '2A-015'
    day             TEXT NOT NULL,              -- 'YYYY-MM-DD' of issue
    issued_area     TEXT NOT NULL CHECK (length(issued_area) = 1),
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    area            TEXT NOT NULL CHECK (length(area) = 1),   -- changes on transfer
    priority        TEXT CHECK (priority IN ('elderly', 'disabled', 'pregnant', 'child')),
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'skipped', 'done')),
    issued_at       TEXT NOT NULL,
    first_called_at TEXT,
    last_called_at  TEXT,
    completed_at    TEXT,
    counter_no      INTEGER CHECK (counter_no BETWEEN 1 AND 9),
    recalls         INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0),
    skips           INTEGER NOT NULL DEFAULT 0 CHECK (skips >= 0),
    transfers       INTEGER NOT NULL DEFAULT 0 CHECK (transfers >= 0),
    UNIQUE (day, issued_area, seq),
    UNIQUE (day, number)
) STRICT;
CREATE INDEX ticket_by_day_status ON ticket (day, status, area);

-- Dossiers received from a ticket's citizen (one visit may file several).
CREATE TABLE ticket_dossier (
    ticket_id    INTEGER NOT NULL REFERENCES ticket (id),
    dossier_code TEXT NOT NULL REFERENCES dossier (code),
    PRIMARY KEY (ticket_id, dossier_code)
) STRICT;

-- Every call of a ticket at a counter: 'next' (the queue chose it), 'again' (a
-- skipped ticket called specifically), 'recall' (announced again). The fairness
-- rule reads a counter's latest 'next' calls.
CREATE TABLE ticket_call (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id),
    day        TEXT NOT NULL,
    counter_no INTEGER NOT NULL CHECK (counter_no BETWEEN 1 AND 9),
    kind       TEXT NOT NULL CHECK (kind IN ('next', 'again', 'recall')),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_call_by_counter ON ticket_call (day, counter_no, kind, id);
