-- Version 7: delivery to the provincial system (docs/sync-protocol.md).
-- The outbox stays append-only; what the hub has settled lives here.

-- The station's Ed25519 secret key (64 hex digits). Created by the application
-- right after this migration (SQLite has no cryptographic random source).
ALTER TABLE station ADD COLUMN signing_key TEXT;

-- One row: how far the hub has settled this station's events, and what came back.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    -- Every outbox event with seq <= acked_through is settled at the hub
    -- (stored, or rejected and listed in sync_rejection).
    acked_through   INTEGER NOT NULL DEFAULT 0 CHECK (acked_through >= 0),
    -- The last item from the hub (GET /v1/down) applied here.
    down_through    INTEGER NOT NULL DEFAULT 0 CHECK (down_through >= 0),
    last_attempt_at TEXT,
    last_success_at TEXT,
    -- The last failure, in Vietnamese for the status bar; NULL after a success.
    last_error      TEXT,
    -- The hub's public key, learnt at enrolment or from the first acknowledgement file.
    hub_public_key  TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Quarantine: events the hub rejected. They never block the others; staff
-- resend one (a new outbox event with "resend_of") or set it aside.
CREATE TABLE sync_rejection (
    seq          INTEGER PRIMARY KEY REFERENCES outbox (seq),
    code         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    rejected_at  TEXT NOT NULL,
    resent_as    INTEGER REFERENCES outbox (seq),
    dismissed_at TEXT,
    dismissed_by TEXT,
    dismiss_note TEXT
) STRICT;

-- Attachments the hub holds complete, so they are not offered again.
CREATE TABLE sync_blob (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    delivered_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Items from the hub that could not be applied here (e.g. a status change the
-- lifecycle does not allow), kept for staff to see; never retried.
CREATE TABLE sync_down_problem (
    down_seq  INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    problem   TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;

-- Every end-of-day bundle written, for the sync screen and the audit.
CREATE TABLE sync_bundle (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    attachments INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_by_entity ON outbox (entity_key, seq);
