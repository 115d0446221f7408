-- quay-hub's own database, version 1 (PRAGMA user_version = 1).
-- What the hub holds of each station (docs/sync-protocol.md). Rows of
-- `event` and `rejection` are never changed: a replay must answer as before.

-- One row: this hub's identity and its Ed25519 secret key (64 hex digits),
-- created by the program at first start (SQLite has no random source).
CREATE TABLE hub (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    hub_id      TEXT NOT NULL,
    secret_key  TEXT NOT NULL CHECK (length(secret_key) = 64),
    created_at  TEXT NOT NULL
) STRICT;

-- Enrolled stations. `forget` clears the key but keeps the row and its
-- history, so a station that re-enrols with a new key (a reinstalled PC
-- restored from backup) continues where it was, and replays stay idempotent.
CREATE TABLE station (
    station_id     TEXT PRIMARY KEY,
    public_key     TEXT CHECK (public_key IS NULL OR length(public_key) = 64),
    name           TEXT NOT NULL DEFAULT '',
    agency_id      TEXT NOT NULL DEFAULT '',
    counter_no     INTEGER NOT NULL DEFAULT 0,
    enrolled_at    TEXT NOT NULL,
    -- Every event of this station with seq <= acked_through is settled:
    -- in `event` (stored) or in `rejection`.
    acked_through  INTEGER NOT NULL DEFAULT 0 CHECK (acked_through >= 0)
) STRICT, WITHOUT ROWID;

-- Events stored, exactly as the station sent them.
CREATE TABLE event (
    station_id       TEXT NOT NULL REFERENCES station (station_id),
    seq              INTEGER NOT NULL CHECK (seq >= 1),
    event_id         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    entity_key       TEXT NOT NULL,
    payload_version  INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    via              TEXT NOT NULL CHECK (via IN ('network', 'bundle')),
    PRIMARY KEY (station_id, seq)
) STRICT;

-- Events refused, with the reason the station shows its staff. A rejected
-- seq is settled too: it never appears in `event`.
CREATE TABLE rejection (
    station_id   TEXT NOT NULL REFERENCES station (station_id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    event_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    entity_key   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    code         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    rejected_at  TEXT NOT NULL,
    via          TEXT NOT NULL CHECK (via IN ('network', 'bundle')),
    PRIMARY KEY (station_id, seq)
) STRICT;

-- Dossiers the hub stored a `dossier.received` for: later changes to any
-- other dossier are `unknown_dossier`.
CREATE TABLE dossier (
    station_id  TEXT NOT NULL REFERENCES station (station_id),
    code        TEXT NOT NULL,
    first_seq   INTEGER NOT NULL,
    PRIMARY KEY (station_id, code)
) STRICT, WITHOUT ROWID;

-- Attachments named by stored events (for "missing blobs").
CREATE TABLE wanted_blob (
    station_id  TEXT NOT NULL REFERENCES station (station_id),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    seq         INTEGER NOT NULL,
    PRIMARY KEY (station_id, sha256)
) STRICT, WITHOUT ROWID;

-- Attachments held. Bytes live beside the database in `<db>.blobs/<sha256>`
-- (`<sha256>.part` while incomplete); `size` is the announced total.
CREATE TABLE blob (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL CHECK (size >= 0),
    complete     INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    received_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- What flows back (GET /v1/down), numbered per station 1, 2, 3 …
CREATE TABLE down_item (
    station_id  TEXT NOT NULL REFERENCES station (station_id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (station_id, seq)
) STRICT;

-- Procedure codes the hub publishes. Empty: any procedure is accepted.
CREATE TABLE catalog (
    code  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- The last catalog and calendar published, queued again for stations
-- enrolled later.
CREATE TABLE publication (
    kind          TEXT PRIMARY KEY CHECK (kind IN ('catalog.updated', 'calendar.updated')),
    csv           TEXT NOT NULL,
    published_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- End-of-day bundles imported (docs/bundle-format.md), by the file's SHA-256.
CREATE TABLE imported_bundle (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    station_id   TEXT NOT NULL REFERENCES station (station_id),
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    accepted     INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
